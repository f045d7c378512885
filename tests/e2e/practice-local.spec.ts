import type { Page, Route } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn } from './player-helpers';

// Practice runs in the browser (issue 13, section 2): a choice shows its feedback, the client's
// next line and the meters at once, while the choice is posted in the background. Posts that
// fail are retried in order, and the server's record holds each choice exactly once. Without
// JavaScript the form flow is unchanged (play-position.spec.ts and player.spec.ts, @nojs).

const SCENARIO = 'coat-still-on';
const account = ACCOUNTS.localPractice;

const transcript = (page: Page) => page.getByRole('list', { name: 'Transcript' });
const responses = (page: Page) => transcript(page).getByText('You:', { exact: true });
const choiceButtons = (page: Page) =>
	page.getByRole('region', { name: 'What do you say?' }).getByRole('listitem').getByRole('button');
const saveStatus = (page: Page) => page.getByRole('status').filter({ hasText: /Sav|Not saved/ });
const isChoosePost = (url: URL) => url.search === '?/choose';

async function startPractice(page: Page) {
	await signIn(page, account, `/scenarios/${SCENARIO}`);
	await page.getByRole('radio', { name: /^Practice/ }).check();
	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page).toHaveURL(/\/attempts\/[^/?#]+$/);
	await expect(choiceButtons(page).first()).toBeVisible();
}

/** The trainee's lines in the transcript, as written (quotes and brackets kept). */
async function saidLines(page: Page): Promise<string[]> {
	const lines = await transcript(page).locator('.you').allInnerTexts();
	return lines.map((t) => t.replace(/^You:\s*/, '').trim());
}

/** A choice button's text without its number key. */
async function buttonText(page: Page, index: number): Promise<string> {
	return (await choiceButtons(page).nth(index).innerText()).replace(/^\d+\s*/, '').trim();
}

/**
 * The position of the longest response offered: in this scenario it never leads to an ending
 * within the first few decisions, whatever order the attempt shows the choices in.
 */
async function longest(page: Page): Promise<number> {
	const texts = await choiceButtons(page).allInnerTexts();
	return texts.indexOf([...texts].sort((a, b) => b.length - a.length)[0]);
}

/** The seq the page's form offers next: the number of events the server stored, plus one. */
async function nextSeq(page: Page): Promise<string | null> {
	return page.locator('input[name="seq"]').first().getAttribute('value');
}

test('a practice choice shows its feedback, the next line and the meters before the server answers', async ({
	page,
	axe
}) => {
	await startPractice(page);
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	let answered = 0;
	await page.route(isChoosePost, async (route: Route) => {
		await held;
		await route.continue();
		answered++;
	});
	const chosen = await buttonText(page, 0);
	const entriesBefore = await transcript(page).getByRole('listitem').count();
	await choiceButtons(page).first().click();

	// All of this while the post is still held back.
	await expect(responses(page)).toHaveCount(1);
	await expect(page.locator('#latest-feedback')).toBeVisible();
	await expect(page.locator('#latest-feedback')).toBeFocused();
	await expect(
		page.locator('#latest-feedback').getByRole('heading', { name: /^(Helpful|Mixed|Unhelpful)$/ })
	).toBeVisible();
	expect(await transcript(page).getByRole('listitem').count()).toBeGreaterThan(entriesBefore);
	await expect(page.getByRole('complementary')).toBeVisible();
	await expect(page.getByText('Decision 2 of about', { exact: false })).toBeVisible();
	await expect(saveStatus(page)).toHaveText('Saving…');
	expect(answered).toBe(0);
	expect(await saidLines(page)).toEqual([chosen]);
	await axe.expectNoAxeViolations();

	release();
	await expect(saveStatus(page)).toHaveText('Saved');
	expect(answered).toBe(1);
	await page.unroute(isChoosePost);
	await page.reload();
	expect(await saidLines(page)).toEqual([chosen]);
	expect(await nextSeq(page)).toBe('2');
});

test('offline, choices stay in order and are saved exactly once when the server is back', async ({
	page,
	axe
}) => {
	await startPractice(page);
	let offline = true;
	let posts = 0;
	await page.route(isChoosePost, async (route: Route) => {
		posts++;
		// The first post reaches the server but its answer is lost: the retry must not count twice.
		if (posts === 1) {
			await route.fetch();
			return route.abort('connectionreset');
		}
		if (offline) return route.abort('internetdisconnected');
		return route.continue();
	});

	const chosen: string[] = [];
	for (let n = 1; n <= 3; n++) {
		const index = await longest(page);
		chosen.push(await buttonText(page, index));
		await choiceButtons(page).nth(index).click();
		await expect(responses(page)).toHaveCount(n);
	}
	await expect(saveStatus(page)).toHaveText('Not saved yet: offline, retrying');
	expect(await saidLines(page)).toEqual(chosen);
	// Taking a choice back waits until the queued choices are saved.
	await expect(page.getByRole('button', { name: 'Try another response' })).toBeDisabled();
	await axe.expectNoAxeViolations();

	offline = false;
	await expect(saveStatus(page)).toHaveText('Saved', { timeout: 20_000 });
	expect(await saidLines(page)).toEqual(chosen);
	await expect(page.getByRole('button', { name: 'Try another response' })).toBeEnabled();

	await page.unroute(isChoosePost);
	await page.reload();
	expect(await saidLines(page)).toEqual(chosen);
	// Three choices, three events: the retried first post was stored once.
	expect(await nextSeq(page)).toBe('4');

	// Rewind is an ordinary round trip and still works after local steps.
	await page.getByRole('button', { name: 'Try another response' }).click();
	await expect(responses(page)).toHaveCount(2);
	await page.reload();
	expect(await saidLines(page)).toEqual(chosen.slice(0, 2));
	expect(await nextSeq(page)).toBe('5');
});

test('an ending reached while offline brings the debrief once the choices are saved', async ({
	page,
	axe
}) => {
	await startPractice(page);
	let offline = true;
	await page.route(isChoosePost, (route: Route) =>
		offline ? route.abort('internetdisconnected') : route.continue()
	);
	// The shortest way to an ending: the pressing opener, moving past her shrug, then blame.
	await choiceButtons(page).filter({ hasText: 'give this a real chance' }).click();
	await choiceButtons(page).filter({ hasText: 'So what would you like to work on' }).click();
	await choiceButtons(page).filter({ hasText: 'closed off today' }).click();
	await expect(responses(page)).toHaveCount(3);
	await expect(page.getByRole('region', { name: 'What do you say?' })).toHaveCount(0);
	await expect(saveStatus(page)).toHaveText('Not saved yet: offline, retrying');
	await expect(page.getByRole('region', { name: /^Debrief: / })).toHaveCount(0);

	offline = false;
	await expect(page.getByRole('region', { name: /^Debrief: / })).toBeVisible({ timeout: 20_000 });
	await axe.expectNoAxeViolations();
	await page.unroute(isChoosePost);
	await page.reload();
	await expect(page.getByRole('region', { name: /^Debrief: / })).toBeVisible();
	await expect(responses(page)).toHaveCount(3);
});
