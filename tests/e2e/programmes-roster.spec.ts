import { ACCOUNTS } from './accounts';
import { expect, expectNoAxeViolations, test } from './fixtures';
import { formPost, signIn, signInCookie } from './player-helpers';

// Bad roster files in the browser, with and without JavaScript: each gets a clear report and
// nothing is written. (The row-by-row rules are unit tested in tests/unit/programmes.)

test.describe.configure({ mode: 'serial' });

const instructor = ACCOUNTS.progInstructor;

async function newCohort(page: import('@playwright/test').Page, name: string) {
	await page.goto('/cohorts/new');
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Create the cohort' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await page.getByRole('link', { name: /^Roster/ }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Roster' })).toBeVisible();
}

async function upload(page: import('@playwright/test').Page, name: string, buffer: Buffer) {
	await page
		.getByLabel('CSV file', { exact: true })
		.setInputFiles({ name, mimeType: 'text/csv', buffer });
	await page.getByRole('button', { name: 'Preview the import' }).click();
}

test(
	'bad roster files get a clear report and change nothing',
	{ tag: '@nojs' },
	async ({ page }, testInfo) => {
		test.setTimeout(120_000);
		await signIn(page, instructor, '/cohorts');
		await newCohort(page, `Bad files ${testInfo.project.name} ${Date.now()}`);
		const trainees = page.getByRole('heading', { name: /^Trainees \(/ });
		await expect(trainees).toHaveText('Trainees (0)');

		// 20 MB: refused before the server reads it.
		await upload(page, 'huge.csv', Buffer.alloc(20 * 1024 * 1024, 'a'));
		await expect(page.getByRole('alert')).toContainText(
			'The file is too large: the limit is 500 KB'
		);
		await expectNoAxeViolations(page);

		// 10,000 rows: under the byte limit, over the row limit.
		const rows = Array.from({ length: 10_000 }, (_, i) => `r${i},R ${i}`);
		await upload(page, 'many.csv', Buffer.from(['username,name', ...rows].join('\n')));
		await expect(page.getByRole('alert')).toContainText('10,000 rows; at most 5,000');

		// Wrong columns.
		await upload(page, 'columns.csv', Buffer.from('login name,surname\nann,Archer\n'));
		await expect(page.getByRole('alert')).toContainText('The first row must name the columns');

		// Latin-1 bytes, a duplicate and a bad username: every row reported with its line.
		const mixed = Buffer.concat([
			Buffer.from('username,display name,email\nok-one,Fine,\n'),
			Buffer.from([0x7a, 0x6f, 0x65, 0x2c, 0x5a, 0x6f, 0xeb, 0x2c, 0x0a]),
			Buffer.from('ok-one,Again,\nBad Name!,X,\n')
		]);
		await upload(page, 'mixed.csv', mixed);
		await expect(page.getByRole('alert')).toContainText('Nothing was imported');
		await expect(page.getByRole('alert')).toContainText('not UTF-8');
		const table = page.getByRole('alert').getByRole('table');
		await expect(table.getByRole('row')).toHaveCount(2);
		await expect(table.getByRole('rowheader')).toHaveText(['3']);
		await expectNoAxeViolations(page);

		// Fixing the encoding still leaves the duplicate and the bad username, by line.
		await upload(
			page,
			'mixed2.csv',
			Buffer.from(
				'username,display name,email\nok-one,Fine,\nzoe,Zoë,\nok-one,Again,\nBad Name!,X,\n'
			)
		);
		await expect(table.getByRole('rowheader')).toHaveText(['4', '5']);
		await expect(page.getByRole('button', { name: 'Import these trainees' })).toHaveCount(0);

		await page.goto(new URL(page.url()).pathname);
		await expect(trainees).toHaveText('Trainees (0)');
	}
);

test('a roster file with only its header is a form error: no rows to import', async ({
	baseURL,
	page
}) => {
	// Issue 18, defect 8: it used to "import" with a 200 and "0 accounts created".
	await signIn(page, instructor, '/cohorts');
	await newCohort(page, `Header only ${Date.now()}`);
	const cohortPath = new URL(page.url()).pathname;
	await upload(page, 'header.csv', Buffer.from('\uFEFFusername,display name,email\r\n'));
	await expect(page.getByRole('alert')).toContainText('there are no trainees in it to import');
	await expect(page.getByRole('button', { name: 'Import these trainees' })).toHaveCount(0);
	await expectNoAxeViolations(page);

	// Posted straight to either action (no preview first), the answer is a 400 form error.
	const cookie = await signInCookie(baseURL!, instructor);
	for (const action of ['preview', 'import']) {
		const response = await formPost(baseURL!, `${cohortPath}?/${action}`, cookie, {
			text: 'username,display name,email\n'
		});
		expect(response.status, action).toBe(400);
		expect(await response.text(), action).toContain('there are no trainees in it to import');
	}
	await page.goto(cohortPath);
	await expect(page.getByRole('heading', { name: /^Trainees \(/ })).toHaveText('Trainees (0)');
});
