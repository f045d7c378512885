/**
 * The page budgets from issue 4, measured on the production build (`npm run build` first):
 * (a) the play page's initial JavaScript, gzipped, at most 100 KB; (b) Lighthouse 12.2.3, mobile,
 * on the catalogue and the play page: performance at least 0.95, accessibility 1.0. The server
 * runs on a throwaway store with one trainee, who signs in and starts a practice attempt.
 * Prints the figures and PASS/FAIL. A benchmark, not a timed test: nothing here runs in CI.
 */

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext } from '@playwright/test';
import { createAccount } from '../src/lib/server/auth/accounts';
import { openLowdbStore } from '../src/lib/server/store/lowdb/open';
import type { Role, Store, User } from '../src/lib/server/store';
import { startServer } from '../tests/e2e/server-process';

export const TARGETS = {
	/** Initial JavaScript of the play page, gzipped, in bytes (100 KB). */
	playJsGzip: 100 * 1000,
	performance: 0.95,
	accessibility: 1
} as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROME = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? '/usr/bin/chromium';
const TRAINEE = {
	username: 'bench-trainee',
	password: 'bench-trainee-password',
	displayName: 'Bench Trainee'
};
export const SCENARIO = 'coat-still-on';
const run = promisify(execFile);

/**
 * The production build on a fresh data folder holding one trainee, and a browser page signed in
 * as that trainee on the scenario's intro page. `close()` ends the browser and the server and
 * removes the folder.
 */
export function signedInTrainee(
	name: string,
	trainee: { username: string; password: string; displayName: string }
) {
	return signedIn(name, { ...trainee, role: 'trainee' }, { next: `/scenarios/${SCENARIO}` });
}

/**
 * The production build on a fresh data folder holding one account (and whatever `seed` writes
 * into the store first, given that account), and a browser page signed in as it at `next`.
 * `close()` ends the browser and the server and removes the folder.
 */
export async function signedIn<T = void>(
	name: string,
	account: { username: string; password: string; displayName: string; role: Role },
	options: { next: string; seed?: (store: Store, user: User) => Promise<T> }
) {
	const dataDir = await mkdtemp(join(tmpdir(), `rapport-bench-${name}-`));
	const store = await openLowdbStore({ dataDir, purpose: 'bench seed', backupOnOpen: false });
	const user = await createAccount(store, account);
	const seeded = (await options.seed?.(store, user)) as T;
	await store.close();

	const server = await startServer({ dataDir, env: { NODE_ENV: 'production' }, timeoutMs: 20_000 });
	const browser = await chromium.launch({ executablePath: CHROME, args: ['--disable-gpu'] });
	const close = async () => {
		await browser.close();
		await server.stop();
		await rm(dataDir, { recursive: true, force: true });
	};
	try {
		const context = await browser.newContext({ baseURL: server.url });
		const page = await context.newPage();
		await page.goto(`/signin?next=${encodeURIComponent(options.next)}`);
		await page.getByLabel('Username').fill(account.username);
		await page.getByLabel('Password').fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => url.pathname === options.next);
		return { dataDir, server, context, page, seeded, close };
	} catch (e) {
		await close();
		throw e;
	}
}

interface LighthouseScores {
	performance: number;
	accessibility: number;
	/** Failing accessibility audits, to say why a score is below 1. */
	failing: string[];
}

/** Lighthouse's CLI (mobile is its default form factor), with the session cookie on each request. */
async function lighthouse(url: string, cookie: string, outDir: string): Promise<LighthouseScores> {
	const out = join(outDir, `lighthouse-${Math.random().toString(36).slice(2)}.json`);
	await run(
		join(ROOT, 'node_modules', '.bin', 'lighthouse'),
		[
			url,
			'--quiet',
			'--output=json',
			`--output-path=${out}`,
			'--only-categories=performance,accessibility',
			'--form-factor=mobile',
			'--chrome-flags=--headless=new --no-sandbox --disable-gpu',
			`--extra-headers=${JSON.stringify({ Cookie: cookie })}`
		],
		{ env: { ...process.env, CHROME_PATH: CHROME }, maxBuffer: 64 * 1024 * 1024 }
	);
	const report = JSON.parse(await readFile(out, 'utf8'));
	const failing = Object.values(
		report.audits as Record<string, { id: string; score: number | null; title: string }>
	)
		.filter((a) =>
			report.categories.accessibility.auditRefs.some(
				(r: { id: string; weight: number }) => r.id === a.id && r.weight > 0
			)
		)
		.filter((a) => a.score !== null && a.score < 1)
		.map((a) => `${a.id}: ${a.title}`);
	return {
		performance: report.categories.performance.score,
		accessibility: report.categories.accessibility.score,
		failing
	};
}

/**
 * A first visit to `url`: every JavaScript response gzipped one by one, plus the inline
 * bootstrap (which also carries the page data). Shared with the practice benchmark.
 */
export async function pageJs(context: BrowserContext, url: string) {
	const fresh = await context.newPage();
	const scripts: { url: string; bytes: number }[] = [];
	const pending: Promise<void>[] = [];
	fresh.on('response', (response) => {
		const type = response.headers()['content-type'] ?? '';
		if (!/javascript/.test(type)) return;
		pending.push(
			response.body().then((body) => {
				scripts.push({ url: new URL(response.url()).pathname, bytes: gzipSync(body).length });
			})
		);
	});
	await fresh.goto(url, { waitUntil: 'networkidle' });
	await Promise.all(pending);
	const inline = await fresh.evaluate(() =>
		[...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('')
	);
	await fresh.close();
	const inlineBytes = gzipSync(Buffer.from(inline)).length;
	const jsBytes = scripts.reduce((sum, s) => sum + s.bytes, 0) + inlineBytes;
	return { scripts, inlineBytes, jsBytes };
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

export async function benchPages(): Promise<{ passed: boolean }> {
	if (!existsSync(join(ROOT, 'build', 'index.js'))) {
		console.error('bench pages: build/index.js is missing; run `npm run build` first.');
		return { passed: false };
	}
	if (!existsSync(CHROME)) {
		console.error(`bench pages: no Chromium at ${CHROME}; set CHROMIUM_PATH.`);
		return { passed: false };
	}
	console.log(`Node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);

	const { dataDir, server, context, page, close } = await signedInTrainee('pages', TRAINEE);
	let passed = true;
	try {
		await page.getByRole('button', { name: 'Start the session' }).click();
		await page.waitForURL(/\/attempts\/[^/?]+$/);
		const playUrl = page.url();
		const session = (await context.cookies()).find((c) => c.name === 'rapport_session');
		if (!session) throw new Error('no session cookie after signing in');
		const cookie = `${session.name}=${session.value}`;

		// (a) A first visit to the play page: every JavaScript response, gzipped one by one.
		const { scripts, inlineBytes, jsBytes } = await pageJs(context, playUrl);
		const jsOk = jsBytes <= TARGETS.playJsGzip;
		passed &&= jsOk;
		console.log(
			`\nPlay page initial JavaScript: ${scripts.length} files + inline, ${kb(jsBytes)} gzipped ` +
				`(target <= ${kb(TARGETS.playJsGzip)}): ${jsOk ? 'PASS' : 'FAIL'}`
		);
		for (const s of [...scripts].sort((a, b) => b.bytes - a.bytes).slice(0, 5))
			console.log(`  ${kb(s.bytes).padStart(9)}  ${s.url}`);
		console.log(`  ${kb(inlineBytes).padStart(9)}  (inline bootstrap)`);
		await context.close();

		// (b) Lighthouse, mobile, signed in.
		console.log('\nLighthouse 12.2.3, mobile (simulated throttling):');
		for (const [name, url] of [
			['catalogue /scenarios', `${server.url}/scenarios`],
			['play page', playUrl]
		] as const) {
			const scores = await lighthouse(url, cookie, dataDir);
			const ok =
				scores.performance >= TARGETS.performance && scores.accessibility >= TARGETS.accessibility;
			passed &&= ok;
			console.log(
				`  ${name.padEnd(22)} performance ${scores.performance.toFixed(2)} (>= ${TARGETS.performance}), ` +
					`accessibility ${scores.accessibility.toFixed(2)} (= ${TARGETS.accessibility}): ${ok ? 'PASS' : 'FAIL'}`
			);
			for (const audit of scores.failing) console.log(`    failing: ${audit}`);
		}
	} finally {
		await close();
	}
	console.log(`\npages: ${passed ? 'PASS' : 'FAIL'}`);
	return { passed };
}
