import type { Page } from '@playwright/test';
import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn, waitForScenario, writeScenarioFile } from './player-helpers';
import { hostileScenario, XSS_FLAG, XSS_TEXT, XSS_VECTORS } from './xss-corpus';

// Every field of a scenario filled with the XSS corpus, then every page that shows it played and
// inspected in Chromium: no script may run and no injected element or attribute may survive.

const ID = 'xss-all';

// What the sanitizer lets through (src/lib/server/markdown.ts); anything else in prose is a leak.
const PROSE_TAGS = [
	'p',
	'em',
	'strong',
	'a',
	'ul',
	'ol',
	'li',
	'blockquote',
	'code',
	'pre',
	'br',
	'h3',
	'h4',
	'del'
];

interface Watch {
	dialogs: string[];
	errors: string[];
	foreign: string[];
}

/** Records anything a payload could cause: dialogs, script errors, CSP reports, outside requests. */
function watch(page: Page, baseURL: string): Watch {
	const seen: Watch = { dialogs: [], errors: [], foreign: [] };
	page.on('dialog', (dialog) => {
		seen.dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	page.on('pageerror', (error) => seen.errors.push(`pageerror: ${error.message}`));
	// Includes "Refused to ... because it violates the Content Security Policy": the policy is a
	// second line of defence, and a payload that reaches it got past the sanitizer.
	page.on('console', (message) => {
		if (message.type() === 'error' || message.type() === 'warning')
			seen.errors.push(`console.${message.type()}: ${message.text()}`);
	});
	page.on('request', (request) => {
		const url = request.url();
		// The corpus names its resources xss.js, xss.css, xss.png, xss-pixel.gif.
		if (!url.startsWith(baseURL) || /\/xss(\.|-pixel)/i.test(new URL(url).pathname))
			seen.foreign.push(url);
	});
	return seen;
}

/** Inspects the page as it stands; returns every problem found (an empty list is a pass). */
async function injected(page: Page): Promise<string[]> {
	// Give late handlers (image errors, autofocus, animations) a moment to fire.
	await page.waitForTimeout(300);
	return page.evaluate(
		({ allowed, flag }) => {
			const problems: string[] = [];
			const describe = (el: Element) => `<${el.localName}> ${el.outerHTML.slice(0, 80)}`;
			if ((window as unknown as Record<string, unknown>)[flag] !== undefined)
				problems.push(`window.${flag} was set`);
			const prose = [...document.querySelectorAll('.prose')];
			if (prose.length === 0) problems.push('no prose containers found: wrong page?');
			for (const container of prose) {
				for (const el of container.querySelectorAll('*')) {
					if (!allowed.includes(el.localName)) problems.push(`in prose: ${describe(el)}`);
					if (el.hasAttribute('style')) problems.push(`style attribute in prose: ${describe(el)}`);
					for (const attr of el.attributes)
						if (!['href', 'title', 'rel'].includes(attr.name))
							problems.push(`attribute ${attr.name} in prose: ${describe(el)}`);
				}
			}
			for (const el of document.querySelectorAll('*')) {
				for (const attr of el.attributes) {
					if (/^on/i.test(attr.name)) problems.push(`handler ${attr.name}: ${describe(el)}`);
					if (
						/^(href|src|srcset|action|formaction|xlink:href|data|background|poster)$/i.test(
							attr.name
						) &&
						/^\s*(javascript|data|vbscript):/i.test(attr.value)
					)
						problems.push(`${attr.name}=${attr.value.slice(0, 40)}: ${describe(el)}`);
				}
			}
			// Outside prose the page has only the app's own elements.
			for (const el of document.querySelectorAll(
				'iframe, frame, object, embed, img, picture, video, audio, base, meta[http-equiv], math, template, textarea:not(#reflection), marquee, isindex'
			))
				problems.push(`element: ${describe(el)}`);
			for (const el of document.querySelectorAll('script'))
				if (
					!(el as HTMLScriptElement).nonce &&
					!(el as HTMLScriptElement).src.startsWith(location.origin)
				)
					problems.push(`script without the page's nonce: ${describe(el)}`);
			for (const el of document.querySelectorAll('link[href]'))
				if (!(el as HTMLLinkElement).href.startsWith(location.origin))
					problems.push(`foreign link: ${describe(el)}`);
			// The app's own charts are labelled images; the scenario map is a labelled group (its
			// beats are links inside it).
			const ours = (el: Element) =>
				el.getAttribute('role') === 'img' ||
				(el.getAttribute('role') === 'group' && el.getAttribute('aria-labelledby') === 'map-title');
			for (const el of document.querySelectorAll('svg'))
				if (!ours(el) || el.closest('.prose'))
					problems.push(`svg that is not one of the app's charts: ${describe(el)}`);
			for (const el of document.querySelectorAll('form'))
				if (el.closest('.prose') || !el.action.startsWith(location.origin))
					problems.push(`form: ${describe(el)}`);
			for (const el of document.querySelectorAll('style'))
				if (/display\s*:\s*none|position\s*:\s*fixed/.test(el.textContent ?? ''))
					problems.push(`style element: ${describe(el)}`);
			// SvelteKit's own route announcer is positioned off screen; nothing else may be.
			for (const el of document.querySelectorAll('[style]:not(#svelte-announcer)'))
				if (/position|url\(|z-index/i.test(el.getAttribute('style') ?? ''))
					problems.push(`style attribute: ${describe(el)}`);
			return problems;
		},
		{ allowed: PROSE_TAGS, flag: XSS_FLAG }
	);
}

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
		// The studio's pages have no prose; the draft page's own editor is a textarea.
		const studioProblems = async () =>
			(await injected(author)).filter(
				(p) =>
					!p.startsWith('no prose') && !p.startsWith('element: <textarea> <textarea id="source"')
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
