// The visual pass (issue 13, section 5): the transcript reads as a chat (the client's turns on
// one side, the trainee's on the other; scenario-constructs.spec.ts checks that cues are italic),
// and the dark palette passes axe on the play page and the debrief as the light one does.
import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { savedOrDebrief } from './player-helpers';

const account = ACCOUNTS.visual;
const transcript = (page: Page) => page.getByRole('list', { name: 'Transcript' });
const choiceButtons = (page: Page) =>
	page.getByRole('region', { name: 'What do you say?' }).getByRole('listitem').getByRole('button');
const debrief = (page: Page) => page.getByRole('region', { name: /^Debrief: / });

async function startSession(page: Page) {
	await page.goto('/signin?next=/scenarios/coat-still-on');
	await page.getByLabel('Username').fill(account.username);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page).toHaveURL(/\/attempts\/[^/?]+$/);
}

test(
	'the transcript puts the client on the left and the trainee on the right',
	{ tag: '@one-pass' },
	async ({ page, axe }) => {
		await page.setViewportSize({ width: 1280, height: 900 });
		await startSession(page);
		await choiceButtons(page).first().click();
		const you = transcript(page).getByText('You:', { exact: true });
		await expect(you).toHaveCount(1);

		const list = (await transcript(page).boundingBox())!;
		const mine = (await you.locator('..').boundingBox())!;
		const theirs = (await transcript(page)
			.getByText('Maya:', { exact: true })
			.first()
			.locator('..')
			.boundingBox())!;
		// The trainee's turn ends at the right edge and leaves room on the left; the client's the reverse.
		expect(Math.round(mine.x + mine.width)).toBe(Math.round(list.x + list.width));
		expect(mine.x).toBeGreaterThan(list.x + 40);
		expect(Math.round(theirs.x)).toBe(Math.round(list.x));
		expect(theirs.x + theirs.width).toBeLessThan(list.x + list.width - 40);
		await axe.expectNoAxeViolations();
	}
);

test(
	'in dark mode the play page and the debrief pass axe',
	{ tag: '@one-pass' },
	async ({ page, axe }) => {
		await page.emulateMedia({ colorScheme: 'dark' });
		await startSession(page);
		// The dark palette is really in use (a dark page), so axe checks what a dark-mode user sees.
		const background = await page.evaluate(
			() => getComputedStyle(document.documentElement).backgroundColor
		);
		const [r, g, b] = background.match(/\d+/g)!.map(Number);
		expect(r + g + b, `body background ${background}`).toBeLessThan(150);
		await choiceButtons(page).first().click();
		await expect(transcript(page).getByText('You:', { exact: true })).toHaveCount(1);
		await savedOrDebrief(page);
		await axe.expectNoAxeViolations();
		for (let made = 1; !(await debrief(page).isVisible()); made++) {
			expect(made).toBeLessThan(25);
			await choiceButtons(page).first().click();
			await expect(transcript(page).getByText('You:', { exact: true })).toHaveCount(made + 1);
			// The choice shows at once and is saved in the background; the debrief follows the last save.
			await savedOrDebrief(page);
		}
		await axe.expectNoAxeViolations();
	}
);
