import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import {
	savedOrDebrief,
	signIn,
	tabTo,
	waitForScenario,
	writeScenarioFile
} from './player-helpers';

// Predicting the client (issue 16): at the debrief the trainee guesses the client's rating before
// it shows, then sees the gap explained; /me shows calibration; a cohort's instructor sees its
// practice figures. Axe on every page visited.

const SCENARIO = 'predict-e2e-polite';
const debrief = (page: Page) => page.getByRole('region', { name: /^Debrief: / });
const choices = (page: Page) => page.getByRole('region', { name: 'What do you say?' });

// Sam rates politely (deferential): 8 to 10 whatever happened. Two decisions.
const SOURCE = `---
title: Polite Sam
summary: A short session with a client who rates politely, for the prediction tests.
client: { name: Sam }
difficulty: 1
minutes: 2
principles: [safe-space, listen-carefully]
rating_style: deferential
meters:
  trust: { start: 1, min: 0, max: 4 }
---

Sam has come in.

## Start {#start}

**Sam:** Hello.

- "Hello, Sam. Take your time." -> middle
  id: warm
  scores: safe-space +2
  effects: trust +1
  feedback: Warm and unhurried.
- "Let's get going." -> middle
  id: cold
  scores: safe-space -1
  effects: trust -1
  feedback: Rushed.
  better: "Hello, Sam. Take your time."

## Middle {#middle}

**Sam:** I don't know where to start.

- "Anywhere is fine." -> check
  id: anywhere
  scores: listen-carefully +1
  effects: trust +1
  feedback: Leaves the choice with Sam.
- "Start with your childhood." -> check
  id: childhood
  scores: listen-carefully -1
  effects: trust -1
  feedback: Directive.
  better: "Anywhere is fine."

## Check {#check}

-> good if trust >= 3
-> meh

## Good {#good .ending outcome=strengthened}

Sam smiles.

### Debrief

Well done.

## Meh {#meh .ending outcome=stalled}

### Debrief

Sam stays guarded.
`;

test.beforeAll(async ({ baseURL }) => {
	writeScenarioFile(SCENARIO, SOURCE);
	await waitForScenario(baseURL!, SCENARIO);
});

test(
	'predict the client’s rating, then the debrief explains the gap and /me shows calibration',
	{ tag: '@nojs' },
	async ({ page, axe }, testInfo) => {
		test.setTimeout(90_000);
		const js = testInfo.project.use.javaScriptEnabled !== false;
		await signIn(page, js ? ACCOUNTS.predictJs : ACCOUNTS.predictNoJs, `/scenarios/${SCENARIO}`);
		await page.goto(`/scenarios/${SCENARIO}`);
		await page.getByRole('button', { name: 'Start the session' }).click();
		await expect(page).toHaveURL(/\/attempts\/[^/?]+/);
		// The poor path: trust falls to nothing, but Sam will still write 8 out of 10.
		for (const response of [/get going/, /childhood/]) {
			await choices(page).getByRole('button', { name: response }).click();
			if (js) await savedOrDebrief(page);
		}

		const d = debrief(page);
		await expect(d).toBeVisible();
		const group = d.getByRole('group', {
			name: 'Before you see it: how do you think Sam rated today’s session overall?'
		});
		await expect(group).toBeVisible();
		// The rating is not on the page until the trainee answers.
		await expect(d.getByText('8/10')).toHaveCount(0);
		await axe.expectNoAxeViolations();

		// Keyboard only. Saving without a number is refused, in the form itself.
		await tabTo(page, d.getByRole('button', { name: 'Save my prediction' }));
		await page.keyboard.press('Enter');
		await expect(
			d.getByText('Choose a number from 0 to 10, or skip the prediction.')
		).toBeVisible();
		// Into the scale: Space picks 0, left arrow wraps to 10; Tab to the button.
		await tabTo(page, group.getByRole('radio', { name: '0', exact: true }));
		await page.keyboard.press('Space');
		await page.keyboard.press('ArrowLeft');
		await expect(group.getByRole('radio', { name: '10', exact: true })).toBeChecked();
		await page.keyboard.press('Tab');
		await expect(d.getByRole('button', { name: 'Save my prediction' })).toBeFocused();
		await page.keyboard.press('Enter');

		const result = d.getByRole('region', { name: 'Your prediction' });
		await expect(result).toContainText(
			'You predicted 10/10; Sam rated the session 8/10 overall: you over-estimated by 2 points.'
		);
		await expect(result).toContainText('Sam rates politely, near the top of the scale');
		if (js) await expect(d.getByRole('heading', { name: 'Your prediction' })).toBeFocused();
		// And the masking itself: what Sam wrote against what happened in the room.
		await expect(d).toContainText('but what happened in the room reads nearer 0/10');
		await expect(group).toHaveCount(0);
		await axe.expectNoAxeViolations();

		await page.goto('/me');
		const calibration = page.getByRole('region', { name: 'Predicting your clients' });
		await expect(calibration).toContainText('Over 1 prediction, your guesses were 2 points');
		await expect(calibration).toContainText('you tend to over-estimate by 2 points');
		const row = calibration.getByRole('row').filter({ hasText: 'Polite Sam' });
		await expect(row.getByRole('cell')).toHaveText([/\d{4}$/, '10', '8', '+2']);
		await axe.expectNoAxeViolations();
	}
);

test('a cohort’s instructor sees its practice, from nothing to a drill played', async ({
	browser,
	page,
	axe
}) => {
	test.setTimeout(90_000);
	await signIn(page, ACCOUNTS.predictInstructor, '/cohorts/new');
	await page.goto('/cohorts/new');
	const name = `Practice watch ${Date.now().toString(36)}`;
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Create the cohort' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	const cohortUrl = new URL(page.url()).pathname;
	await page.goto(`${cohortUrl}/roster`);
	await page.getByLabel('Username').fill(ACCOUNTS.predictJs.username);
	await page.getByLabel('Display name').fill(ACCOUNTS.predictJs.displayName);
	await page.getByRole('button', { name: 'Add to the roster' }).click();
	await expect(page.getByText('is now on the roster')).toBeVisible();

	await page.goto(cohortUrl);
	await page
		.getByRole('navigation', { name: 'Cohort' })
		.getByRole('link', { name: 'Practice', exact: true })
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(': practice');
	await expect(page.getByText('No drills played in this time yet.')).toBeVisible();
	await expect(page.getByText('No skill has been practised in this time yet.')).toBeVisible();
	await axe.expectNoAxeViolations();

	// The trainee plays one drill of the day.
	const trainee = await (await browser.newContext()).newPage();
	try {
		await signIn(trainee, ACCOUNTS.predictJs, '/practice');
		await trainee.goto('/practice');
		await trainee.getByRole('button', { name: 'Start practice' }).click();
		for (let decision = 0; decision < 2 && !(await debrief(trainee).isVisible()); decision++) {
			// Drills ask for the trainee's own words first; this test is about the figures.
			await trainee.getByRole('button', { name: 'Skip', exact: true }).click();
			await choices(trainee).getByRole('listitem').getByRole('button').first().click();
			await savedOrDebrief(trainee);
		}
		await expect(debrief(trainee)).toBeVisible();
	} finally {
		await trainee.context().close();
	}

	await page.reload();
	const volume = page.getByRole('table', { name: /^Drills each trainee finished, per ISO week/ });
	const row = volume.getByRole('row').filter({ hasText: ACCOUNTS.predictJs.displayName });
	// The current week is the last column before the total: one drill, new, so nothing due yet.
	await expect(row.getByRole('cell').nth(-3)).toHaveText('1');
	await expect(row.getByRole('cell').nth(-2)).toHaveText('1');
	await expect(row.getByRole('cell').nth(-1)).toHaveText('none due yet');
	const skills = page.getByRole('table', { name: 'Share of due drills passed, per skill' });
	await expect(skills.getByRole('row')).toHaveCount(2);
	await axe.expectNoAxeViolations();
});
