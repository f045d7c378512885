import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn, waitForScenario, writeScenarioFile } from './player-helpers';
import { injected, watch } from './xss-check';
import { hostileScenario, XSS_TEXT, XSS_VECTORS } from './xss-corpus';

// Every field of a scenario filled with the XSS corpus, then every page that shows it played and
// inspected in Chromium: no script may run and no injected element or attribute may survive.

const ID = 'xss-all';

test('the XSS corpus in every field of a scenario never runs and never survives', async ({
	page,
	baseURL
}) => {
	test.setTimeout(90_000);
	expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(50);
	writeScenarioFile(ID, hostileScenario());
	await waitForScenario(baseURL!, ID);
	const seen = watch(page, baseURL!);
	const check = async (where: string) => {
		expect(await injected(page), where).toEqual([]);
		expect(seen, where).toEqual({ dialogs: [], errors: [], foreign: [] });
	};

	await signIn(page, ACCOUNTS.xss, '/scenarios');
	const card = page.getByRole('article').filter({ hasText: 'Every field is hostile.' });
	// Text fields show the markup as text.
	await expect(card.getByRole('link', { name: `Hostile ${XSS_TEXT}` })).toBeVisible();
	await expect(card).toContainText(`Sam ${XSS_TEXT}`);
	expect(await page.evaluate(() => document.querySelectorAll('article .prose').length)).toBe(0);
	// The catalogue has no prose containers, so check it without that rule.
	const catalogueProblems = (await injected(page)).filter((p) => !p.startsWith('no prose'));
	expect(catalogueProblems, 'catalogue').toEqual([]);
	expect(seen, 'catalogue').toEqual({ dialogs: [], errors: [], foreign: [] });

	await card.getByRole('link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hostile ${XSS_TEXT}`);
	await expect(page.getByRole('note', { name: 'Content note' })).toContainText(
		`A note ${XSS_TEXT}`
	);
	await check('intro page');

	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page).toHaveURL(/\/attempts\//);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		`Session with Sam ${XSS_TEXT}`
	);
	await check('play page');

	// The hostile response, so its hostile feedback and better response show (practice).
	const choices = page.getByRole('region', { name: 'What do you say?' }).getByRole('listitem');
	await choices.getByRole('button', { name: `${XSS_TEXT} first response` }).click();
	await expect(page.getByText('Hostile feedback follows.')).toBeVisible();
	await expect(page.getByText(`A better response: “${XSS_TEXT} a better response”`)).toBeVisible();
	await check('play page with feedback');

	// Reload: the server-rendered page, not the one updated in the browser.
	await page.reload();
	await expect(page.getByText('Hostile feedback follows.')).toBeVisible();
	await check('play page reloaded');

	await choices.getByRole('button', { name: `${XSS_TEXT} second response` }).click();
	await expect(page.getByRole('heading', { name: `Debrief: End ${XSS_TEXT}` })).toBeVisible();
	await expect(page.getByText('More hostile feedback.').first()).toBeVisible();
	await check('debrief');

	await page.reload();
	await expect(page.getByRole('heading', { name: `Debrief: End ${XSS_TEXT}` })).toBeVisible();
	await check('debrief reloaded');

	for (const path of ['/me', '/principles/safe-space']) {
		await page.goto(path);
		await expect(page.getByText(`Hostile ${XSS_TEXT}`).first()).toBeVisible();
		const problems = (await injected(page)).filter((p) => !p.startsWith('no prose'));
		expect(problems, path).toEqual([]);
		expect(seen, path).toEqual({ dialogs: [], errors: [], foreign: [] });
	}
});

test('the XSS corpus in a scenario published from the studio never runs when played', async ({
	page,
	baseURL,
	browser
}) => {
	test.setTimeout(120_000);
	// Its own title, so its text (and hash) differ from the SCENARIOS_DIR file's above.
	const hostile = hostileScenario().replace("title: 'Hostile ", "title: 'Hostile studio ");
	expect(hostile).not.toBe(hostileScenario());
	const seen = watch(page, baseURL!);
	const check = async (where: string, prose = true) => {
		const problems = await injected(page);
		expect(prose ? problems : problems.filter((p) => !p.startsWith('no prose')), where).toEqual([]);
		expect(seen, where).toEqual({ dialogs: [], errors: [], foreign: [] });
	};

	// An author imports it into the studio and publishes it.
	const studio = await browser.newContext();
	try {
		const author = await studio.newPage();
		const authorSeen = watch(author, baseURL!);
		await signIn(author, ACCOUNTS.studioAuthor, '/studio');
		await author.goto('/studio');
		await author.getByLabel('Scenario file to import').setInputFiles({
			name: 'hostile.md',
			mimeType: 'text/markdown',
			buffer: Buffer.from(hostile)
		});
		await author.getByRole('button', { name: 'Import', exact: true }).click();
		await expect(author.getByRole('heading', { level: 1 })).toHaveText(
			`Hostile studio ${XSS_TEXT}`
		);
		// The studio's pages have no prose; the draft page's own editor is a textarea, which the
		// code editor (CodeMirror) covers with JavaScript: its own generated stylesheet (classes
		// like `.ͼ1`) and the inline styles on its `cm-` layers are the editor's, not the text's.
		const editorOwn = (p: string) =>
			/^style element: <style> <style>\.ͼ/.test(p) ||
			/^style attribute: <div> <div class="cm-/.test(p);
		const studioProblems = async () =>
			(await injected(author)).filter(
				(p) =>
					!p.startsWith('no prose') &&
					!p.startsWith('element: <textarea> <textarea id="source"') &&
					!editorOwn(p)
			);
		expect(await studioProblems(), 'studio draft').toEqual([]);
		await author.getByRole('button', { name: 'Publish' }).click();
		await expect(author.getByRole('status')).toContainText('is published');
		await author.getByRole('link', { name: 'History', exact: true }).click();
		await expect(author.getByRole('heading', { level: 1 })).toHaveText(
			`History of Hostile studio ${XSS_TEXT}`
		);
		expect(await studioProblems(), 'studio history').toEqual([]);
		expect(authorSeen, 'studio').toEqual({ dialogs: [], errors: [], foreign: [] });
	} finally {
		await studio.close();
	}

	// A trainee finds it in the catalogue and plays it to its debrief.
	await signIn(page, ACCOUNTS.xss, '/scenarios');
	await page.goto('/scenarios');
	await page.getByRole('link', { name: `Hostile studio ${XSS_TEXT}` }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hostile studio ${XSS_TEXT}`);
	await check('studio scenario intro page');
	await page.getByRole('button', { name: 'Start the session' }).click();
	await expect(page).toHaveURL(/\/attempts\//);
	await check('studio scenario play page');
	const choices = page.getByRole('region', { name: 'What do you say?' }).getByRole('listitem');
	await choices.getByRole('button', { name: `${XSS_TEXT} first response` }).click();
	await expect(page.getByText('Hostile feedback follows.')).toBeVisible();
	await check('studio scenario feedback');
	await choices.getByRole('button', { name: `${XSS_TEXT} second response` }).click();
	await expect(page.getByRole('heading', { name: `Debrief: End ${XSS_TEXT}` })).toBeVisible();
	await check('studio scenario debrief');
});
