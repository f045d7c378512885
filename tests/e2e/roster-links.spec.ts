import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNTS, seedAccounts } from './accounts';
import {
	e2eDatabaseUrl,
	expect,
	expectNoAxeViolations,
	startServer,
	test as base,
	type RunningServer
} from './fixtures';
import { signIn } from './player-helpers';
import { startMailServer, type MailServer } from '../support/mail-server';

// Set-password links after a roster import (issue 13): copy all (JavaScript), download as CSV
// (without JavaScript too), and mail when SMTP_URL is set; a used link says so. A server of this
// spec's own runs with SMTP_URL pointing at a real SMTP server (smtp-server) the test starts,
// so the mail travels over SMTP as in production.

const test = base.extend<object, { mail: MailServer; own: RunningServer }>({
	mail: [
		// eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter
		async ({}, use) => {
			const mail = await startMailServer();
			await use(mail);
			await mail.close();
		},
		{ scope: 'worker' }
	],
	own: [
		async ({ mail }, use) => {
			const dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-mail-'));
			// In the PostgreSQL pass, one more instance on the shared database.
			const databaseUrl = e2eDatabaseUrl();
			await seedAccounts({ dataDir, databaseUrl });
			const server = await startServer({
				dataDir,
				env: {
					DATABASE_URL: databaseUrl ?? '',
					SMTP_URL: mail.url,
					MAIL_FROM: 'Rapport <rapport@example.org>'
				},
				timeoutMs: 30_000
			});
			await use(server);
			await server.stop();
		},
		{ scope: 'worker' }
	],
	baseURL: async ({ own }, use) => use(own.url)
});

const instructor = ACCOUNTS.progInstructor;

async function cohortWithRoster(page: import('@playwright/test').Page, tag: string, csv: string) {
	await signIn(page, instructor, '/cohorts');
	await page.goto('/cohorts/new');
	await page.getByLabel('Name').fill(`Links ${tag}`);
	await page.getByRole('button', { name: 'Create the cohort' }).click();
	await expect(page.getByRole('heading', { level: 1, name: `Links ${tag}` })).toBeVisible();
	await page.getByRole('link', { name: /^Roster/ }).click();
	await page.getByLabel('Or paste the rows').fill(csv);
	await page.getByRole('button', { name: 'Preview the import' }).click();
	await page.getByRole('button', { name: 'Import these trainees' }).click();
	await expect(page.getByRole('status').first()).toContainText('Imported:');
}

test('after an import: copy all, mail each trainee their link, and a used link says so', async ({
	page,
	context,
	browser,
	mail
}) => {
	test.setTimeout(120_000);
	const tag = `${Date.now().toString(36)}`;
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	const csv = [
		'username,display name,email',
		`ann-${tag},Ann Archer,ann-${tag}@example.org`,
		`ben-${tag},Ben Bell,`,
		`cat-${tag},Cat Cole,cat-${tag}@example.org`
	].join('\n');
	await cohortWithRoster(page, tag, csv);
	const links = page.getByRole('region', { name: 'Set-password links to pass on' });
	await expect(links.getByRole('row')).toHaveCount(4);
	await expectNoAxeViolations(page);

	await links.getByRole('button', { name: 'Copy all links' }).click();
	await expect(links.getByRole('status')).toHaveText('Copied 3 links.');
	const copied = await page.evaluate(() => navigator.clipboard.readText());
	expect(copied.split('\n')).toHaveLength(3);
	expect(copied).toMatch(
		new RegExp(`^ann-${tag}\\tAnn Archer\\thttp://127\\.0\\.0\\.1:\\d+/set-password/`)
	);

	const waiting = page.getByRole('region', { name: 'Trainees waiting to set a password' });
	await expect(waiting).toContainText('3 trainees have not chosen a password yet');
	const before = mail.received.length;
	await waiting.getByRole('button', { name: 'Email each trainee their link' }).click();
	await expect(page.getByRole('status').first()).toContainText(
		'2 trainees were sent their own set-password link.'
	);
	await expect(page.getByRole('alert')).toContainText(`No email address, so no mail: ben-${tag}`);
	await expectNoAxeViolations(page);
	await expect.poll(() => mail.received.length).toBe(before + 2);
	const annMail = mail.received.slice(before).find((m) => m.to[0] === `ann-${tag}@example.org`)!;
	expect(annMail.text).toContain(`Your username is ann-${tag}.`);
	const url = /http:\/\/127\.0\.0\.1:\d+\/set-password\/[\w-]{43}/.exec(annMail.text)![0];

	// The trainee opens the link from the mail. A common password is refused with the reason.
	const trainee = await (await browser.newContext()).newPage();
	await trainee.goto(url);
	await expect(
		trainee.getByRole('heading', { level: 1, name: 'Choose your password' })
	).toBeVisible();
	await trainee.getByLabel('New password').fill('password123');
	await trainee.getByLabel('The same password again').fill('password123');
	await trainee.getByRole('button', { name: 'Set my password' }).click();
	await expect(trainee.getByRole('alert')).toContainText('one of the most common passwords');
	await expectNoAxeViolations(trainee);
	await trainee.getByLabel('New password').fill('a long passphrase for ann');
	await trainee.getByLabel('The same password again').fill('a long passphrase for ann');
	await trainee.getByRole('button', { name: 'Set my password' }).click();
	await expect(trainee.getByRole('status')).toContainText('Your password is set');

	// The same link again: it says it was used, and when.
	await trainee.goto(url);
	await expect(
		trainee.getByRole('heading', { name: 'This link has already been used' })
	).toBeVisible();
	await expect(trainee.getByRole('alert')).toContainText('This link was already used, on');
	await expectNoAxeViolations(trainee);
	await trainee.context().close();
});

test(
	'the links download as a CSV file, with or without JavaScript',
	{ tag: '@nojs' },
	async ({ page }, testInfo) => {
		test.setTimeout(120_000);
		const tag = `${testInfo.project.name}-${Date.now().toString(36)}`;
		const csv = [
			'username,display name,email',
			`dee-${tag},Dee Dale,`,
			`eve-${tag},"Eve, Evans",eve-${tag}@example.org`
		].join('\n');
		await cohortWithRoster(page, tag, csv);
		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Download their links (CSV)' }).click();
		const file = await download;
		expect(file.suggestedFilename()).toMatch(/set-password-links\.csv$/);
		const text = readFileSync((await file.path())!, 'utf8');
		const lines = text.trimEnd().split('\r\n');
		expect(lines[0]).toBe('username,display name,email,set-password link,works until');
		expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([`dee-${tag}`, `eve-${tag}`]);
		expect(lines[2]).toContain('"Eve, Evans"');
		// The page is still there to carry on with.
		await expect(page.getByRole('heading', { level: 1, name: 'Roster' })).toBeVisible();
	}
);

test('a large import answers without its links: they are a download', async ({ page }) => {
	test.setTimeout(120_000);
	const tag = Date.now().toString(36);
	const rows = Array.from({ length: 60 }, (_, i) => `big-${tag}-${i},Trainee ${i}`);
	await cohortWithRoster(page, tag, ['username,display name', ...rows].join('\n'));
	await expect(
		page.getByText('60 set-password links were made: too many to show here.')
	).toBeVisible();
	await expect(page.getByRole('region', { name: 'Set-password links to pass on' })).toHaveCount(0);
	expect(await page.content()).not.toContain('/set-password/');
	await expectNoAxeViolations(page);
});
