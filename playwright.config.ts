import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// End-to-end tests run against the production build (`npm run build` first; `npm run test:e2e`
// does both), because the dev server skips the CSRF check that form posts meet in production.

// RAPPORT_E2E_PORT lets two checkouts on one machine run their suites side by side.
const port = Number(process.env.RAPPORT_E2E_PORT ?? 4173);
const baseURL = `http://127.0.0.1:${port}`;

// One fresh store per run, shared by the web server and the tests (fixtures.ts exports it).
// Set in the environment so the test workers, which load this file again, see the same folder.
process.env.RAPPORT_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
// The store of the shared web server: PostgreSQL when RAPPORT_E2E_DATABASE_URL names a database
// (scripts/test.js makes a fresh one for its PostgreSQL pass), else the embedded store in the
// folder above. Tests tagged @own-store start servers on stores of their own (or test the
// embedded store's folder); they run once, in the embedded pass.
const databaseUrl = process.env.RAPPORT_E2E_DATABASE_URL ?? '';
// Likewise a scenario folder (SCENARIOS_DIR) that specs write their own scenario files into.
process.env.RAPPORT_E2E_SCENARIOS_DIR ??= mkdtempSync(join(tmpdir(), 'rapport-e2e-scenarios-'));

export default defineConfig({
	testDir: 'tests/e2e',
	forbidOnly: !!process.env.CI,
	// A flaky test is a bug to fix, not to retry.
	retries: 0,
	workers: 2,
	// Tests tagged @one-pass check what the store cannot change (page layout at 360 px, dark
	// mode, the code editor in the browser): the embedded pass runs them, the PostgreSQL pass does
	// not, to keep the whole suite inside its 20 minutes.
	grepInvert: databaseUrl ? /@own-store|@one-pass/ : undefined,
	reporter: 'list',
	use: {
		baseURL,
		browserName: 'chromium',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			// Debian's Chromium, never a downloaded one; scripts/find-browser.js sets CHROMIUM_PATH.
			executablePath:
				process.env.CHROMIUM_PATH ??
				process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ??
				'/usr/bin/chromium',
			args: [
				'--disable-gpu',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-quic'
			]
		}
	},
	projects: [
		{ name: 'js', use: { javaScriptEnabled: true } },
		// Every page must work without JavaScript; tests tagged @nojs run again with it off.
		{ name: 'no-js', use: { javaScriptEnabled: false }, grep: /@nojs/ }
	],
	webServer: {
		command: 'npx tsx tests/e2e/server.ts',
		port,
		reuseExistingServer: false,
		timeout: 30_000,
		gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
		env: {
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: baseURL,
			DATA_DIR: process.env.RAPPORT_E2E_DATA_DIR,
			// Set even when empty: a DATABASE_URL in the caller's shell must not choose the store.
			DATABASE_URL: databaseUrl,
			SCENARIOS_DIR: process.env.RAPPORT_E2E_SCENARIOS_DIR
		}
	}
});
