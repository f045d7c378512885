import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** The draft page's "Scenario source": the code editor with JavaScript, else the textarea. */
export const source = (page: Page) => page.getByLabel('Scenario source');
/** The form's textarea: it holds the text as loaded (the editor does not keep it in step). */
export const posted = (page: Page) => page.locator('textarea[name=source]');

/**
 * Makes a draft from the template and waits until its page is ready to type in: with
 * JavaScript, until the code editor has taken over the textarea (it loads on its own), so a
 * fill cannot land on the textarea as it is being hidden.
 */
export async function newDraft(page: Page): Promise<string> {
	await page.goto('/studio');
	await expect(page.getByRole('heading', { level: 1, name: 'Studio' })).toBeVisible();
	await page.getByRole('button', { name: 'New scenario' }).click();
	await expect(page).toHaveURL(/\/studio\/[A-Za-z0-9_-]+$/);
	await expect(posted(page)).toHaveValue(/title: Untitled scenario/);
	await editorReady(page);
	return new URL(page.url()).pathname;
}

/** With JavaScript, waits until the code editor has taken over the draft page's textarea. */
export async function editorReady(page: Page): Promise<void> {
	if (test.info().project.use.javaScriptEnabled === false) return;
	await expect(page.locator('.cm-content')).toBeVisible();
	await expect(posted(page)).toBeHidden();
}
