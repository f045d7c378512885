import type { Locator, Page } from '@playwright/test';
import { ACCOUNTS, type E2eAccount } from './accounts';
import { expect, test } from './fixtures';
import { savedOrDebrief, tabTo } from './player-helpers';

// Issue 14's "Done when", with the keyboard only (JavaScript on, so the studio's code editor):
// an instructor creates a scenario from the template, fixes a mistake from the Problems list,
// previews it from a middle beat with a meter set by hand, publishes it and assigns it to a
// cohort with a trainee on its roster; the trainee finds the assignment and plays it to its
// debrief. Tab, Shift+Tab, Enter, Space, arrows and typing only; axe on every page on the way
// (the draft and the roster once each, after their forms have been used).

/** Tabs to `target`, forwards or backwards depending on where it is from the focus. */
async function reach(page: Page, target: Locator): Promise<void> {
	const before = await target.evaluate(
		(el) =>
			document.activeElement !== null &&
			document.activeElement !== document.body &&
			(document.activeElement.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) !== 0
	);
	await tabTo(page, target, { backwards: before });
}

/** Tabs to `target` and presses `key` on it. */
async function press(page: Page, target: Locator, key = 'Enter'): Promise<void> {
	await reach(page, target);
	await page.keyboard.press(key);
}

/** Tabs to a text field and types into it. */
async function type(page: Page, target: Locator, text: string): Promise<void> {
	await reach(page, target);
	await page.keyboard.type(text);
}

/** Signs in through the form, by keyboard: the first page this user opens. */
async function signIn(page: Page, account: E2eAccount, next: string): Promise<void> {
	await page.goto(`/signin?next=${encodeURIComponent(next)}`);
	await type(page, page.getByLabel('Username'), account.username);
	await type(page, page.getByLabel('Password'), account.password);
	await page.keyboard.press('Enter');
	// Argon2 takes a while on a busy two-core machine.
	await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(account.displayName, {
		timeout: 15_000
	});
}

test('keyboard only: an instructor writes, previews, publishes and assigns; a trainee plays', async ({
	page,
	axe,
	browser
}) => {
	test.setTimeout(120_000);
	const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
	const title = `Keyboard journey ${tag}`;
	const cohortName = `Keyboard cohort ${tag}`;
	const assignmentTitle = `Keyboard week ${tag}`;
	const main = page.getByRole('navigation', { name: 'Main' });

	await signIn(page, ACCOUNTS.journeyAuthor, '/studio');
	await expect(page.getByRole('heading', { level: 1, name: 'Studio' })).toBeVisible();
	await axe.expectNoAxeViolations();

	// A new scenario from the template.
	await press(page, page.getByRole('button', { name: 'New scenario' }));
	await expect(page).toHaveURL(/\/studio\/[A-Za-z0-9_-]+$/);
	const editor = page.getByRole('textbox', { name: 'Scenario source' });
	const problems = page.getByRole('region', { name: 'Problems' });
	await expect(problems).toContainText('No problems: the text in the editor compiles');
	await axe.expectNoAxeViolations();

	// In the editor: a title of its own (line 2), then a slip in the first choice's target.
	const lines = (await page.locator('textarea[name=source]').inputValue()).split('\n');
	const choice = lines.findIndex((l) => l.includes('-> quiet')) + 1;
	await reach(page, editor);
	await page.keyboard.press('Control+Home');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Home');
	await page.keyboard.press('Shift+End');
	await page.keyboard.type(`title: ${title}`);
	for (let i = 2; i < choice; i++) await page.keyboard.press('ArrowDown');
	await page.keyboard.press('End');
	await page.keyboard.type('x');
	const problem = problems.getByRole('button', { name: /RAP005 .*`quietx`.*did you mean `quiet`/ });
	await expect(problem).toContainText(`${choice}:`);
	await expect(problems).toContainText('The text in the editor: 1 error, 0 warnings.');
	await axe.expectNoAxeViolations();

	// The problem takes the focus to its line in the editor; fixed there, and saved.
	await press(page, problem);
	await expect(editor).toBeFocused();
	await expect(page.locator('.cm-activeLine')).toContainText('-> quietx');
	await page.keyboard.press('End');
	await page.keyboard.press('Backspace');
	await expect(problems).toContainText('No problems: the text in the editor compiles');
	await press(page, page.getByRole('button', { name: 'Save draft' }));
	// The autosave may have kept the text already (a few seconds idle): its revision, then.
	await expect(page.getByRole('status')).toContainText(/Saved as revision \d+\./);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

	// Preview from the middle beat with trust set to 1, played to its debrief.
	await press(page, page.getByRole('button', { name: 'Preview' }));
	await expect(page).toHaveURL(/\/preview\?revision=\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Preview: ${title}`);
	await axe.expectNoAxeViolations();
	const startAt = page.getByLabel('Start at');
	await reach(page, startAt);
	await page.keyboard.press('ArrowDown');
	await expect(startAt).toHaveValue('quiet');
	await reach(page, page.getByLabel(/^trust/));
	await page.keyboard.press('Control+A');
	await page.keyboard.type('1');
	await press(page, page.getByRole('button', { name: 'Start preview' }));
	await expect(page).toHaveURL(/from=quiet/);
	await expect(page.getByText(/Sorry I.m late/)).toHaveCount(0);
	await expect(page.getByRole('region', { name: 'How the client is feeling' })).toContainText(
		'1 of 5'
	);
	await axe.expectNoAxeViolations();
	const choices = page.getByRole('region', { name: 'What do you say?' });
	await press(
		page,
		choices.getByRole('button', { name: 'I may have pushed. Did something I said land badly?' })
	);
	await expect(page.getByText('Names the moment and owns a part of it.')).toBeVisible();
	await press(
		page,
		choices.getByRole('button', {
			name: 'Before you go, what made today better than you expected?'
		})
	);
	await expect(page.getByRole('region', { name: 'Debrief: Same' })).toContainText(
		'something was left unsaid'
	);
	await axe.expectNoAxeViolations();

	// Back to the draft, and published.
	await press(page, page.getByRole('link', { name: 'Back to the draft' }));
	await press(page, page.getByRole('button', { name: 'Publish' }));
	await expect(page.getByRole('status')).toContainText(/Revision \d+ is published/);
	await axe.expectNoAxeViolations();

	// A cohort with the trainee on its roster, and the scenario assigned to it.
	await press(page, main.getByRole('link', { name: 'Cohorts' }));
	await expect(page.getByRole('heading', { level: 1, name: 'Cohorts' })).toBeVisible();
	await axe.expectNoAxeViolations();
	await press(page, page.getByRole('link', { name: 'New cohort' }));
	await axe.expectNoAxeViolations();
	await type(page, page.getByLabel('Name'), cohortName);
	await press(page, page.getByRole('button', { name: 'Create the cohort' }));
	await expect(page.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
	await axe.expectNoAxeViolations();

	await press(page, page.getByRole('link', { name: /^Roster/ }));
	await expect(page.getByRole('heading', { level: 1, name: 'Roster' })).toBeVisible();
	const trainee = ACCOUNTS.journeyTrainee;
	await type(page, page.getByLabel('Username'), trainee.username);
	await type(page, page.getByLabel('Display name'), trainee.displayName);
	await press(page, page.getByRole('button', { name: 'Add to the roster' }));
	await expect(page.getByRole('heading', { name: 'Trainees (1)' })).toBeVisible();
	await axe.expectNoAxeViolations();

	await press(page, page.getByRole('link', { name: cohortName }));
	await press(page, page.getByRole('link', { name: 'Assign scenarios' }).first());
	await expect(page.getByRole('heading', { level: 1, name: 'Assign scenarios' })).toBeVisible();
	await axe.expectNoAxeViolations();
	const pick = page.getByRole('checkbox', { name: new RegExp(`^${title}`) });
	await press(page, pick, 'Space');
	await expect(pick).toBeChecked();
	await type(page, page.getByLabel(/^Title/), assignmentTitle);
	await press(page, page.getByRole('button', { name: 'Assign', exact: true }));
	await expect(page.getByRole('heading', { level: 1, name: cohortName })).toBeVisible();
	await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible();
	await axe.expectNoAxeViolations();

	// The trainee finds the assignment on their home page and plays it to its debrief.
	const context = await browser.newContext();
	try {
		const player = await context.newPage();
		await signIn(player, trainee, '/');
		const assignments = player.getByRole('region', { name: 'Your assignments' });
		await expect(assignments).toContainText(assignmentTitle);
		await axe.expectNoAxeViolations(player);
		await press(player, assignments.getByRole('button', { name: `Start ${title}` }));
		await expect(player).toHaveURL(/\/attempts\/[^/?#]+$/);
		await expect(player.getByText("Sorry I'm late.")).toBeVisible();
		await axe.expectNoAxeViolations(player);
		for (const response of [
			'Take a breath. Where would you like to begin?',
			'I may have pushed. Did something I said land badly?',
			'Before you go, what made today better than you expected?'
		]) {
			await press(
				player,
				player
					.getByRole('region', { name: 'What do you say?' })
					.getByRole('button', { name: response })
			);
			await savedOrDebrief(player);
		}
		// From the start, trust 2 + 3 = 5 reaches the better ending.
		const debrief = player.getByRole('region', { name: 'Debrief: Steadier' });
		await expect(debrief).toContainText('You welcomed him, turned towards the shrug');
		await axe.expectNoAxeViolations(player);
	} finally {
		await context.close();
	}
});
