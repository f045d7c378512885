// `npm test`: the whole suite, in order: type check, lint, unit tests, then end-to-end tests
// against the production build. Every stage runs even when an earlier one fails, so the summary
// is complete; only a failed build skips the end-to-end tests, which need it.
//
// The last line printed is always `N passed, N failed`, totalled over the stages:
// - unit and e2e add their test counts (from Vitest's and Playwright's JSON reporters);
// - check, lint and build count as one test each: 1 passed, or 1 failed;
// - a runner that fails without a failed test (a file that will not load) counts 1 failed.
// The exit code is non-zero when anything failed.
//
// Usage: node scripts/test.js [check|lint|unit|e2e ...] [--] [runner args]
// Naming stages runs only those (`npm run test:e2e` runs `e2e`, which builds first). Extra
// arguments go to the runner of the one stage named: `node scripts/test.js e2e -- --grep home`.
//
// The e2e stage runs the browser suite twice: on the embedded store (`e2e`), then on a fresh
// PostgreSQL database (`e2e-pg`), skipped with a note when no PostgreSQL answers and failed when
// it is required (RAPPORT_REQUIRE_POSTGRES=1 or CI=true). RAPPORT_E2E_STORE=embedded|postgres
// runs one pass only.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countPlaywrightReport, countStage, countVitestReport } from './count-results.js';
import { findBrowser } from './find-browser.js';
import {
	createTestDatabase,
	postgresRequired,
	postgresUnavailable,
	shownUrl
} from './test-database.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const bin = (/** @type {string} */ name) => join(root, 'node_modules', '.bin', name);
const stageNames = ['check', 'lint', 'unit', 'e2e'];

/** @typedef {{ name: string, passed: number, failed: number, seconds: number, note?: string }} Result */

/** @param {string[]} argv */
function parseArgs(argv) {
	const stages = [];
	let i = 0;
	for (; i < argv.length && stageNames.includes(argv[i]); i++) stages.push(argv[i]);
	if (argv[i] === '--') i++;
	const runnerArgs = argv.slice(i);
	if (runnerArgs.length > 0 && !runnerArgs[0].startsWith('-') && stages.length === 0) {
		return { error: `Unknown stage "${runnerArgs[0]}". Stages: ${stageNames.join(', ')}.` };
	}
	if (runnerArgs.length > 0 && stages.length !== 1) {
		return {
			error: 'Extra arguments need exactly one stage, e.g. `node scripts/test.js unit -- -t name`.'
		};
	}
	return { stages: stages.length > 0 ? stages : stageNames, runnerArgs };
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function run(command, args, env = process.env) {
	console.log(`\n> ${[command, ...args].join(' ')}`);
	const started = performance.now();
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
	if (result.error) console.error(`Could not run ${command}: ${result.error.message}`);
	return { exitCode: result.status, seconds: (performance.now() - started) / 1000 };
}

/** @param {string} file */
function readJson(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * @param {string} name
 * @param {{ passed: number, failed: number }} counts
 * @param {number} seconds
 * @param {string} [note]
 * @returns {Result}
 */
function stageResult(name, counts, seconds, note) {
	const status = counts.failed > 0 ? 'FAILED' : 'ok';
	console.log(
		`\n[${name}] ${status}: ${counts.passed} passed, ${counts.failed} failed` +
			` (${seconds.toFixed(1)} s)${note ? `; ${note}` : ''}`
	);
	return { name, ...counts, seconds, note };
}

/**
 * @param {string} script
 * @param {string[]} runnerArgs
 */
function runScriptStage(script, runnerArgs) {
	const extra = runnerArgs.length > 0 ? ['--', ...runnerArgs] : [];
	const { exitCode, seconds } = run('npm', ['run', script, ...extra]);
	return stageResult(script, countStage(exitCode), seconds);
}

/**
 * @param {string} workDir
 * @param {string[]} runnerArgs
 * @param {string | undefined} postgresSkipped why the PostgreSQL store tests cannot run, if so
 */
function runUnitStage(workDir, runnerArgs, postgresSkipped) {
	const jsonFile = join(workDir, 'vitest.json');
	// Until a module has tests, "no tests" is a pass with 0 tests rather than a failure.
	const { exitCode, seconds } = run(bin('vitest'), [
		'run',
		'--passWithNoTests',
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${jsonFile}`,
		...runnerArgs
	]);
	const vitestReport = readJson(jsonFile);
	const notes = [];
	if (vitestReport?.numTotalTests === 0) notes.push('no unit tests found');
	// vite.config.ts leaves the `postgres` project out (or, when required, fails the run).
	if (postgresSkipped && postgresRequired()) {
		notes.push(`PostgreSQL store tests are required here (CI) and FAILED: ${postgresSkipped}`);
	} else if (postgresSkipped) {
		notes.push(
			`PostgreSQL store tests SKIPPED: ${postgresSkipped}; set RAPPORT_TEST_DATABASE_URL to run them`
		);
	}
	const note = notes.length > 0 ? notes.join('; ') : undefined;
	return stageResult('unit', countVitestReport(vitestReport, exitCode), seconds, note);
}

/**
 * Which stores the browser suite runs against: both by default; RAPPORT_E2E_STORE=embedded or
 * =postgres picks one (a targeted run need not pay for two passes).
 * @returns {{ embedded: boolean, postgres: boolean } | { error: string }}
 */
function e2eStores() {
	const chosen = process.env.RAPPORT_E2E_STORE;
	if (!chosen) return { embedded: true, postgres: true };
	if (chosen === 'embedded' || chosen === 'postgres') {
		return { embedded: chosen === 'embedded', postgres: chosen === 'postgres' };
	}
	return { error: `RAPPORT_E2E_STORE must be embedded or postgres, not "${chosen}".` };
}

/**
 * One Playwright run of the browser suite. `databaseUrl` puts the shared web server on that
 * PostgreSQL database (playwright.config.ts), else on the embedded store in a fresh folder.
 * @param {string} name
 * @param {string} workDir
 * @param {string[]} runnerArgs
 * @param {string} browserPath
 * @param {string} [databaseUrl]
 * @returns {Result}
 */
function runPlaywright(name, workDir, runnerArgs, browserPath, databaseUrl) {
	const jsonFile = join(workDir, `${name}.json`);
	// playwright.config.ts hands this folder to the web server as its DATA_DIR. A folder given
	// by the caller is theirs: used, never deleted.
	const givenDataDir = process.env.RAPPORT_E2E_DATA_DIR;
	const dataDir = givenDataDir || mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
	const env = {
		...process.env,
		CHROMIUM_PATH: browserPath,
		PLAYWRIGHT_JSON_OUTPUT_FILE: jsonFile,
		RAPPORT_E2E_DATA_DIR: dataDir,
		RAPPORT_E2E_DATABASE_URL: databaseUrl ?? ''
	};
	const { exitCode, seconds } = run(
		bin('playwright'),
		['test', '--reporter=list,json', ...runnerArgs],
		env
	);
	const counts = countPlaywrightReport(readJson(jsonFile), exitCode);
	// Keep the store of a failed run: it is the evidence.
	if (counts.failed === 0 && !givenDataDir) rmSync(dataDir, { recursive: true, force: true });
	const note = counts.failed > 0 || givenDataDir ? `store in ${dataDir}` : undefined;
	return stageResult(name, counts, seconds, note);
}

/**
 * The browser suite again, with the web server on a fresh PostgreSQL database made for the run
 * and dropped afterwards (kept when a test failed: it is the evidence). Specs tagged @own-store
 * run in the embedded pass only (playwright.config.ts).
 * @param {string} workDir
 * @param {string[]} runnerArgs
 * @param {string} browserPath
 * @returns {Promise<Result>}
 */
async function runPostgresPass(workDir, runnerArgs, browserPath) {
	const unavailable = await postgresUnavailable();
	if (unavailable && postgresRequired()) {
		return stageResult('e2e-pg', { passed: 0, failed: 1 }, 0, `required here (CI): ${unavailable}`);
	}
	if (unavailable) {
		return stageResult(
			'e2e-pg',
			{ passed: 0, failed: 0 },
			0,
			`SKIPPED, the browser suite did not run on PostgreSQL: ${unavailable}; set RAPPORT_TEST_DATABASE_URL to run it`
		);
	}
	let database;
	try {
		database = await createTestDatabase();
	} catch (e) {
		const reason = `could not create a database at ${shownUrl()}: ${/** @type {Error} */ (e).message}`;
		return stageResult('e2e-pg', { passed: 0, failed: 1 }, 0, reason);
	}
	console.log(`\nBrowser suite on PostgreSQL: ${shownUrl(database.url)}`);
	const result = runPlaywright('e2e-pg', workDir, runnerArgs, browserPath, database.url);
	if (result.failed > 0) {
		const kept = `database ${shownUrl(database.url)} kept`;
		return { ...result, note: result.note ? `${result.note}, ${kept}` : kept };
	}
	await database.drop();
	return result;
}

/**
 * @param {string} workDir
 * @param {string[]} runnerArgs
 * @returns {Promise<Result[]>}
 */
async function runE2eStage(workDir, runnerArgs) {
	const stores = e2eStores();
	if ('error' in stores) {
		console.error(stores.error);
		return [stageResult('e2e', { passed: 0, failed: 1 }, 0, stores.error)];
	}
	const build = run('npm', ['run', 'build']);
	const buildResult = stageResult('build', countStage(build.exitCode), build.seconds);
	if (build.exitCode !== 0) {
		return [
			buildResult,
			stageResult('e2e', { passed: 0, failed: 0 }, 0, 'skipped: the build failed')
		];
	}

	const browser = findBrowser();
	if ('error' in browser) {
		console.error(`\n${browser.error}`);
		return [buildResult, stageResult('e2e', { passed: 0, failed: 1 }, 0, 'no browser')];
	}
	console.log(`\nBrowser: ${browser.path}`);

	const results = [buildResult];
	if (stores.embedded) results.push(runPlaywright('e2e', workDir, runnerArgs, browser.path));
	if (stores.postgres) results.push(await runPostgresPass(workDir, runnerArgs, browser.path));
	return results;
}

async function main() {
	const parsed = parseArgs(process.argv.slice(2));
	if ('error' in parsed) {
		console.error(parsed.error);
		console.log('0 passed, 1 failed');
		process.exitCode = 2;
		return;
	}
	const { stages, runnerArgs } = parsed;
	const workDir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
	/** @type {Result[]} */
	const results = [];
	try {
		for (const stage of stages) {
			if (stage === 'check' || stage === 'lint') results.push(runScriptStage(stage, runnerArgs));
			if (stage === 'unit') {
				results.push(runUnitStage(workDir, runnerArgs, await postgresUnavailable()));
			}
			if (stage === 'e2e') results.push(...(await runE2eStage(workDir, runnerArgs)));
		}
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}

	console.log('\nSummary');
	for (const r of results) {
		const counts = `${r.passed} passed, ${r.failed} failed`;
		console.log(
			`  ${r.name.padEnd(6)} ${counts.padEnd(22)} ${r.seconds.toFixed(1).padStart(6)} s` +
				(r.note ? `  ${r.note}` : '')
		);
	}
	const passed = results.reduce((sum, r) => sum + r.passed, 0);
	const failed = results.reduce((sum, r) => sum + r.failed, 0);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 ? 1 : 0;
}

await main();
