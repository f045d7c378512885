import type { Page } from '@playwright/test';
import { XSS_FLAG } from './xss-corpus';

// The checks the XSS specs run on every page they visit (xss.spec.ts for a published scenario
// and one published from the studio, studio-preview.spec.ts for the studio's preview,
// own-words.spec.ts for a trainee's typed responses): no script ran, nothing reached outside,
// and no injected element or attribute survived.

// What the sanitizer lets through (ALLOWED in src/lib/scenarios/render.ts), written out again
// on purpose: the test is an independent oracle. Anything else in prose is a leak.
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

export interface Watch {
	dialogs: string[];
	errors: string[];
	foreign: string[];
}

/** Records anything a payload could cause: dialogs, script errors, CSP reports, outside requests. */
export function watch(page: Page, baseURL: string): Watch {
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
export async function injected(page: Page): Promise<string[]> {
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
				'iframe, frame, object, embed, img, picture, video, audio, base, meta[http-equiv], math, template, textarea:not(#reflection):not(#own-words), marquee, isindex'
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
			// The app's own charts are labelled images; a scenario map (the debrief's `map`, the
			// studio's `studio-map`) is a labelled group (its beats are links inside it).
			const ours = (el: Element) =>
				el.getAttribute('role') === 'img' ||
				(el.getAttribute('role') === 'group' &&
					['map-title', 'studio-map-title'].includes(el.getAttribute('aria-labelledby') ?? ''));
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
