import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { compileScenario } from '../../src/lib/scenarios';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn } from './player-helpers';

// Where the play page leaves the trainee after each step, and how far along it says they are.
// Without JavaScript every choice reloads the page: it must land at the latest exchange, not at
// the top, with focus there so a screen reader starts reading there too.

const SCENARIO = { id: 'coat-still-on', title: 'Coat still on' };
const file = `src/lib/scenarios/library/${SCENARIO.id}.md`;
const COMPILED = compileScenario(readFileSync(file, 'utf-8'), file);
const LONGEST = COMPILED.analysis!.longestPath;

const transcript = (page: Page) => page.getByRole('list', { name: 'Transcript' });
const responses = (page: Page) => transcript(page).getByText('You:', { exact: true });
const choiceButtons = (page: Page) =>
	page.getByRole('region', { name: 'What do you say?' }).getByRole('listitem').getByRole('button');

/**
 * Clicks the offered choice written first in the file. Choices are shown in an order shuffled per
 * attempt, so "the first button" would be a different path each run; this path is long enough.
 */
async function chooseFirstAsWritten(page: Page) {
	const offered = await choiceButtons(page).evaluateAll((buttons) =>
		buttons.map((b) => (b as HTMLButtonElement).value)
	);
	const beat = COMPILED.scenario!.beats.find((b) => b.choices.some((c) => c.id === offered[0]))!;
	const first = beat.choices.find((c) => offered.includes(c.id))!;
	await page.locator(`button[name="choiceId"][value="${first.id}"]`).click();
}

test(
	'each choice lands at the latest exchange, and the page says which decision of about how many',
	{ tag: '@nojs' },
	async ({ page, axe }, testInfo) => {
		const js = testInfo.project.use.javaScriptEnabled !== false;
		await signIn(
			page,
			js ? ACCOUNTS.uxPlayerJs : ACCOUNTS.uxPlayerNoJs,
			`/scenarios/${SCENARIO.id}`
		);
		await page.getByRole('radio', { name: /^Practice/ }).check();
		await page.getByRole('button', { name: 'Start the session' }).click();
		await expect(page).toHaveURL(/\/attempts\/[^/?#]+$/);
		expect(LONGEST).toBeGreaterThan(2);
		await expect(page.getByText(`Decision 1 of about ${LONGEST}.`)).toBeVisible();
		await axe.expectNoAxeViolations();

		for (const n of [1, 2, 3]) {
			await chooseFirstAsWritten(page);
			await expect(responses(page)).toHaveCount(n);
			await expect(page.getByText(`Decision ${n + 1} of about ${LONGEST}.`)).toBeVisible();
			// The exchange just made holds the trainee's words and the feedback on them.
			const latest = page.locator('#latest');
			await expect(latest).toHaveCount(1);
			await expect(latest.getByText('You:', { exact: true })).toBeVisible();
			if (js) {
				// The enhanced form stays on the page and moves focus to the feedback itself.
				await expect(page.locator('#latest-feedback')).toBeFocused();
			} else {
				await expect(page).toHaveURL(/#latest$/);
				await expect(latest).toBeFocused();
				await expect(latest).toBeInViewport();
			}
		}
		// Not left at the top of a long page.
		if (!js)
			expect(await page.evaluate(() => window.scrollY), 'scrolled to the exchange').toBeGreaterThan(
				0
			);
		await axe.expectNoAxeViolations();

		// Taking a choice back lands at the question again.
		await page.getByRole('button', { name: 'Try another response' }).click();
		await expect(responses(page)).toHaveCount(2);
		await expect(page.getByText(`Decision 3 of about ${LONGEST}.`)).toBeVisible();
		await expect(page.getByRole('heading', { name: 'What do you say?' })).toBeFocused();
		if (!js) await expect(page).toHaveURL(/#choices-heading$/);
	}
);
