// Regenerates the README's screenshots (docs/screenshots/*.png): the play page, a debrief and a
// cohort dashboard, each at 360 and 1280 px wide. Runs the production build (`npm run build`
// first) on a throwaway store, seeded as the benchmarks seed it: a small cohort with attempts
// (bench/dashboard.ts makeBenchData) and one trainee who plays a scenario in the browser.
//
// Usage: npm run build && npx tsx scripts/screenshots.ts
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeBenchData } from '../bench/dashboard';
import { createAccount } from '../src/lib/server/auth/accounts';
import { openLowdbStore } from '../src/lib/server/store/lowdb/open';
import { startServer } from '../tests/e2e/server-process';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const CHROME = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WIDTHS = [360, 1280] as const;
const SCENARIO = 'coat-still-on';
const TRAINEE = { username: 'sam-okafor', password: 'a long passphrase for sam' };
const INSTRUCTOR = { username: 'dr-lind', password: 'a long passphrase for lind' };
// First names for the bench trainees, so the dashboard reads like a real cohort.
const NAMES = ['Ada', 'Bea', 'Cy', 'Dev', 'Eli', 'Fen', 'Gus', 'Hana', 'Ivo', 'Jun', 'Kai', 'Lea'];

async function seed(root: string) {
	// The bench data needs one scenario more than the library has (its versioned scenario is a
	// copy); all but four assignments are removed below so the dashboard shows a readable week's
	// work.
	const library = readdirSync(
		fileURLToPath(new URL('../src/lib/scenarios/library/', import.meta.url))
	);
	const scenarios = library.filter((f) => f.endsWith('.md')).length + 1;
	const data = await makeBenchData(root, { trainees: NAMES.length, scenarios, perScenario: 2 });
	const store = await openLowdbStore({
		dataDir: data.dataDir,
		purpose: 'screenshots seed',
		backupOnOpen: false
	});
	try {
		await createAccount(store, {
			...TRAINEE,
			role: 'trainee',
			displayName: 'Sam Okafor'
		});
		const instructor = await createAccount(store, {
			...INSTRUCTOR,
			role: 'instructor',
			displayName: 'Dr Maren Lind'
		});
		await store.updateCohort(data.cohortId, {
			name: 'Counselling skills, spring',
			instructorIds: [instructor.id]
		});
		const assignments = await store.listAssignments({ cohortId: data.cohortId });
		for (const a of assignments.slice(4)) await store.deleteAssignment(a.id);
		const cohort = await store.getCohort(data.cohortId);
		for (const [i, id] of (cohort?.memberIds ?? []).entries())
			await store.updateUser(id, { displayName: `${NAMES[i]} Trainee` });
	} finally {
		await store.close();
	}
	return data;
}

async function signIn(page: Page, account: { username: string; password: string }, next: string) {
	await page.goto(`/signin?next=${encodeURIComponent(next)}`);
	await page.getByLabel('Username').fill(account.username);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 20_000 });
}

async function shoot(
	browser: Browser,
	baseURL: string,
	name: string,
	url: string,
	state: string,
	prepare: (page: Page) => Promise<void> = async () => {},
	shots: { width: number; scheme: 'light' | 'dark' }[] = WIDTHS.map((width) => ({
		width,
		scheme: 'light'
	}))
) {
	for (const { width, scheme } of shots) {
		const context = await browser.newContext({
			baseURL,
			storageState: state,
			viewport: { width, height: width < 600 ? 780 : 900 },
			colorScheme: scheme
		});
		const page = await context.newPage();
		await page.goto(url, { waitUntil: 'networkidle' });
		await prepare(page);
		const file = join(OUT, `${name}-${width}${scheme === 'dark' ? '-dark' : ''}.png`);
		// The top of the page as a person first sees it; a full page would be unreadably tall.
		await page.screenshot({ path: file });
		console.log(`wrote ${file}`);
		await context.close();
	}
}

async function main() {
	const root = await mkdtemp(join(tmpdir(), 'rapport-screenshots-'));
	await mkdir(OUT, { recursive: true });
	const data = await seed(root);
	const server = await startServer({
		dataDir: data.dataDir,
		env: { NODE_ENV: 'production', SCENARIOS_DIR: data.scenariosDir },
		timeoutMs: 30_000
	});
	const browser = await chromium.launch({ executablePath: CHROME, args: ['--disable-gpu'] });
	try {
		const statePath = (who: string) => join(root, `${who}.json`);

		// The trainee: a practice attempt two choices in (the play page), then played to its end.
		const trainee = await (await browser.newContext({ baseURL: server.url })).newPage();
		await signIn(trainee, TRAINEE, `/scenarios/${SCENARIO}`);
		await trainee.context().storageState({ path: statePath('trainee') });
		await trainee.getByRole('button', { name: 'Start the session' }).click();
		await trainee.waitForURL(/\/attempts\/[^/?#]+$/);
		const attemptUrl = new URL(trainee.url()).pathname;
		const choices = trainee
			.getByRole('region', { name: 'What do you say?' })
			.getByRole('listitem')
			.getByRole('button');
		const debrief = trainee.getByRole('region', { name: /^Debrief: / });
		const you = trainee
			.getByRole('list', { name: 'Transcript' })
			.getByText('You:', { exact: true });
		for (let made = 0; made < 2; made++) {
			await choices.first().click();
			await you.nth(made).waitFor();
		}
		// The play page at the latest exchange: the client's turn, the trainee's, its feedback and
		// the next choices, as a trainee sees it mid-session.
		const atLatest = async (page: Page) => {
			await page
				.getByRole('list', { name: 'Transcript' })
				.getByRole('listitem')
				.nth(1)
				.evaluate((entry) => entry.scrollIntoView({ block: 'start' }));
		};
		await shoot(browser, server.url, 'play', attemptUrl, statePath('trainee'), atLatest);
		// And once in the dark palette (prefers-color-scheme: dark).
		await shoot(browser, server.url, 'play', attemptUrl, statePath('trainee'), atLatest, [
			{ width: 1280, scheme: 'dark' }
		]);
		for (let made = 2; ; made++) {
			// The next choices or the debrief, whichever the last choice led to.
			await Promise.race([choices.first().waitFor(), debrief.waitFor()]);
			if (await debrief.isVisible()) break;
			if (made > 30) throw new Error('screenshots: the scenario did not end within 30 choices');
			await choices.first().click();
			await Promise.race([you.nth(made).waitFor(), debrief.waitFor()]);
		}
		await shoot(browser, server.url, 'debrief', attemptUrl, statePath('trainee'));

		const staff = await (await browser.newContext({ baseURL: server.url })).newPage();
		await signIn(staff, INSTRUCTOR, `/cohorts/${data.cohortId}/dashboard`);
		await staff.context().storageState({ path: statePath('instructor') });
		await shoot(
			browser,
			server.url,
			'dashboard',
			`/cohorts/${data.cohortId}/dashboard`,
			statePath('instructor')
		);
	} finally {
		await browser.close();
		await server.stop();
		await rm(root, { recursive: true, force: true });
	}
}

await main();
