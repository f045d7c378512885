import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import postgres from 'postgres';
import { ACCOUNTS } from './accounts';
import { e2eDatabaseUrl, e2eDataDir, expect, expectNoAxeViolations, test } from './fixtures';
import { FLOW_SCENARIOS, setUpProgramme } from './programmes-setup';
import { signIn } from './player-helpers';

// What an instructor may change about a trainee's record (reset an attempt, grant an extra one),
// always with a reason that the audit trail keeps; and what an admin can do for a trainee's
// privacy: download everything held about them, then erase them from every file (and, on
// PostgreSQL, every table).

async function filesUnder(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await filesUnder(full)));
		else if (entry.isFile()) out.push(full);
	}
	return out;
}

/** The tables of the shared database (PostgreSQL pass) with a row whose text holds a needle. */
async function tablesHolding(databaseUrl: string, needles: string[]): Promise<string[]> {
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	try {
		const tables = await sql<{ name: string }[]>`select table_name as name
			from information_schema.tables
			where table_schema = current_schema() and table_type = 'BASE TABLE'`;
		const hits: string[] = [];
		for (const { name } of tables) {
			const rows = await sql<{ text: string }[]>`select t::text as text from ${sql(name)} t`;
			if (rows.some((r) => needles.some((n) => r.text.includes(n)))) hits.push(`table ${name}`);
		}
		return hits;
	} finally {
		await sql.end();
	}
}

/** Every file of the store, and every table when the store is PostgreSQL, holding a needle. */
async function placesHolding(needles: string[]): Promise<string[]> {
	const hits: string[] = [];
	for (const file of await filesUnder(e2eDataDir())) {
		const text = await readFile(file, 'utf-8').catch(() => '');
		if (needles.some((n) => text.includes(n))) hits.push(file);
	}
	const databaseUrl = e2eDatabaseUrl();
	if (databaseUrl) hits.push(...(await tablesHolding(databaseUrl, needles)));
	return hits;
}

test(
	'reset and extra attempt with reasons; export and erasure of the trainee',
	{ tag: '@nojs' },
	async ({ browser }) => {
		test.setTimeout(180_000);
		const setup = await setUpProgramme(browser);
		const [trainee] = setup.trainees;
		const staff = setup.instructorPage;
		const assignment = setup.assignmentIds[FLOW_SCENARIOS[0].id];

		// Reset the attempt and grant one more, each with a reason.
		await staff.goto(`/cohorts/${setup.cohortId}/assignments/${assignment}`);
		const row = staff.getByRole('row').filter({ hasText: trainee.displayName });
		await row.locator('summary', { hasText: 'Reset' }).click();
		// Destructive: the wrong name is refused beside the button, and nothing changes.
		await row.getByLabel('Why reset it?').fill('Fire alarm during the session');
		await row.getByLabel(/^Type the trainee’s name/).fill('Someone Else');
		await row.getByRole('button', { name: 'Reset the attempt' }).click();
		await expect(row.getByRole('alert')).toContainText('Not reset: type the trainee’s name');
		await expect(row.getByText('reset', { exact: true })).toHaveCount(0);
		await row.getByLabel('Why reset it?').fill('Fire alarm during the session');
		await row.getByLabel(/^Type the trainee’s name/).fill(trainee.displayName);
		await row.getByRole('button', { name: 'Reset the attempt' }).click();
		await expect(staff.getByRole('status')).toContainText('The attempt was reset');
		await expect(row.getByText('reset', { exact: true })).toBeVisible();
		await row.getByLabel(/^Reason/).fill('Agreed extra practice');
		await row.getByRole('button', { name: /^Grant one/ }).click();
		await expect(staff.getByRole('status')).toContainText('One more attempt was granted');
		await expect(row).toContainText('3 left (1 extra granted)');
		await expect(row.getByRole('cell').nth(0)).toHaveText('Not started');
		await expectNoAxeViolations(staff);

		// A reason is required.
		// Three spaces pass the browser's minlength; the server still wants words.
		await row.getByLabel(/^Reason/).fill('   ');
		await row.getByRole('button', { name: /^Grant one/ }).click();
		await expect(staff.getByRole('alert')).toContainText('Give a reason');

		// The trainee detail page shows who did what and why.
		await staff.goto(
			`/cohorts/${setup.cohortId}/trainees/${await userIdOf(staff, setup.cohortId, trainee.displayName)}`
		);
		await expect(staff.getByRole('cell', { name: 'Fire alarm during the session' })).toBeVisible();
		await expect(staff.getByRole('cell', { name: 'Agreed extra practice' })).toBeVisible();
		await expect(
			staff.getByRole('cell', { name: 'Extra attempt granted (1 extra in all)' })
		).toBeVisible();

		// The trainee sees the assignment open again, with three attempts.
		const page = setup.traineePage;
		await page.goto('/');
		const item = page
			.getByRole('region', { name: 'Your assignments' })
			.getByRole('listitem')
			.filter({ hasText: FLOW_SCENARIOS[0].title });
		await expect(item).toContainText('3 attempts left.');
		await expect(item.getByText('Not started', { exact: true })).toBeVisible();

		// The admin downloads everything held about the trainee, then erases them.
		const admin = await (await browser.newContext()).newPage();
		await signIn(admin, ACCOUNTS.admin, '/admin');
		await admin.getByRole('link', { name: trainee.username, exact: true }).click();
		await expect(admin.getByRole('heading', { level: 1, name: trainee.displayName })).toBeVisible();
		await expectNoAxeViolations(admin);
		const [download] = await Promise.all([
			admin.waitForEvent('download'),
			admin.getByRole('link', { name: /^Download everything held about/ }).click()
		]);
		const exported = JSON.parse(await readFile((await download.path())!, 'utf-8'));
		expect(exported.user).toMatchObject({
			username: trainee.username,
			displayName: trainee.displayName,
			email: trainee.email
		});
		expect(exported.attempts[0]).toMatchObject({
			id: setup.attemptId,
			voided: { reason: 'Fire alarm during the session' }
		});
		expect(exported.attempts[0].events.length).toBe(setup.choices.length);
		expect(exported.audit.map((e: { action: string }) => e.action)).toEqual(
			expect.arrayContaining(['attempt.reset', 'assignment.grantAttempt', 'user.setPassword'])
		);

		const details = [trainee.username, trainee.displayName, trainee.email];
		expect(await placesHolding(details)).not.toEqual([]);
		// A destructive action: red, confirmed by typing the name, its refusal beside its button.
		const erase = admin.getByRole('form', { name: `Erase ${trainee.username}` });
		const eraseButton = erase.getByRole('button', { name: `Erase ${trainee.username}` });
		expect(await eraseButton.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
			'rgb(161, 38, 45)'
		);
		await erase.getByLabel(/^Type the username/).fill('wrong');
		await eraseButton.click();
		await expect(erase.getByRole('alert')).toContainText('to confirm');
		await expect(erase.getByRole('alert')).toBeInViewport();
		await expect(admin.getByRole('alert')).toHaveCount(1);
		await erase.getByLabel(/^Type the username/).fill(trainee.username);
		await eraseButton.click();
		await expect(admin.getByRole('status')).toContainText('The trainee was erased');
		await expect(admin.getByRole('heading', { level: 1, name: 'Erased trainee' })).toBeVisible();
		await expectNoAxeViolations(admin);
		expect(await placesHolding(details)).toEqual([]);

		// They are signed out and cannot sign in; their attempt still counts in the cohort, unnamed.
		await page.goto('/');
		await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
		await page.goto('/signin');
		await page.getByLabel('Username').fill(trainee.username);
		await page.getByLabel('Password').fill(trainee.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText('do not match');
		await staff.goto(`/cohorts/${setup.cohortId}/roster`);
		await expect(staff.getByRole('row').filter({ hasText: 'Erased trainee' })).toContainText(
			'Erased'
		);
		for (const p of [staff, page, admin]) await p.context().close();
	}
);

async function userIdOf(page: import('@playwright/test').Page, cohortId: string, name: string) {
	await page.goto(`/cohorts/${cohortId}/roster`);
	const href = await page.getByRole('link', { name, exact: true }).getAttribute('href');
	return href!.split('/').pop()!;
}
