import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn, tabTo } from './player-helpers';

// The studio's editor (issue 14, part 2), keyboard only: a mistake typed into a draft shows in
// Problems as soon as typing stops, the problem takes the cursor to it, completion offers the
// draft's beat ids, and the fixed text saves clean. Without JavaScript the page is the plain
// form that studio.spec.ts walks through.

test(
	'the editor checks as you type, and a problem takes the cursor to its line',
	{ tag: '@one-pass' },
	async ({ page, axe }) => {
		// Four axe runs and some eighty key presses on a shared 2-core machine.
		test.setTimeout(120_000);
		await signIn(page, ACCOUNTS.studioAuthor, '/studio');
		await page.goto('/studio');
		const create = page.getByRole('button', { name: 'New scenario' });
		await tabTo(page, create);
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(/\/studio\/[A-Za-z0-9_-]+$/);

		const editor = page.getByRole('textbox', { name: 'Scenario source' });
		const problems = page.getByRole('region', { name: 'Problems' });
		await expect(problems).toContainText('No problems: the text in the editor compiles');
		await axe.expectNoAxeViolations();

		// Each beat under the cursor is announced to the rest of the page (the map listens).
		await page.evaluate(() => {
			const seen: unknown[] = [];
			(window as unknown as { seen: unknown[] }).seen = seen;
			document.addEventListener('rapport:studio-cursor', (e) =>
				seen.push((e as CustomEvent).detail)
			);
		});

		// Into the editor from the keyboard, down to the first choice, and a slip in its target.
		await tabTo(page, editor);
		const template = await page.locator('textarea[name=source]').inputValue();
		const lines = template.split('\n');
		const choice = lines.findIndex((l) => l.includes('-> quiet')) + 1;
		await page.keyboard.press('Control+Home');
		for (let i = 1; i < choice; i++) await page.keyboard.press('ArrowDown');
		await page.keyboard.press('End');
		await page.keyboard.type('x');

		const problem = problems.getByRole('button', {
			name: /RAP005 .*`quietx`.*did you mean `quiet`/
		});
		await expect(problem).toContainText(`${choice}:`);
		await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);
		await expect(problems).toContainText('The text in the editor: 1 error, 0 warnings.');
		await axe.expectNoAxeViolations();

		// The problem moves the cursor to the slip and gives the editor the focus.
		await page.keyboard.press('Control+End');
		await tabTo(page, problem);
		await page.keyboard.press('Enter');
		await expect(editor).toBeFocused();
		await expect(page.locator('.cm-activeLine')).toContainText('-> quietx');
		const seen = await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen);
		expect(seen).toContainEqual({ line: choice, beatId: 'arrival' });

		// Fixed with completion: the target's first letters, then the offered beat id.
		await page.keyboard.press('End');
		for (let i = 0; i < 'quietx'.length; i++) await page.keyboard.press('Backspace');
		await page.keyboard.type('qu');
		await expect(page.getByRole('option', { name: /^quiet/ })).toBeVisible();
		// CodeMirror ignores keys for 75 ms after the list opens, so a fast typist's Enter is a newline.
		await page.waitForTimeout(150);
		await page.keyboard.press('Enter');
		await expect(page.locator('.cm-activeLine')).toContainText('-> quiet');
		await expect(problems).toContainText('No problems: the text in the editor compiles');
		await expect(page.locator('.cm-lintRange-error')).toHaveCount(0);

		// The map's way in: a line number puts the cursor on that beat.
		const heading = lines.findIndex((l) => l.startsWith('## Close')) + 1;
		await page.evaluate(
			(line) =>
				document.dispatchEvent(new CustomEvent('rapport:studio-goto', { detail: { line } })),
			heading
		);
		await expect(editor).toBeFocused();
		await expect(page.locator('.cm-activeLine')).toContainText('## Close {#close}');
		expect(
			await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)
		).toContainEqual({ line: heading, beatId: 'close' });

		// What the editor holds is what the form saves.
		await tabTo(page, page.getByRole('button', { name: 'Save draft' }));
		await page.keyboard.press('Enter');
		// The autosave may have kept the text already (a few seconds idle): its revision, then.
		await expect(page.getByRole('status')).toContainText(/Saved as revision \d+\./);
		await expect(page.locator('textarea[name=source]')).toHaveValue(template);
		await axe.expectNoAxeViolations();
	}
);
