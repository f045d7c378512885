import type { Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { readFile } from 'node:fs/promises';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { editorReady, newDraft, posted, source } from './studio-helpers';
import {
	formPost,
	horizontalOverflow,
	signIn,
	signInCookie,
	startAttemptOver
} from './player-helpers';

// The studio's "never lose work" side (issue 14, part 6): history with a diff and Restore,
// import and export, unpublishing, and autosave with a second, stale tab.

const problems = (page: Page) => page.getByRole('region', { name: 'Problems' });
/** The autosave's polite live region (not a second `status`: the page has its own). */
const autosaveStatus = (page: Page) => page.locator('p.autosave[aria-live="polite"]');

test('history shows what changed, restores a revision and downloads any @nojs', async ({
	page,
	axe
}) => {
	test.setTimeout(90_000);
	await signIn(page, ACCOUNTS.historyAuthor, '/studio');
	const address = await newDraft(page);
	const template = await posted(page).inputValue();
	const edited = template.replace("Sorry I'm late.", 'Sorry, the bus broke down.');
	await source(page).fill(edited);
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('status')).toContainText('Saved as revision 2');

	await page.getByRole('link', { name: 'History', exact: true }).click();
	await expect(page).toHaveURL(`${address}/history`);
	await expect(page.getByRole('heading', { level: 1, name: /^History of / })).toBeVisible();
	await expect(
		page.getByText('From revision 1 to revision 2: 1 line added, 1 line removed.')
	).toBeVisible();
	// Insertions and deletions are said in words, not only shown in colour.
	await expect(page.locator('del')).toHaveText(
		/^−Removed, line \d+:\s\*\*Sam:\*\* Sorry I'm late\./
	);
	await expect(page.locator('ins')).toHaveText(
		/^\+Added, line \d+:\s\*\*Sam:\*\* Sorry, the bus broke down\./
	);
	await axe.expectNoAxeViolations();

	await page.getByRole('button', { name: 'Restore revision 1' }).click();
	await expect(page.getByRole('status')).toContainText('Revision 1 is restored as revision 3');
	await expect(
		page.getByText('From revision 2 to revision 3: 1 line added, 1 line removed.')
	).toBeVisible();
	await expect(page.getByRole('row').filter({ hasText: 'restored from revision 1' })).toContainText(
		'3 (current)'
	);
	await axe.expectNoAxeViolations();

	// Any revision downloads as the .md it was.
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download revision 2' }).click();
	expect(await readFile(await (await download).path(), 'utf-8')).toBe(edited);

	// On a 360 px phone the history does not scroll sideways (the diff and table scroll inside).
	await page.setViewportSize({ width: 360, height: 740 });
	expect(await horizontalOverflow(page)).toBe(0);

	await page.getByRole('link', { name: 'Back to the editor' }).click();
	await expect(posted(page)).toHaveValue(template);
});

test('an imported file becomes a draft with its problems listed; export all brings it back', async ({
	page,
	axe
}) => {
	test.setTimeout(90_000);
	const title = `Imported ${test.info().project.name}`;
	await signIn(page, ACCOUNTS.historyAuthor, '/studio');
	await newDraft(page);
	const file = (await posted(page).inputValue())
		.replace('title: Untitled scenario', `title: ${title}`)
		.replace('-> quiet\n  scores: safe-space +0', '-> nowhere\n  scores: safe-space +0');
	await page.goto('/studio');
	const picker = page.getByLabel('Scenario file to import');
	const importFile = async (name: string, buffer: Buffer) => {
		await picker.setInputFiles({ name, mimeType: 'text/markdown', buffer });
		await page.getByRole('button', { name: 'Import', exact: true }).click();
	};

	// Too large, or not UTF-8: a clear message, and nothing imported.
	await importFile('huge.md', Buffer.alloc(1_100_000, 'x'));
	await expect(
		page.getByText(/“huge\.md” is 1,100,000 bytes; a scenario file may be at most 1,000,000/)
	).toBeVisible();
	await importFile('latin1.md', Buffer.from([0x63, 0x61, 0x66, 0xe9]));
	await expect(page.getByRole('alert')).toContainText('“latin1.md” is not UTF-8 text');
	await axe.expectNoAxeViolations();

	// A file with an error is imported all the same; Problems says what is wrong.
	await importFile('imported.md', Buffer.from(file));
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(posted(page)).toHaveValue(file);
	await expect(problems(page)).toContainText(/RAP005 .*`nowhere`/);
	await axe.expectNoAxeViolations();

	await page.goto('/studio');
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Export all my scenarios (.zip)' }).click();
	const files = unzipSync(await readFile(await (await download).path()));
	const texts = Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]);
	const mine = texts.find(([, text]) => text === file);
	expect(mine?.[0]).toMatch(/^imported-[a-z0-9-]+-[a-z0-9_-]+\/current-r1\.md$/);
	expect(strFromU8(files['README.txt'])).toContain(`${title} (not published)`);
});

test('unpublish hides a scenario from new attempts; an attempt already made still shows', async ({
	page,
	baseURL,
	browser,
	axe
}) => {
	test.setTimeout(90_000);
	const title = `Withdrawn ${test.info().project.name}`;
	await signIn(page, ACCOUNTS.historyAuthor, '/studio');
	await newDraft(page);
	await source(page).fill(
		(await posted(page).inputValue()).replace('title: Untitled scenario', `title: ${title}`)
	);
	await page.getByRole('button', { name: 'Publish' }).click();
	await expect(page.getByRole('status')).toContainText('is published');
	const href = await page
		.getByRole('link', { name: 'see it in the catalogue' })
		.getAttribute('href');
	const scenarioId = href!.split('/').pop()!;

	const cookie = await signInCookie(baseURL!, ACCOUNTS.historyTrainee);
	const attemptId = await startAttemptOver(baseURL!, cookie, scenarioId);

	await page.getByRole('button', { name: 'Unpublish' }).click();
	await expect(page.getByRole('status')).toContainText(
		'Unpublished: the catalogue no longer offers it.'
	);
	await axe.expectNoAxeViolations();

	const trainee = await browser.newContext();
	try {
		const player = await trainee.newPage();
		await signIn(player, ACCOUNTS.historyTrainee, '/scenarios');
		await player.goto('/scenarios');
		await expect(player.getByRole('link', { name: title })).toHaveCount(0);
		expect((await player.goto(`/scenarios/${scenarioId}`))?.status()).toBe(404);
		// The attempt already made still shows and opens.
		await player.goto('/me');
		await expect(player.getByText(title).first()).toBeVisible();
		await axe.expectNoAxeViolations(player);
		expect((await player.goto(`/attempts/${attemptId}`))?.status()).toBe(200);
		await expect(player.getByText("Sorry I'm late.")).toBeVisible();

		// Publishing again puts it back.
		await page.getByRole('button', { name: 'Publish' }).click();
		await expect(page.getByRole('status')).toContainText('is published');
		await player.goto('/scenarios');
		await expect(player.getByRole('link', { name: title })).toBeVisible();
	} finally {
		await trainee.close();
	}
});

test("autosave saves idle typing; a stale tab's autosave is refused and both texts are kept", async ({
	page,
	axe
}) => {
	test.skip(test.info().project.use.javaScriptEnabled === false, 'autosave needs JavaScript');
	test.setTimeout(90_000);
	await signIn(page, ACCOUNTS.historyAuthor, '/studio');
	const address = await newDraft(page);
	const other = await page.context().newPage();
	await other.goto(address);
	const template = await posted(page).inputValue();

	await source(page).fill(template.replace('Untitled scenario', 'Autosaved in tab A'));
	await expect(autosaveStatus(page)).toContainText(/Saved at \d\d:\d\d \(revision 2\)/, {
		timeout: 15_000
	});
	await source(other).fill(template.replace('Untitled scenario', 'Autosaved in tab B'));
	await expect(autosaveStatus(other)).toContainText(
		'Not saved: this draft was changed (revision 2) after you opened revision 1',
		{ timeout: 15_000 }
	);
	await axe.expectNoAxeViolations(other);

	// Tab A's text is current; tab B's is kept aside as revision 3.
	await page.goto(`${address}/history?from=2&to=3`);
	await expect(page.getByRole('row').filter({ hasText: '2 (current)' })).toContainText('autosaved');
	await expect(page.getByRole('row').filter({ hasText: 'kept aside' })).toContainText('3');
	await expect(page.locator('ins')).toHaveText(/title: Autosaved in tab B/);
	await expect(page.locator('del')).toHaveText(/title: Autosaved in tab A/);
	await axe.expectNoAxeViolations();

	// The code editor tells the page of changes with a document event; autosave listens to it.
	await page.goto(address);
	await page.evaluate(() =>
		document.dispatchEvent(
			new CustomEvent('rapport:studio-change', { detail: { source: 'From the code editor' } })
		)
	);
	await expect(autosaveStatus(page)).toContainText(/Saved at \d\d:\d\d \(revision 4\)/, {
		timeout: 15_000
	});
	expect(await (await page.request.get(`${address}/revisions/4.md`)).text()).toBe(
		'From the code editor'
	);

	// Leaving the page saves what was typed, without waiting for a pause.
	await page.goto(address);
	await editorReady(page);
	await source(page).fill(template.replace('Untitled scenario', 'Saved on leaving'));
	await page.goto('/studio');
	await expect
		.poll(async () => (await page.request.get(address)).text(), { timeout: 10_000 })
		.toContain('title: Saved on leaving');
});

test('new studio forms refuse cross-site posts; the autosave only takes same-site JSON', async ({
	page,
	baseURL
}) => {
	await signIn(page, ACCOUNTS.historyAuthor, '/studio');
	const address = await newDraft(page);
	const cookie = await signInCookie(baseURL!, ACCOUNTS.historyAuthor);
	const evil = 'https://evil.example';
	for (const [path, fields] of [
		[`${address}/history?/restore`, { revision: '1', basedOn: '1' }],
		[`${address}?/unpublish`, {}],
		['/studio?/import', {}]
	] as const) {
		expect((await formPost(baseURL!, path, cookie, fields, evil)).status, path).toBe(403);
	}
	const autosave = (origin: string, type = 'application/json') =>
		fetch(`${baseURL}${address}/autosave`, {
			method: 'POST',
			headers: { origin, cookie, 'content-type': type },
			body: JSON.stringify({ source: 'x', basedOn: 1, sitting: 'e2e-sitting-1' })
		});
	expect((await autosave(evil)).status).toBe(403);
	expect((await autosave(baseURL!, 'text/plain')).status).toBe(415);
	const saved = await autosave(baseURL!);
	expect(saved.status).toBe(200);
	expect(await saved.json()).toMatchObject({ status: 'saved', revision: 2 });
	// Nothing was restored or changed by the refused posts.
	expect(await (await page.request.get(`${address}/revisions/2.md`)).text()).toBe('x');
	expect((await page.request.get(`${address}/revisions/3.md`)).status()).toBe(404);
});
