import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { newDraft, posted, source } from './studio-helpers';
import { signIn } from './player-helpers';
import { injected, watch } from './xss-check';
import { hostileScenario, XSS_TEXT } from './xss-corpus';

// The studio's preview, map and checks (issue 14, parts 3 to 5): an author plays the draft from
// the start and from a middle beat with a meter set by hand, with and without JavaScript; the
// map's beats move the editor's cursor; the XSS corpus played through the preview never runs.

const choices = (page: Page) => page.getByRole('region', { name: 'What do you say?' });

async function choose(page: Page, response: string) {
	await choices(page).getByRole('button', { name: response }).click();
}

test(
	'an author previews a draft from the start and from a middle beat with a meter set',
	{ tag: '@nojs' },
	async ({ page, axe }) => {
		test.setTimeout(120_000);
		await signIn(page, ACCOUNTS.studioAuthor, '/studio');
		await newDraft(page);
		const checks = page.getByRole('region', { name: 'Checks' });
		await expect(checks).toContainText(
			'None found. No rule that ignores what the client says reaches the pass mark.'
		);
		await expect(checks).toContainText('The pass mark of 70 can be reached');
		await expect(page.getByRole('region', { name: 'Map' })).toContainText('Quiet');
		await axe.expectNoAxeViolations();

		// Preview plays the text in the editor: saved first (as revision 2, or the revision an
		// autosave kept it as).
		await source(page).fill(
			(await posted(page).inputValue()).replace('The bus just sat there', 'The 42 just sat there')
		);
		await page.getByRole('button', { name: 'Preview' }).click();
		await expect(page).toHaveURL(/\/preview\?revision=\d+$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Preview: Untitled scenario');
		await expect(page.getByText('The 42 just sat there')).toBeVisible();
		await axe.expectNoAxeViolations();

		await choose(page, 'Take a breath. Where would you like to begin?');
		await expect(page.getByText('Welcomes him and hands him the start.')).toBeVisible();
		await expect(page.getByText(/I don.t know\. It.s fine\./)).toBeVisible();
		await axe.expectNoAxeViolations();
		await choose(page, 'I may have pushed. Did something I said land badly?');
		await choose(page, 'Before you go, what made today better than you expected?');
		// From the start, trust 2 + 3 = 5 reaches the better ending.
		const debrief = page.getByRole('region', { name: 'Debrief: Steadier' });
		await expect(debrief).toContainText('You welcomed him, turned towards the shrug');
		await expect(debrief).toContainText('Preview: not recorded.');
		await axe.expectNoAxeViolations();

		// From the middle beat with trust set to 1, the same two responses end elsewhere.
		await page.getByText('Where to start').click();
		await page.getByLabel('Start at').selectOption('quiet');
		await page.getByLabel(/^trust/).fill('1');
		await page.getByRole('button', { name: 'Start preview' }).click();
		await expect(page).toHaveURL(/from=quiet/);
		await expect(page.getByText(/I don.t know\. It.s fine\./)).toBeVisible();
		await expect(page.getByText(/Sorry I.m late/)).toHaveCount(0);
		await expect(page.getByRole('region', { name: 'How the client is feeling' })).toContainText(
			'1 of 5'
		);
		await axe.expectNoAxeViolations();
		await choose(page, 'I may have pushed. Did something I said land badly?');
		await expect(page.getByText('Names the moment and owns a part of it.')).toBeVisible();
		await choose(page, 'Before you go, what made today better than you expected?');
		await expect(page.getByRole('region', { name: 'Debrief: Same' })).toContainText(
			'something was left unsaid'
		);
		await axe.expectNoAxeViolations();

		// Nothing was recorded: the author has no attempts.
		await page.goto('/me');
		await expect(page.getByText('Untitled scenario')).toHaveCount(0);
	}
);

test('the map moves the editor’s cursor, and the cursor highlights its beat', async ({
	page,
	axe
}) => {
	await signIn(page, ACCOUNTS.studioAuthor, '/studio');
	await newDraft(page);
	const lines = (await posted(page).inputValue()).split('\n');
	const quietLine = lines.findIndex((l) => l.startsWith('## Quiet')) + 1;
	await page.evaluate(() => {
		(window as unknown as { gotos: number[] }).gotos = [];
		document.addEventListener('rapport:studio-goto', (e) =>
			(window as unknown as { gotos: number[] }).gotos.push(
				(e as CustomEvent<{ line: number }>).detail.line
			)
		);
	});
	const map = page.getByRole('group', { name: 'Map of the draft' });
	await expect(map).toBeVisible();
	const quiet = map.getByRole('link', { name: /^Quiet, line \d+: rupture \(withdrawal\)/ });
	await quiet.click();
	expect(await page.evaluate(() => (window as unknown as { gotos: number[] }).gotos)).toEqual([
		quietLine
	]);
	await expect(quiet).toHaveAttribute('aria-current', 'true');
	// By keyboard: focus the beat and press Enter.
	const close = map.getByRole('link', { name: /^Close, line / });
	await close.focus();
	await page.keyboard.press('Enter');
	expect(await page.evaluate(() => (window as unknown as { gotos: number[] }).gotos)).toEqual([
		quietLine,
		lines.findIndex((l) => l.startsWith('## Close')) + 1
	]);
	// The editor reports its cursor; the map highlights the beat it is in.
	await page.evaluate((line) => {
		document.dispatchEvent(new CustomEvent('rapport:studio-cursor', { detail: { line } }));
	}, quietLine + 2);
	await expect(quiet).toHaveAttribute('aria-current', 'true');
	await expect(close).not.toHaveAttribute('aria-current', 'true');
	await axe.expectNoAxeViolations();
});

test('the XSS corpus played through the studio preview never runs and never survives', async ({
	page,
	baseURL
}) => {
	test.setTimeout(90_000);
	await signIn(page, ACCOUNTS.studioAuthor, '/studio');
	await newDraft(page);
	await source(page).fill(hostileScenario());
	const seen = watch(page, baseURL!);
	const check = async (where: string) => {
		expect(await injected(page), where).toEqual([]);
		expect(seen, where).toEqual({ dialogs: [], errors: [], foreign: [] });
	};
	await page.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Preview: Hostile ${XSS_TEXT}`);
	await check('preview start');
	await choose(page, `${XSS_TEXT} first response`);
	await expect(page.getByText('Hostile feedback follows.')).toBeVisible();
	await check('preview with feedback');
	await choose(page, `${XSS_TEXT} second response`);
	await expect(page.getByRole('heading', { name: `Debrief: End ${XSS_TEXT}` })).toBeVisible();
	await check('preview debrief');
	await page.reload();
	await expect(page.getByRole('heading', { name: `Debrief: End ${XSS_TEXT}` })).toBeVisible();
	await check('preview debrief reloaded');
});
