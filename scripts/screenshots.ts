// Regenerates the screenshots in the README and docs (docs/screenshots/*.png): the play page, a
// debrief and a cohort dashboard, each at 360 and 1280 px wide; the debrief's prediction answered;
// `/practice` and a drill asking "Say it your way first"; and the studio (a draft with one
// problem, its preview from a middle beat and its history). Runs the production build
// (`npm run build` first) on a throwaway store, seeded as the benchmarks seed it: a small cohort
// with attempts (bench/dashboard.ts makeBenchData), one trainee who plays a scenario in the
// browser and one instructor who writes a draft in the studio. Which drills are due depends on
// the path played (its choices are shuffled per attempt), so they differ from run to run.
//
// Usage: npm run build && npx tsx scripts/screenshots.ts
// The server listens on SCREENSHOTS_PORT, or on a free port when it is unset.
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
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

/** The studio's new-draft text, titled, with one beat nothing leads to (one warning, RAP014). */
function draftText(template: string): string {
	return template
		.replace('title: Untitled scenario', 'title: Running late')
		.replace(
			'summary: One sentence on what the trainee practises here.',
			'summary: Sam arrives flustered and withdraws when rushed.'
		)
		.replace(
			'## End {#end}',
			[
				'## Later {#later}',
				'',
				'**Sam:** Can I ask you something before we finish?',
				'',
				'- "Of course." -> end',
				'  scores: safe-space +1',
				'  feedback: Leaves the door open.',
				'',
				'## End {#end}'
			].join('\n')
		);
}

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

/** Prepares a shot by scrolling what `find` finds to the top (or bottom) of the window. */
function scrolledTo(find: (page: Page) => Locator, block: 'start' | 'end' = 'start') {
	return async (page: Page) => {
		await find(page).evaluate((element, block) => element.scrollIntoView({ block }), block);
	};
}

async function shoot(
	browser: Browser,
	baseURL: string,
	name: string,
	url: string,
	state: string,
	prepare: (page: Page) => Promise<void> = async () => {},
	// A height for a page whose story does not fit the usual window (the studio's).
	shots: { width: number; scheme: 'light' | 'dark'; height?: number }[] = WIDTHS.map((width) => ({
		width,
		scheme: 'light'
	}))
) {
	for (const { width, scheme, height } of shots) {
		const context = await browser.newContext({
			baseURL,
			storageState: state,
			viewport: { width, height: height ?? (width < 600 ? 780 : 900) },
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
		port: Number(process.env.SCREENSHOTS_PORT) || undefined,
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
		const atLatest = scrolledTo((page) =>
			page.getByRole('list', { name: 'Transcript' }).getByRole('listitem').nth(1)
		);
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

		// The client's rating, predicted first: the trainee guesses high (the common error), and the
		// debrief reads the gap.
		const rating = debrief.getByRole('group', { name: /how do you think .* rated/ });
		await rating.getByRole('radio', { name: '9', exact: true }).check();
		await debrief.getByRole('button', { name: 'Save my prediction' }).click();
		await debrief.getByRole('region', { name: 'Your prediction' }).waitFor();
		await shoot(
			browser,
			server.url,
			'predict',
			attemptUrl,
			statePath('trainee'),
			scrolledTo((page) => page.getByRole('heading', { name: /rating of the session$/ })),
			[{ width: 1280, scheme: 'light' }]
		);

		// Practice: with no drill played yet, the day's new drills are due.
		await shoot(browser, server.url, 'practice', '/practice', statePath('trainee'));
		await trainee.goto('/practice');
		await trainee.getByRole('button', { name: 'Start practice' }).click();
		await trainee.waitForURL(/\/attempts\/[^/?#]+$/);
		// A drill asks for the trainee's own words before it shows the choices. The box is left
		// empty: which drills are due depends on the path played above (its choices are shuffled).
		await shoot(
			browser,
			server.url,
			'practice-say',
			new URL(trainee.url()).pathname,
			statePath('trainee'),
			async () => {},
			[{ width: 1280, scheme: 'light' }]
		);

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

		// The studio: a draft with one problem (a beat nothing leads to), saved as a second
		// revision, so the history has a change to show.
		await staff.goto('/studio');
		await staff.getByRole('button', { name: 'New scenario' }).click();
		await staff.waitForURL(/\/studio\/[A-Za-z0-9_-]+$/);
		const draftUrl = new URL(staff.url()).pathname;
		// With JavaScript the label names the code editor; the form's textarea holds the text.
		const template = await staff.locator('textarea[name=source]').inputValue();
		await staff.getByLabel('Scenario source').fill(draftText(template));
		await staff.getByRole('button', { name: 'Save draft' }).click();
		await staff.getByText('Saved as revision 2').first().waitFor();
		// The problem chosen in the Problems list, so the editor shows its line, underlined, with the
		// cursor on it; below, the list, the map (that beat dotted grey) and the checks.
		const studioAtProblem = async (page: Page) => {
			// The map is laid out in the browser after the page loads.
			await page.getByRole('group', { name: 'Map of the draft' }).waitFor();
			await page.getByRole('region', { name: 'Problems' }).getByRole('button').click();
			await page.locator('.cm-line', { hasText: '## Later {#later}' }).waitFor();
			// On a phone, the editor's foot and the Problems list beneath it.
			if ((page.viewportSize()?.width ?? 0) < 600)
				await scrolledTo((p) => p.getByRole('region', { name: 'Problems' }), 'end')(page);
			else await scrolledTo((p) => p.locator('#draft-form'))(page);
		};
		await shoot(browser, server.url, 'studio', draftUrl, statePath('instructor'), studioAtProblem, [
			{ width: 360, scheme: 'light' },
			{ width: 1280, scheme: 'light', height: 1800 }
		]);

		// The preview, started at the rupture with trust low, one choice in.
		await staff.goto(`${draftUrl}/preview`);
		// "Where to start" is open on a preview with no choice made yet.
		await staff.getByLabel('Start at').selectOption('quiet');
		await staff.getByLabel(/^trust/).fill('1');
		await staff.getByRole('button', { name: 'Start preview' }).click();
		await staff.getByText(/I don.t know\. It.s fine\./).waitFor();
		await staff
			.getByRole('region', { name: 'What do you say?' })
			.getByRole('button', { name: /I may have pushed/ })
			.click();
		await staff.getByText('Names the moment and owns a part of it.').waitFor();
		const preview = new URL(staff.url());
		await shoot(
			browser,
			server.url,
			'studio-preview',
			preview.pathname + preview.search,
			statePath('instructor'),
			async () => {},
			[{ width: 1280, scheme: 'light' }]
		);
		await shoot(
			browser,
			server.url,
			'studio-history',
			`${draftUrl}/history`,
			statePath('instructor'),
			async () => {},
			[{ width: 1280, scheme: 'light' }]
		);
	} finally {
		await browser.close();
		await server.stop();
		await rm(root, { recursive: true, force: true });
	}
}

await main();
