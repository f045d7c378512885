import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, expectNoAxeViolations, test } from './fixtures';
import { horizontalOverflow, savedOrDebrief, signIn } from './player-helpers';
import { injected, watch } from './xss-check';
import { XSS_TEXT, XSS_VECTORS } from './xss-corpus';

// "Say it your way first" in a practice scenario (issue 16): the trainee turns it on, types the
// XSS corpus as their own words (it must show as plain text everywhere), and the debrief sets
// each response beside the best choice. Someone else who may open the attempt (an admin here;
// the cohort's instructors by the same rule, tested in tests/unit/attempts/own-words.test.ts)
// sees the words only once the trainee shares them. The drill flow, keyboard only and without
// JavaScript, is in practice.spec.ts.

const SCENARIO = 'whose-side-are-you-on';
const LIMIT = 1000;

/** The corpus in pieces that each fit one response, the first led by the text-field payload. */
function corpusChunks(): string[] {
	const chunks: string[] = [];
	let chunk = XSS_TEXT;
	for (const vector of XSS_VECTORS) {
		if (chunk.length + 1 + vector.length > LIMIT) {
			chunks.push(chunk);
			chunk = vector;
		} else chunk = `${chunk}\n${vector}`;
	}
	return [...chunks, chunk];
}

const debrief = (page: Page) => page.getByRole('region', { name: /^Debrief: / });

test('typed responses are plain text everywhere, and others see them only when shared', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const chunks = corpusChunks();
	const seen = watch(page, baseURL!);
	const check = async (where: string, on = page, watched = seen) => {
		expect(await injected(on), where).toEqual([]);
		expect(watched, where).toEqual({ dialogs: [], errors: [], foreign: [] });
	};

	await signIn(page, ACCOUNTS.ownWords, `/scenarios/${SCENARIO}`);
	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page).toHaveURL(/\/attempts\/[^/?#]+$/);
	const attemptUrl = new URL(page.url()).pathname;
	const choices = page.getByRole('region', { name: 'What do you say?' }).getByRole('listitem');
	await expect(choices.first()).toBeVisible();

	// Off by default in practice; the trainee turns it on from the player.
	await page.getByRole('button', { name: 'Turn on “Say it your way first”' }).click();
	const ownWords = page.getByRole('textbox', { name: 'Say it your way first' });
	await expect(ownWords).toBeVisible();
	await expect(choices).toHaveCount(0);
	await expectNoAxeViolations(page);
	// A 360 px phone: the form fits, and so do the long unbroken payloads once shown.
	await page.setViewportSize({ width: 360, height: 800 });
	expect(await horizontalOverflow(page)).toBe(0);

	// An empty response is refused with a clear message; the choices stay hidden.
	await page.getByRole('button', { name: 'Show the choices' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'Type your response first, or choose “Skip” to go straight on.'
	);
	await expect(choices).toHaveCount(0);

	for (let decision = 0; !(await debrief(page).isVisible()); decision++) {
		await expect(ownWords).toBeVisible();
		if (decision < chunks.length) {
			await ownWords.fill(chunks[decision]);
			await page.getByRole('button', { name: 'Show the choices' }).click();
			await expect(page.locator('.said-text')).toHaveText(chunks[decision]);
			if (decision === 0) {
				expect(await horizontalOverflow(page)).toBe(0);
				await check('play page with typed words');
				await expectNoAxeViolations(page);
			}
		} else {
			await page.getByRole('button', { name: 'Skip', exact: true }).click();
			await expect(
				page.getByText('You skipped saying it your way at this decision.')
			).toBeVisible();
		}
		await choices.first().getByRole('button').click();
		await savedOrDebrief(page);
	}

	// The debrief: each typed response beside the best choice at that decision, as text.
	const reviews = debrief(page).locator('.own-words-review');
	await expect(reviews.first()).toBeVisible();
	await expect(reviews.filter({ hasText: 'Skipped.' }).first()).toBeVisible();
	for (const [i, chunk] of chunks.entries())
		await expect(reviews.nth(i).locator('.said')).toHaveText(chunk);
	await expect(reviews.first()).toContainText('The best choice here');
	const share = page.getByRole('checkbox', { name: 'Share my own words with my instructors' });
	await expect(share).not.toBeChecked();
	await page.reload();
	await expect(reviews.first()).toBeVisible();
	await check('debrief');
	expect(await horizontalOverflow(page)).toBe(0);
	await expectNoAxeViolations(page);
	await page.setViewportSize({ width: 1280, height: 800 });

	// Someone else who may open the attempt: not shared yet, so not a word of it.
	const other = await browser.newContext();
	const admin = await other.newPage();
	const adminSeen = watch(admin, baseURL!);
	try {
		await signIn(admin, ACCOUNTS.admin, attemptUrl);
		await admin.goto(attemptUrl);
		await expect(debrief(admin)).toBeVisible();
		await expect(admin.locator('.own-words-review')).toHaveCount(0);
		expect(await admin.content()).not.toContain('mouseover');
		await expect(admin.getByRole('checkbox', { name: /Share my own words/ })).toHaveCount(0);
		await expectNoAxeViolations(admin);

		// The trainee shares them.
		await share.check();
		await page.getByRole('button', { name: 'Save sharing' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Sharing saved.' })).toBeVisible();
		await expect(share).toBeChecked();

		await admin.reload();
		const theirs = admin.locator('.own-words-review');
		await expect(theirs.first()).toContainText('In the trainee’s own words');
		await expect(theirs.first().locator('.said')).toHaveText(chunks[0]);
		await check('debrief, shared, as an admin', admin, adminSeen);

		// The trainee's own export holds them.
		const exported = await page.request.get('/me/export');
		expect(exported.status()).toBe(200);
		const data = await exported.json();
		const held = data.attempts.find((a: { id: string }) => attemptUrl.endsWith(a.id));
		expect(held.ownWords[0].text).toBe(chunks[0]);
	} finally {
		await other.close();
	}
});
