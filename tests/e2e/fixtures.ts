// Shared by every end-to-end spec: import { test, expect } from here, not from @playwright/test.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };

/** The store folder of the shared web server (set by playwright.config.ts). */
export function e2eDataDir(): string {
	const dir = process.env.RAPPORT_E2E_DATA_DIR;
	if (!dir) throw new Error('e2eDataDir: RAPPORT_E2E_DATA_DIR is unset; run through Playwright.');
	return dir;
}

/**
 * The database of the shared web server in the PostgreSQL pass (scripts/test.js), else undefined:
 * the embedded store in `e2eDataDir()`. A spec's own server passes it on to share the store.
 */
export function e2eDatabaseUrl(): string | undefined {
	return process.env.RAPPORT_E2E_DATABASE_URL || undefined;
}

// WCAG 2.1 A and AA: what accessibility law in most places refers to.
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeOptions {
	include?: string;
	exclude?: string;
	disableRules?: string[];
}

/**
 * axe runs as a script in the page, and a page with JavaScript off (the no-js project) cannot run
 * it: the call hangs, and forcing scripts on through DevTools crashes the tab. So axe checks a
 * copy instead: the same HTML, served at the same address with its own scripts blocked by CSP,
 * in a context with JavaScript on. Styles and images still come from the server.
 */
async function withAnalysablePage<T>(
	page: Page,
	scriptsOff: boolean,
	analyse: (target: Page) => Promise<T>
): Promise<T> {
	if (!scriptsOff) return analyse(page);
	const browser = page.context().browser();
	if (!browser) throw new Error('expectNoAxeViolations: the page has no browser to copy it into.');
	const html = await page.content();
	const address = new URL(page.url());
	address.hash = '';
	// New contexts take the project's options, JavaScript off included, unless told otherwise.
	const context = await browser.newContext({
		javaScriptEnabled: true,
		viewport: page.viewportSize()
	});
	try {
		const copy = await context.newPage();
		await copy.route(address.href, (route) =>
			route.fulfill({
				contentType: 'text/html; charset=utf-8',
				headers: { 'content-security-policy': "script-src 'none'" },
				body: html
			})
		);
		await copy.goto(address.href);
		return await analyse(copy);
	} finally {
		await context.close();
	}
}

/**
 * Fails the test when axe finds WCAG 2.1 A/AA violations on the page as it is now. The full axe
 * report is attached to the test as axe-violations.json; the failure message lists one line each.
 */
export async function expectNoAxeViolations(
	page: Page,
	options: AxeOptions = {},
	testInfo: TestInfo = base.info()
): Promise<void> {
	const scriptsOff = testInfo.project.use.javaScriptEnabled === false;
	const { violations } = await withAnalysablePage(page, scriptsOff, (target) => {
		let builder = new AxeBuilder({ page: target }).withTags(axeTags);
		if (options.include) builder = builder.include(options.include);
		if (options.exclude) builder = builder.exclude(options.exclude);
		if (options.disableRules) builder = builder.disableRules(options.disableRules);
		return builder.analyze();
	});
	if (violations.length > 0) {
		await testInfo.attach('axe-violations.json', {
			body: JSON.stringify(violations, null, 2),
			contentType: 'application/json'
		});
	}
	const summary = violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect(summary, `axe violations on ${page.url()} (full report attached)`).toEqual([]);
}

export const test = base.extend<{
	axe: { expectNoAxeViolations(page?: Page, options?: AxeOptions): Promise<void> };
}>({
	axe: async ({ page }, use, testInfo) => {
		await use({
			expectNoAxeViolations: (target = page, options = {}) =>
				expectNoAxeViolations(target, options, testInfo)
		});
	}
});

export { freePort, startServer, type RunningServer } from './server-process';
