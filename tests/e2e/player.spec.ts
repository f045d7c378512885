import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ACCOUNTS, seedAccounts } from './accounts';
import { e2eDatabaseUrl, expect, expectNoAxeViolations, startServer, test } from './fixtures';
import { horizontalOverflow, savedOrDebrief, tabTo } from './player-helpers';

// The trainee's loop in the browser: catalogue, intro, play with feedback, rewind, debrief,
// what-if, assessment, progress; then surviving a server crash and a phone-sized screen.
// Each attempt shows its choices in its own shuffled order, so a test that needs a fixed path
// picks by the alphabetical rank of the texts (byRank), which holds whatever the order and
// whatever the library's wording.

const SCENARIO = { id: 'coat-still-on', title: 'Coat still on', client: 'Maya' };
const account = ACCOUNTS.player;
const VERDICT = /^(Helpful|Mixed|Unhelpful)$/;

const transcript = (page: Page) => page.getByRole('list', { name: 'Transcript' });
/** The trainee's own lines in the transcript ("You: ..."). */
const responses = (page: Page) => transcript(page).getByText('You:', { exact: true });
const choicesRegion = (page: Page) => page.getByRole('region', { name: 'What do you say?' });
const choiceButtons = (page: Page) => choicesRegion(page).getByRole('listitem').getByRole('button');
const debriefRegion = (page: Page) => page.getByRole('region', { name: /^Debrief: / });
/**
 * With JavaScript a practice choice shows at once and is saved in the background; the debrief
 * comes once the server has scored the ending. Waits until the choice is saved, or the debrief
 * is shown.
 */
const scenarioMap = (page: Page) =>
	debriefRegion(page).getByRole('group', { name: `Map of ${SCENARIO.title}` });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each map label's size on screen: its font size times the SVG's scale (never shrunk to fit). */
function mapLabelSizes(page: Page): Promise<number[]> {
	return scenarioMap(page)
		.locator('text')
		.evaluateAll((texts) =>
			texts.map((t) => {
				const m = (t as SVGGraphicsElement).getScreenCTM()!;
				return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
			})
		);
}

/** Labels whose drawn text spills out of their box (a label must wrap, never overflow). */
function labelsOutsideTheirBoxes(page: Page): Promise<string[]> {
	return scenarioMap(page)
		.locator('text')
		.evaluateAll((texts) =>
			texts.flatMap((t) => {
				const box = t.parentElement!.querySelector('rect:not(.ring)')!.getBoundingClientRect();
				const text = t.getBoundingClientRect();
				const inside =
					text.left >= box.left &&
					text.right <= box.right &&
					text.top >= box.top &&
					text.bottom <= box.bottom;
				return inside ? [] : [t.textContent ?? ''];
			})
		);
}

async function choiceTexts(page: Page): Promise<string[]> {
	// Each button reads `1 “text”`: the number key, then the response in quotes.
	return (await choiceButtons(page).allInnerTexts()).map((t) =>
		t
			.replace(/^\d+\s*/, '')
			.trim()
			.replace(/^“|”$/g, '')
	);
}

/**
 * The 1-based position of the offered response whose text comes `rank`-th alphabetically: the
 * same response whatever order the attempt shows them in, so the path is fixed.
 */
async function byRank(page: Page, rank = 0): Promise<number> {
	const offered = await choiceTexts(page);
	const sorted = [...offered].sort((a, b) => a.localeCompare(b));
	return offered.indexOf(sorted[Math.min(rank, sorted.length - 1)]) + 1;
}

/** Signs in with the keyboard alone: Tab to each field, type, Enter. */
async function signInByKeyboard(page: Page) {
	await page.goto('/signin?next=/scenarios');
	await expectNoAxeViolations(page);
	await tabTo(page, page.getByLabel('Username'));
	await page.keyboard.type(account.username);
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Password')).toBeFocused();
	await page.keyboard.type(account.password);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/scenarios$/);
	await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(account.displayName);
}

/**
 * Picks the n-th offered response (1-based) with the keyboard: its number key when JavaScript
 * runs, otherwise Tab to its button and Enter (a plain form post).
 */
async function pickByKeyboard(page: Page, n: number, js: boolean) {
	const before = await responses(page).count();
	if (js) {
		await page.keyboard.press(String(n));
	} else {
		// Backwards from the end of the page: the choices are the last controls before the footer.
		await tabTo(page, choiceButtons(page).nth(n - 1), { backwards: true });
		await page.keyboard.press('Enter');
	}
	await expect(responses(page)).toHaveCount(before + 1);
}

test(
	'practice with the keyboard only: feedback, one rewind, the debrief, and a what-if',
	{ tag: '@nojs' },
	async ({ page, axe }, testInfo) => {
		// A whole session, with axe on each page: longer than the default 30 s on two cores.
		test.setTimeout(120_000);
		const js = testInfo.project.use.javaScriptEnabled !== false;
		await signInByKeyboard(page);
		await expect(page.getByRole('heading', { level: 1, name: 'Scenarios' })).toBeVisible();
		await axe.expectNoAxeViolations();

		await tabTo(page, page.getByRole('link', { name: SCENARIO.title, exact: true }));
		await page.keyboard.press('Enter');
		await expect(page.getByRole('heading', { level: 1, name: SCENARIO.title })).toBeVisible();
		await expect(page.getByRole('radio', { name: /^Practice/ })).toBeChecked();
		await axe.expectNoAxeViolations();

		await tabTo(page, page.getByRole('button', { name: 'Start the session' }));
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/attempts\/[^/?]+/);
		const attemptUrl = page.url().replace(/\?.*$/, '');
		await expect(page.getByRole('heading', { level: 1 })).toContainText(
			`Session with ${SCENARIO.client}`
		);
		await expect(responses(page)).toHaveCount(0);
		await expect(page.getByRole('region', { name: 'How the client is feeling' })).toBeVisible();

		const chosen: string[] = [];
		let atSecond: string[] = [];
		let rewound = false;
		for (let decision = 1; decision <= 25; decision++) {
			if (await debriefRegion(page).isVisible()) break;
			const offered = await choiceTexts(page);
			expect(offered.length, `choices at decision ${decision}`).toBeGreaterThan(0);
			if (decision === 2) atSecond = offered;

			const first = await byRank(page);
			await pickByKeyboard(page, first, js);
			if (js) await savedOrDebrief(page);
			if (await debriefRegion(page).isVisible()) {
				chosen.push(offered[first - 1]);
				break;
			}
			// Practice: the verdict and feedback of this choice show at once, with the meters.
			const latest = transcript(page).getByRole('listitem').filter({ hasText: 'You:' }).last();
			await expect(latest.getByRole('heading', { name: VERDICT })).toBeVisible();
			await expect(latest.getByText('Principles:')).toBeVisible();
			await expect(page.getByRole('region', { name: 'How the client is feeling' })).toBeVisible();
			if (js) await expect(page.locator('#latest-feedback')).toBeFocused();
			if (decision === 1) await axe.expectNoAxeViolations();

			if (decision === 3 && !rewound) {
				// Take it back and answer differently.
				await tabTo(page, page.getByRole('button', { name: 'Try another response' }), {
					backwards: !js
				});
				await page.keyboard.press('Enter');
				await expect(responses(page)).toHaveCount(2);
				expect(await choiceTexts(page)).toEqual(offered);
				if (js) await expect(page.getByRole('heading', { name: 'What do you say?' })).toBeFocused();
				rewound = true;
				const second = await byRank(page, 1);
				await pickByKeyboard(page, second, js);
				if (js) await savedOrDebrief(page);
				chosen.push(offered[second - 1]);
				continue;
			}
			chosen.push(offered[first - 1]);
		}
		expect(rewound).toBe(true);

		// The debrief.
		const debrief = debriefRegion(page);
		await expect(debrief).toBeVisible();
		if (js) await expect(page.getByRole('heading', { name: /^Debrief: / })).toBeFocused();
		await expect(debrief.getByText(/^Score:\s*\d{1,3}\/100$/)).toBeVisible();
		await expect(debrief.getByText(/Practice attempt/)).toBeVisible();
		const byPrinciple = debrief.getByRole('list', { name: 'By principle' });
		expect(await byPrinciple.getByRole('link').count()).toBeGreaterThan(2);
		await expect(debrief.getByRole('heading', { name: 'Working alliance' })).toBeVisible();
		await expect(
			debrief.getByRole('heading', { name: `${SCENARIO.client}’s rating of the session` })
		).toBeVisible();
		const decisions = debrief.getByRole('listitem').filter({ hasText: 'You said:' });
		await expect(decisions).toHaveCount(chosen.length);
		// The rewound choice is not in the record; its replacement is.
		await expect(decisions.nth(2)).toContainText(chosen[2]);
		await expect(decisions.nth(0).getByRole('heading', { name: VERDICT })).toBeVisible();
		await expect(scenarioMap(page)).toBeVisible();
		await expect(page.getByRole('region', { name: 'What do you say?' })).toHaveCount(0);
		await axe.expectNoAxeViolations();

		// What if: back to the second decision.
		const whatIf = debrief.getByRole('button', { name: 'What if? Replay from this decision' });
		await expect(whatIf).toHaveCount(chosen.length);
		await tabTo(page, whatIf.nth(1), { backwards: !js });
		await page.keyboard.press('Enter');
		await expect(page.getByText('A “what if” replay from decision 2')).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('What-if replay');
		await expect(page.getByText('does not count towards an assignment')).toBeVisible();
		expect(page.url().replace(/\?.*$/, '')).not.toBe(attemptUrl);
		await expect(responses(page)).toHaveCount(1);
		await expect(transcript(page).getByText(`“${chosen[0]}”`)).toBeVisible();
		expect(await choiceTexts(page)).toEqual(atSecond);
		await expect(page.getByRole('link', { name: 'an earlier attempt' })).toHaveAttribute(
			'href',
			new URL(attemptUrl).pathname
		);
		await axe.expectNoAxeViolations();

		// Back on the first attempt's debrief: the map. Each decision on the path is a link to that
		// decision, reached with Tab; labels are whole and drawn at 12 px or more on screen.
		await page.goto(attemptUrl);
		const map = scenarioMap(page);
		const mapLinks = map.getByRole('link');
		await expect(mapLinks).toHaveCount(chosen.length);
		await expect(mapLinks.nth(1)).toHaveAccessibleName(
			new RegExp(`^Decision 2: .+\\. You said: .*${escape(chosen[1])}`)
		);
		expect(Math.min(...(await mapLabelSizes(page)))).toBeGreaterThanOrEqual(12);
		expect(await labelsOutsideTheirBoxes(page)).toEqual([]);
		await tabTo(page, mapLinks.nth(1), { max: 150 });
		// A visible focus ring on the focused beat.
		await expect(mapLinks.nth(1).locator('rect').first()).not.toHaveCSS('stroke', 'none');
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/#decision-1$/);
		const second = debriefRegion(page)
			.getByRole('listitem')
			.filter({ hasText: 'You said:' })
			.nth(1);
		await expect(second).toBeInViewport();
		await expect(second).toContainText(chosen[1]);
		// The text alternative: the path as a list, each decision linked, then the ending.
		await page.getByText('Your path as a list').click();
		const pathList = page.getByRole('list', { name: 'Your path, decision by decision' });
		await expect(pathList.getByRole('listitem')).toHaveCount(chosen.length + 1);
		await expect(pathList.getByRole('link')).toHaveCount(chosen.length);
		await expect(pathList.getByRole('listitem').nth(2)).toContainText(chosen[2]);
		await expect(pathList.getByRole('listitem').last()).toContainText('Ending:');
		await axe.expectNoAxeViolations();

		// Progress lists the scenario with a score and the what-if, named as such, in progress.
		await page.goto('/me');
		const row = page.getByRole('row').filter({ hasText: SCENARIO.title });
		await expect(row).toBeVisible();
		await expect(row.getByRole('link', { name: 'Continue the what-if replay' })).toBeVisible();
		await expect(
			page.getByRole('region', { name: 'Recent attempts' }).getByRole('listitem').first()
		).toContainText('what-if replay');
		await axe.expectNoAxeViolations();
	}
);

test('assessment shows no feedback, verdicts or meters until the debrief', async ({
	page,
	axe
}) => {
	await page.goto(`/signin?next=/scenarios/${SCENARIO.id}`);
	await page.getByLabel('Username').fill(account.username);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('radio', { name: /^Assessment/ }).check();
	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Assessment');
	await expect(page.getByText('feedback and scores come in the debrief')).toBeVisible();

	let decisions = 0;
	while (!(await debriefRegion(page).isVisible())) {
		expect(decisions).toBeLessThan(25);
		// Any response will do: in assessment none shows feedback before the debrief.
		const buttons = choiceButtons(page);
		await buttons.last().click();
		decisions++;
		await expect(responses(page)).toHaveCount(decisions);
		if (await debriefRegion(page).isVisible()) break;
		await expect(page.getByRole('heading', { name: VERDICT })).toHaveCount(0);
		await expect(page.getByText('Principles:')).toHaveCount(0);
		await expect(page.getByText(/A better response/)).toHaveCount(0);
		await expect(page.getByRole('region', { name: 'How the client is feeling' })).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'Try another response' })).toHaveCount(0);
		if (decisions === 1) {
			// Not hidden by styling: absent from the page.
			expect(await page.content()).not.toMatch(/Helpful|Unhelpful|Principles:/);
			await axe.expectNoAxeViolations();
		}
	}

	const debrief = debriefRegion(page);
	await expect(
		debrief.getByText(/^(Passed|Not yet passed) \(pass mark \d+%, the (scenario|assignment)’s\)\.$/)
	).toBeVisible();
	await expect(debrief.getByRole('heading', { name: VERDICT })).toHaveCount(decisions);
	await expect(
		debrief.getByRole('heading', { name: `${SCENARIO.client}’s rating of the session` })
	).toBeVisible();
	// The client's rating shows once the trainee has predicted it or chosen not to (issue 16).
	await debrief.getByRole('button', { name: 'Skip and show the rating' }).click();
	await expect(debrief.getByRole('heading', { name: 'Your prediction' })).toBeVisible();
	await expect(debrief.getByText(/\/10$/).first()).toBeVisible();
	// The debrief comes first; the conversation follows it, and each decision's feedback is shown
	// once, in the debrief's list of decisions, not again in the transcript.
	await expect(page.getByRole('heading', { name: VERDICT })).toHaveCount(decisions);
	await expect(transcript(page).getByRole('heading', { name: VERDICT })).toHaveCount(0);
	const order = await page.evaluate(() => {
		const debrief = document.getElementById('debrief-heading')!;
		const list = document.querySelector('[aria-label="Transcript"]')!;
		return debrief.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING;
	});
	expect(order).toBeTruthy();
	// The summary links each thing to work on to its decision.
	const workOn = debrief.getByRole('region', { name: 'Things to work on' });
	const first = workOn.getByRole('link').first();
	const target = (await first.getAttribute('href'))!;
	expect(target).toMatch(/^#decision-\d+$/);
	await expect(page.locator(target)).toHaveCount(1);
	await axe.expectNoAxeViolations();

	// Printed for supervision: no forms or buttons, the reflection and the conversation kept.
	await page.getByText('The whole conversation').click();
	await expect(transcript(page)).toBeHidden();
	await page.emulateMedia({ media: 'print' });
	await expect(debrief.getByRole('button', { name: /What if/ }).first()).toBeHidden();
	// Folded on screen, unfolded on paper.
	await expect(page.locator('.full-transcript [aria-label="Transcript"]')).toBeVisible();
	await page.emulateMedia({ media: 'screen' });
});

test('an attempt survives the server being killed mid-session', async ({ page }) => {
	test.setTimeout(60_000);
	const dataDir = await mkdtemp(join(tmpdir(), 'rapport-e2e-crash-'));
	// In the PostgreSQL pass the server killed is one more instance on the shared database.
	const databaseUrl = e2eDatabaseUrl();
	await seedAccounts({ dataDir, databaseUrl });
	const env = { DATABASE_URL: databaseUrl ?? '' };
	let server = await startServer({ dataDir, env });
	try {
		await page.goto(`${server.url}/signin?next=/scenarios/${SCENARIO.id}`);
		await page.getByLabel('Username').fill(account.username);
		await page.getByLabel('Password').fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('button', { name: 'Start the session' }).click();
		await expect(page).toHaveURL(/\/attempts\/[^/?]+$/);
		const attemptUrl = page.url();
		for (const n of [1, 2]) {
			await choiceButtons(page)
				.nth((await byRank(page)) - 1)
				.click();
			await expect(responses(page)).toHaveCount(n);
			// Shown at once, saved in the background: the crash comes after the server has it.
			await savedOrDebrief(page);
		}
		const said = await transcript(page).innerText();
		const offered = await choiceTexts(page);

		// As in a crash or power loss: no shutdown, no flush.
		await server.kill();
		await expect(page.goto(attemptUrl)).rejects.toThrow();
		server = await startServer({ dataDir, port: server.port, env });

		await page.goto(attemptUrl);
		await expect(responses(page)).toHaveCount(2);
		expect(await transcript(page).innerText()).toBe(said);
		expect(await choiceTexts(page)).toEqual(offered);
		// And it carries on from there.
		await choiceButtons(page)
			.nth((await byRank(page)) - 1)
			.click();
		await expect(responses(page)).toHaveCount(3);
	} finally {
		await server.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
});

test('on a 360 px wide screen the play page and the debrief do not scroll sideways', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({ baseURL, viewport: { width: 360, height: 740 } });
	const page = await context.newPage();
	try {
		await page.goto(`/signin?next=/scenarios/${SCENARIO.id}`);
		await page.getByLabel('Username').fill(account.username);
		await page.getByLabel('Password').fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('button', { name: 'Start the session' }).click();
		await expect(page).toHaveURL(/\/attempts\/[^/?]+$/);
		expect(await horizontalOverflow(page), 'play page before a choice').toBe(0);
		let decisions = 0;
		while (!(await debriefRegion(page).isVisible())) {
			expect(decisions).toBeLessThan(25);
			await choiceButtons(page)
				.nth((await byRank(page)) - 1)
				.click();
			decisions++;
			await expect(responses(page)).toHaveCount(decisions);
			await savedOrDebrief(page);
			if (decisions === 1)
				expect(await horizontalOverflow(page), 'play page with feedback and meters').toBe(0);
		}
		expect(await horizontalOverflow(page), 'debrief').toBe(0);
		// The map keeps its labels at 12 px on a phone: it scrolls inside its frame instead.
		expect(Math.min(...(await mapLabelSizes(page)))).toBeGreaterThanOrEqual(12);
	} finally {
		await context.close();
	}
});
