import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { horizontalOverflow, savedOrDebrief, tabTo } from './player-helpers';

// A day's practice (issue 16): /practice says what is due and about how long, and plays the
// drills one after another with the keyboard alone, with and without JavaScript; axe on every
// page. Each project has its own trainee, since a day's practice is used up once played.

const choiceButtons = (page: Page) =>
	page.getByRole('region', { name: 'What do you say?' }).getByRole('listitem').getByRole('button');
const debrief = (page: Page) => page.getByRole('region', { name: /^Debrief: / });
const DUE = /^(\d+) drills? due, about (\d+) minutes?$/;
const OWN_WORDS = 'That shrug looks like it carries a lot. I am listening.';

test(
	'a trainee does a day’s practice with the keyboard only',
	{ tag: '@nojs' },
	async ({ page, axe }, testInfo) => {
		// Three drills with axe on each page: longer than the default 30 s on two cores.
		test.setTimeout(120_000);
		const js = testInfo.project.use.javaScriptEnabled !== false;
		const account = js ? ACCOUNTS.drillsJs : ACCOUNTS.drillsNoJs;

		await page.goto('/signin?next=/practice');
		await tabTo(page, page.getByLabel('Username'));
		await page.keyboard.type(account.username);
		await page.keyboard.press('Tab');
		await page.keyboard.type(account.password);
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/practice$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Practice' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Practice' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		const due = page.getByRole('heading', { level: 2, name: DUE });
		await expect(due).toBeVisible();
		const [, count, minutes] = DUE.exec((await due.innerText()).trim())!;
		expect(Number(count)).toBeGreaterThan(0);
		expect(Number(minutes)).toBeLessThanOrEqual(Number(count));
		await expect(page.getByRole('region', { name: DUE }).getByRole('listitem')).toHaveCount(
			Number(count)
		);
		await axe.expectNoAxeViolations();

		await tabTo(page, page.getByRole('button', { name: 'Start practice' }));
		await page.keyboard.press('Enter');

		for (let drill = 1; drill <= Number(count); drill++) {
			await expect(page).toHaveURL(/\/attempts\/[^/?#]+/);
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Drill');
			await expect(page.getByRole('link', { name: 'Today’s practice' })).toBeVisible();
			if (drill === 1) await axe.expectNoAxeViolations();
			// One or two decisions: the first response offered each time, whatever it is. A drill
			// always asks for the trainee's own words first: typed at the first drill's first
			// decision, skipped (with the Skip button) after that.
			for (let decision = 0; decision < 2 && !(await debrief(page).isVisible()); decision++) {
				const ownWords = page.getByRole('textbox', { name: 'Say it your way first' });
				await expect(ownWords).toBeVisible();
				await expect(choiceButtons(page)).toHaveCount(0);
				if (drill === 1 && decision === 0) {
					await axe.expectNoAxeViolations();
					await tabTo(page, ownWords);
					await page.keyboard.type(OWN_WORDS);
					await page.keyboard.press('Tab');
					await expect(page.getByRole('button', { name: 'Show the choices' })).toBeFocused();
				} else {
					await tabTo(page, page.getByRole('button', { name: 'Skip', exact: true }));
				}
				const shown = js ? Promise.resolve() : page.waitForEvent('load');
				await page.keyboard.press('Enter');
				await shown;
				await expect(ownWords).toHaveCount(0);
				if (drill === 1 && decision === 0) {
					await expect(page.getByText(OWN_WORDS)).toBeVisible();
					// Typed before the choices, so the choices' own number keys must not reach it.
					if (js) await expect(page.locator('#choices-heading')).toBeFocused();
				}
				await expect(choiceButtons(page).first()).toBeVisible();
				if (js) {
					await page.keyboard.press('1');
					await savedOrDebrief(page);
				} else {
					await tabTo(page, choiceButtons(page).first(), { backwards: true });
					// A plain form post: the next page (a decision or the debrief) is a new document.
					const reloaded = page.waitForEvent('load');
					await page.keyboard.press('Enter');
					await reloaded;
				}
			}
			await expect(debrief(page)).toBeVisible();
			await expect(page.getByText(/A drill: it counts towards no assignment/)).toBeVisible();
			if (drill === 1) {
				// The debrief sets the typed response beside the best choice at that decision.
				const review = debrief(page).locator('#decision-0 .own-words-review');
				await expect(review.getByText('In your own words')).toBeVisible();
				await expect(review.getByText(OWN_WORDS)).toBeVisible();
				await expect(review.getByText('The best choice here')).toBeVisible();
				await expect(
					debrief(page).getByText(
						'Only you can read what you typed: instructors do not see drills.'
					)
				).toBeVisible();
			}
			// No what-if on a drill: it is scheduled as a whole.
			await expect(page.getByRole('button', { name: /What if\?/ })).toHaveCount(0);
			await axe.expectNoAxeViolations();
			await tabTo(page, page.getByRole('button', { name: 'Next drill' }));
			await page.keyboard.press('Enter');
		}

		await expect(page).toHaveURL(/\/practice\?done=1$/);
		await expect(page.getByRole('heading', { level: 2, name: 'Done for today' })).toBeVisible();
		await axe.expectNoAxeViolations();

		// At 360 px nothing scrolls sideways.
		await page.setViewportSize({ width: 360, height: 800 });
		await page.goto('/practice');
		await expect(page.getByRole('heading', { level: 2, name: 'Nothing due today' })).toBeVisible();
		expect(await horizontalOverflow(page)).toBe(0);

		// Drills count towards nothing on the progress page.
		await page.goto('/me');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		for (const title of ['The shrug', 'Just tell me', 'Not worth waking up'])
			await expect(page.getByText(title, { exact: true })).toHaveCount(0);
	}
);
