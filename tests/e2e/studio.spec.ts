import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { newDraft, posted, source } from './studio-helpers';
import {
	formPost,
	horizontalOverflow,
	savedOrDebrief,
	signIn,
	signInCookie
} from './player-helpers';

// The authoring studio (issue 14, first slice), with and without JavaScript: an instructor writes
// a scenario from the template in the browser, sees a mistake in Problems, fixes it and publishes
// it; a trainee finds it in the catalogue and plays it to its debrief. A save from a stale tab is
// refused without losing either text, and trainees cannot enter the studio.

/** The text box: the textarea without JavaScript, the studio's editor with it. */
/** The text the form posts: the textarea itself, or (with JavaScript) the one the editor fills. */
const problems = (page: Page) => page.getByRole('region', { name: 'Problems' });

/** Creates a draft from the template and returns its address. */
test(
	'an instructor writes, fixes and publishes a scenario; a trainee plays it to its debrief',
	{ tag: '@nojs' },
	async ({ page, axe, browser }) => {
		test.setTimeout(180_000);
		const project = test.info().project.name;
		const title = `Studio walk-through ${project}`;

		await signIn(page, ACCOUNTS.studioAuthor, '/studio');
		await page.goto('/studio');
		await axe.expectNoAxeViolations();

		// A library scenario is read-only here; duplicating it makes a draft of the same text.
		await page
			.getByRole('listitem')
			.filter({ hasText: 'Coat still on' })
			.getByRole('button', { name: 'Duplicate to edit' })
			.click();
		await expect(page.getByRole('heading', { level: 1, name: 'Coat still on' })).toBeVisible();
		await expect(posted(page)).toHaveValue(/^---\ntitle: Coat still on\n/);

		await newDraft(page);
		await expect(problems(page)).toContainText('No problems');
		await axe.expectNoAxeViolations();

		// A mistake: the first choice leads to a beat that does not exist.
		const template = await posted(page).inputValue();
		const named = template.replace('title: Untitled scenario', `title: ${title}`);
		const broken = named.replace(
			'"You made it. Do you want a minute to settle before we start?" -> quiet',
			'"You made it. Do you want a minute to settle before we start?" -> quite'
		);
		expect(broken).not.toBe(named);
		await source(page).fill(broken);
		await page.getByRole('button', { name: 'Save draft' }).click();
		await expect(page.getByRole('status')).toContainText('Saved as revision 2, with 1 error');
		await expect(problems(page)).toContainText(
			/\d+:\d+ RAP005 .*`quite`.*\(did you mean `quiet`\?\)/
		);
		await axe.expectNoAxeViolations();

		// Not publishable while it has errors.
		await page.getByRole('button', { name: 'Publish' }).click();
		await expect(page.getByRole('alert')).toContainText('Not published: revision 2 has 1 error');

		// Fixed, then published in one step (Publish saves the text first).
		await source(page).fill(named);
		await page.getByRole('button', { name: 'Publish' }).click();
		await expect(page.getByRole('status')).toContainText('Revision 3 is published');
		await expect(problems(page)).toContainText('No problems');
		await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
		await axe.expectNoAxeViolations();

		// Editing after publishing leaves the published version alone.
		await source(page).fill(named.replace("Sorry I'm late.", "Sorry, sorry I'm late."));
		await page.getByRole('button', { name: 'Save draft' }).click();
		await expect(page.getByRole('status')).toContainText('Saved as revision 4');

		// The trainee finds it in the catalogue and plays it.
		const trainee = await browser.newContext({
			javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false
		});
		try {
			const player = await trainee.newPage();
			await signIn(player, ACCOUNTS.studioTrainee, '/scenarios');
			await player.goto('/scenarios');
			await axe.expectNoAxeViolations(player);
			await player.getByRole('link', { name: title }).click();
			await axe.expectNoAxeViolations(player);
			await player.getByRole('button', { name: 'Start the session' }).click();
			await expect(player).toHaveURL(/\/attempts\/[^/?]+/);
			// The published text, not the edit saved after it.
			await expect(player.getByText("Sorry I'm late.")).toBeVisible();
			await axe.expectNoAxeViolations(player);
			const javaScript = test.info().project.use.javaScriptEnabled !== false;
			for (const response of [
				'Take a breath. Where would you like to begin?',
				'I may have pushed. Did something I said land badly?',
				'Before you go, what made today better than you expected?'
			]) {
				const button = player
					.getByRole('region', { name: 'What do you say?' })
					.getByRole('button', { name: response });
				await button.click();
				if (javaScript) await savedOrDebrief(player);
			}
			const debrief = player.getByRole('region', { name: /^Debrief: / });
			await expect(debrief).toBeVisible();
			await expect(debrief).toContainText('You welcomed him, turned towards the shrug');
			await axe.expectNoAxeViolations(player);
		} finally {
			await trainee.close();
		}
	}
);

test('a save from a stale tab is refused, and both texts are kept @nojs', async ({ page, axe }) => {
	await signIn(page, ACCOUNTS.studioAuthor, '/studio');
	const address = await newDraft(page);
	const other = await page.context().newPage();
	await other.goto(address);
	const template = await posted(page).inputValue();

	// The first tab saves; the second, still on revision 1, saves after it.
	await source(page).fill(template.replace('Untitled scenario', 'Saved in tab A'));
	await page.getByRole('button', { name: 'Save draft' }).click();
	await expect(page.getByRole('status')).toContainText('Saved as revision 2');

	const fromB = template.replace('Untitled scenario', 'Saved in tab B');
	await source(other).fill(fromB);
	await other.getByRole('button', { name: 'Save draft' }).click();
	await expect(other.getByRole('alert')).toContainText(
		'Not saved as the current text: this draft was changed (revision 2)'
	);
	// The editor now holds tab A's text; tab B's is kept as revision 3 and shown beside it.
	await expect(posted(other)).toHaveValue(/title: Saved in tab A/);
	await expect(other.getByLabel('Your text, not saved as current')).toHaveValue(
		/title: Saved in tab B/
	);
	await expect(other.getByRole('region', { name: 'Revisions' })).toContainText(
		'kept aside: it was based on revision 1 when 2 was current'
	);
	await axe.expectNoAxeViolations(other);

	// The kept text stays reachable from the list of revisions.
	await other.goto(address);
	await other.getByRole('link', { name: 'Revision 3' }).click();
	await expect(other.getByLabel('Text of revision 3 (read only)')).toHaveValue(
		/title: Saved in tab B/
	);
	await axe.expectNoAxeViolations(other);
	await expect(posted(other)).toHaveValue(/title: Saved in tab A/);
});

test('trainees get 403 on every studio page and action', async ({ baseURL, page, axe }) => {
	// A draft the trainee will try to reach.
	await signIn(page, ACCOUNTS.studioAuthor, '/studio');
	const address = await newDraft(page);

	const cookie = await signInCookie(baseURL!, ACCOUNTS.studioTrainee);
	for (const path of ['/studio', address, `${address}/preview`]) {
		const response = await fetch(`${baseURL}${path}`, { headers: { cookie }, redirect: 'manual' });
		expect(response.status, path).toBe(403);
	}
	for (const [path, fields] of [
		['/studio?/create', {}],
		['/studio?/duplicate', { scenario: 'coat-still-on' }],
		[`${address}?/save`, { source: 'x', basedOn: '1' }],
		[`${address}?/publish`, { source: 'x', basedOn: '1' }],
		[`${address}?/preview`, { source: 'x', basedOn: '1' }]
	] as const) {
		const response = await formPost(baseURL!, path, cookie, fields);
		expect(response.status, path).toBe(403);
	}

	// And in the browser: the error page says so.
	const trainee = await page.context().browser()!.newContext();
	try {
		const tab = await trainee.newPage();
		await signIn(tab, ACCOUNTS.studioTrainee, '/scenarios');
		const response = await tab.goto('/studio');
		expect(response?.status()).toBe(403);
		await expect(tab.getByText('Your account does not have access to this page.')).toBeVisible();
		await axe.expectNoAxeViolations(tab);
	} finally {
		await trainee.close();
	}
});

test('a draft is seen by its owner and co-authors only', async ({ baseURL, page, axe }) => {
	await signIn(page, ACCOUNTS.studioAuthor, '/studio');
	const address = await newDraft(page);
	const coAuthor = await signInCookie(baseURL!, ACCOUNTS.studioCoAuthor);
	const outsider = await signInCookie(baseURL!, ACCOUNTS.instructor);
	const status = async (cookie: string) =>
		(await fetch(`${baseURL}${address}`, { headers: { cookie }, redirect: 'manual' })).status;
	expect(await status(coAuthor)).toBe(404);

	await page.getByLabel('Co-authors').fill(ACCOUNTS.studioCoAuthor.username);
	await page.getByRole('button', { name: 'Save co-authors' }).click();
	await expect(page.getByRole('status')).toContainText('Co-authors saved.');
	await expect(page.getByRole('region', { name: 'Authors' })).toContainText(
		'Studio Co-author (e2e-studio-coauthor)'
	);
	await axe.expectNoAxeViolations();

	expect(await status(coAuthor)).toBe(200);
	expect(await status(outsider)).toBe(404);
	const list = await (await fetch(`${baseURL}/studio`, { headers: { cookie: coAuthor } })).text();
	expect(list).toContain(`href="${address}"`);

	// On a 360 px phone neither page scrolls sideways.
	await page.setViewportSize({ width: 360, height: 740 });
	for (const path of ['/studio', address, `${address}/preview`]) {
		await page.goto(path);
		expect(await horizontalOverflow(page), path).toBe(0);
	}
	await axe.expectNoAxeViolations();
});

test('a text too large, or one the compiler refuses, gets a clear answer, never a 500', async ({
	baseURL,
	page
}) => {
	await signIn(page, ACCOUNTS.studioAuthor, '/studio');
	const address = await newDraft(page);
	const cookie = await signInCookie(baseURL!, ACCOUNTS.studioAuthor);
	const template = await posted(page).inputValue();

	const huge = await formPost(baseURL!, `${address}?/save`, cookie, {
		source: template + 'x'.repeat(1_100_000),
		basedOn: '1'
	});
	expect(huge.status).toBe(413);
	// Within the server's request limit (BODY_SIZE_LIMIT, 4M as npm start and the e2e server set
	// it), the studio itself answers, with the size and its 1 MB limit.
	expect(await huge.text()).toContain(
		'a scenario may be at most 1,000,000 bytes (1 MB). Nothing was saved'
	);
	// Past the server's request limit, the studio still answers in words.
	const past = await formPost(baseURL!, `${address}?/save`, cookie, {
		source: template + 'x'.repeat(4_500_000),
		basedOn: '1'
	});
	expect(past.status).toBe(413);
	expect(await past.text()).toContain('too large for the server to accept: nothing was saved');

	// Two thousand nested quotes: the compiler refuses the prose (RAP032); the draft keeps it.
	const deep = template.replace("**Sam:** Sorry I'm late.", `${'> '.repeat(2_000)}Deep.`);
	const refused = await formPost(baseURL!, `${address}?/save`, cookie, {
		source: deep,
		basedOn: '1'
	});
	expect(refused.status).toBe(200);
	expect(await refused.text()).toContain('RAP032');

	await page.goto(address);
	await expect(problems(page)).toContainText('RAP032');
	await expect(page.getByRole('region', { name: 'Revisions' }).getByRole('listitem')).toHaveCount(
		2
	);
});
