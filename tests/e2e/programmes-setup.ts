// Gets a programme to the point where "a trainee completed an assessment", through the browser as
// its people would: an instructor makes a cohort, imports a roster from a CSV file, assigns two
// scenarios; a new trainee opens their set-password link, signs in, and finishes one of the
// assignments in assessment mode. programmes-flow.spec.ts checks each step; other specs (the
// dashboard and exports) call `setUpProgramme` to start from there.
import type { Browser, Page } from '@playwright/test';
import { ACCOUNTS, type E2eAccount } from './accounts';
import { expect } from './fixtures';

export const FLOW_SCENARIOS = [
	{ id: 'coat-still-on', title: 'Coat still on' },
	{ id: 'camera-off', title: 'Camera off' }
] as const;

export interface FlowTrainee {
	username: string;
	displayName: string;
	email: string;
	password: string;
}

export interface ProgrammeSetup {
	/** A suffix unique to this run, in the cohort name and the trainees' usernames. */
	tag: string;
	cohortId: string;
	cohortName: string;
	instructor: E2eAccount;
	/** Everyone on the roster; `trainees[0]` set a password and completed the assessment. */
	trainees: FlowTrainee[];
	/** The set-password link of each trainee, by username (only the first was used). */
	links: Record<string, string>;
	assignmentTitle: string;
	/** The assignment id of each scenario in FLOW_SCENARIOS. */
	assignmentIds: Record<string, string>;
	/** The completed assessment attempt of `trainees[0]` (on FLOW_SCENARIOS[0]). */
	attemptId: string;
	/** The choices it made, in order (their visible text). */
	choices: string[];
	/** Signed-in pages, left open for the caller to carry on with (closed by closing their context). */
	instructorPage: Page;
	traineePage: Page;
}

export interface SetUpOptions {
	/** Called on every page the flow visits, e.g. `(page) => expectNoAxeViolations(page)`. */
	check?: (page: Page, step: string) => Promise<void>;
	instructor?: E2eAccount;
}

async function signIn(page: Page, username: string, password: string, next = '/') {
	await page.goto(`/signin?next=${encodeURIComponent(next)}`);
	await page.getByLabel('Username').fill(username);
	await page.getByLabel('Password').fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	// Argon2 takes a while on a busy two-core machine: allow more than the default 5 s.
	await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Sign out', {
		timeout: 15_000
	});
}

export function rosterCsv(trainees: readonly FlowTrainee[]): string {
	const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
	const rows = trainees.map((t) => [t.username, t.displayName, t.email].map(quote).join(','));
	return `\uFEFFusername,display name,email\r\n${rows.join('\r\n')}\r\n`;
}

export async function setUpProgramme(
	browser: Browser,
	{ check = async () => {}, instructor = ACCOUNTS.progInstructor }: SetUpOptions = {}
): Promise<ProgrammeSetup> {
	const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
	const cohortName = `Counselling skills ${tag}`;
	const trainees: FlowTrainee[] = ['ada', 'bea', 'cy'].map((name, i) => ({
		username: `flow-${name}-${tag}`,
		displayName: [`Ada Lovelace ${tag}`, `Béatrice "Bea" Dubois ${tag}`, `Cy Young, Jr ${tag}`][i],
		email: `${name}-${tag}@example.org`,
		password: `a long passphrase for ${name}`
	}));

	// The instructor: a cohort, its roster from a CSV file, and two assigned scenarios.
	const staff = await (await browser.newContext()).newPage();
	await signIn(staff, instructor.username, instructor.password, '/cohorts');
	await expect(staff.getByRole('heading', { level: 1, name: 'Cohorts' })).toBeVisible();
	await check(staff, 'cohorts');
	await staff.getByRole('link', { name: 'New cohort' }).click();
	await check(staff, 'new cohort');
	await staff.getByLabel('Name').fill(cohortName);
	await staff.getByRole('button', { name: 'Create the cohort' }).click();
	await expect(staff.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
	const cohortId = /\/cohorts\/([^/?#]+)$/.exec(staff.url())![1];
	await check(staff, 'cohort overview');

	await staff.getByRole('link', { name: /^Roster/ }).click();
	await expect(staff.getByRole('heading', { level: 1, name: 'Roster' })).toBeVisible();
	await check(staff, 'roster (empty)');
	await staff.getByLabel('CSV file', { exact: true }).setInputFiles({
		name: 'roster.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from(rosterCsv(trainees), 'utf-8')
	});
	await staff.getByRole('button', { name: 'Preview the import' }).click();
	await expect(staff.getByRole('heading', { name: 'Check the import' })).toBeVisible();
	await expect(
		staff.getByText('3 new accounts, 0 existing accounts to add, 0 already on the roster.')
	).toBeVisible();
	await check(staff, 'roster preview');
	await staff.getByRole('button', { name: 'Import these trainees' }).click();
	const linksTable = staff
		.getByRole('region', { name: 'Set-password links to pass on' })
		.getByRole('table');
	await expect(linksTable.getByRole('row')).toHaveCount(4);
	const links: Record<string, string> = {};
	for (const t of trainees) {
		const row = linksTable.getByRole('row').filter({ hasText: t.username });
		links[t.username] = (await row.locator('code').innerText()).trim();
	}
	await check(staff, 'roster imported');

	await staff.getByRole('link', { name: cohortName }).click();
	await staff.getByRole('link', { name: 'Assign scenarios' }).first().click();
	await expect(staff.getByRole('heading', { level: 1, name: 'Assign scenarios' })).toBeVisible();
	await check(staff, 'assign');
	for (const s of FLOW_SCENARIOS)
		await staff.getByRole('checkbox', { name: new RegExp(`^${s.title}`) }).check();
	const assignmentTitle = `Week 1 ${tag}`;
	await staff.getByLabel(/^Title/).fill(assignmentTitle);
	await staff.getByRole('radio', { name: /^Assessment/ }).check();
	await staff.getByLabel(/^Attempt limit/).fill('2');
	await staff.getByRole('button', { name: 'Assign' }).click();
	await expect(staff.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
	const assignmentIds: Record<string, string> = {};
	for (const s of FLOW_SCENARIOS) {
		const href = await staff.getByRole('link', { name: s.title, exact: true }).getAttribute('href');
		assignmentIds[s.id] = /\/assignments\/([^/?#]+)$/.exec(href ?? '')![1];
	}
	await check(staff, 'cohort with assignments');

	// The first trainee: set a password from the link, sign in, and complete an assessment.
	const [trainee] = trainees;
	const page = await (await browser.newContext()).newPage();
	await page.goto(links[trainee.username]);
	await expect(page.getByRole('heading', { level: 1, name: 'Choose your password' })).toBeVisible();
	await check(page, 'set password');
	await page.getByLabel('New password').fill(trainee.password);
	await page.getByLabel('The same password again').fill(trainee.password);
	await page.getByRole('button', { name: 'Set my password' }).click();
	await expect(page.getByRole('status')).toContainText('Your password is set');
	await check(page, 'password set');

	await signIn(page, trainee.username, trainee.password, '/');
	const assignments = page.getByRole('region', { name: 'Your assignments' });
	await expect(assignments.getByRole('listitem')).toHaveCount(2);
	await check(page, 'home with assignments');
	await assignments.getByRole('button', { name: `Start ${FLOW_SCENARIOS[0].title}` }).click();
	await expect(page).toHaveURL(/\/attempts\/[^/?#]+$/);
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Assessment');
	const attemptId = /\/attempts\/([^/?#]+)$/.exec(page.url())![1];
	await check(page, 'assessment');

	const debrief = page.getByRole('region', { name: /^Debrief: / });
	const choiceButtons = page
		.getByRole('region', { name: 'What do you say?' })
		.getByRole('listitem')
		.getByRole('button');
	const choices: string[] = [];
	while (!(await debrief.isVisible())) {
		expect(choices.length).toBeLessThan(25);
		const button = choiceButtons.first();
		choices.push((await button.innerText()).replace(/^\d+\s*/, '').trim());
		await button.click();
		await expect(
			page.getByRole('list', { name: 'Transcript' }).getByText('You:', { exact: true })
		).toHaveCount(choices.length);
	}
	await expect(
		debrief.getByText(/^(Passed|Not yet passed) \(pass mark \d+%, the (scenario|assignment)’s\)\.$/)
	).toBeVisible();
	await check(page, 'debrief');

	return {
		tag,
		cohortId,
		cohortName,
		instructor,
		trainees,
		links,
		assignmentTitle,
		assignmentIds,
		attemptId,
		choices,
		instructorPage: staff,
		traineePage: page
	};
}
