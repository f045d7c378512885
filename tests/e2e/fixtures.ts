// Shared by every end-to-end spec: import { test, expect } from here, not from @playwright/test.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export { expect };

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** The store folder of the shared web server (set by playwright.config.ts). */
export function e2eDataDir(): string {
	const dir = process.env.RAPPORT_E2E_DATA_DIR;
	if (!dir) throw new Error('e2eDataDir: RAPPORT_E2E_DATA_DIR is unset; run through Playwright.');
	return dir;
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

/** A port nobody is listening on, for a server of one's own. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export interface RunningServer {
	url: string;
	port: number;
	dataDir: string;
	/** Everything the server printed so far, for failure messages. */
	output(): string;
	/** Shuts down as in production (SIGTERM: open requests finish). */
	stop(): Promise<void>;
	/** Dies at once (SIGKILL), as in a crash or power loss. */
	kill(): Promise<void>;
}

/**
 * Starts a server of one's own (`node build`) on `dataDir`, for tests that stop or kill it, or
 * start a second one on the same store. Resolves once it answers HTTP. Needs `npm run build`.
 */
export async function startServer({
	dataDir,
	port,
	env = {},
	timeoutMs = 15_000
}: {
	dataDir: string;
	port?: number;
	env?: Record<string, string>;
	timeoutMs?: number;
}): Promise<RunningServer> {
	const serverPort = port ?? (await freePort());
	const url = `http://127.0.0.1:${serverPort}`;
	const child = spawn(process.execPath, ['build'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(serverPort),
			ORIGIN: url,
			DATA_DIR: dataDir,
			RAPPORT_DEMO_ACCOUNTS: '0',
			...env
		}
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let hasExited = false;
	void exited.then(() => (hasExited = true));

	const end = async (signal: NodeJS.Signals) => {
		if (hasExited) return;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(timer);
	};
	const server: RunningServer = {
		url,
		port: serverPort,
		dataDir,
		output: () => output,
		stop: () => end('SIGTERM'),
		kill: () => end('SIGKILL')
	};

	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (hasExited) throw new Error(`startServer: the server exited while starting:\n${output}`);
		try {
			await fetch(url, { redirect: 'manual' });
			return server;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	await server.kill();
	throw new Error(`startServer: no answer from ${url} within ${timeoutMs} ms:\n${output}`);
}
