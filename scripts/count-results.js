// Turns each stage of `npm test` into counts for the one summary line `N passed, N failed`.
// Test runners report how many tests passed and failed; a run can also fail with no failed test
// (a file that will not load, a server that will not start), and that must still count as a
// failure, or the summary would say "0 failed" while the run exits non-zero.

/** @typedef {{ passed: number, failed: number }} Counts */

/**
 * A stage that is not a test runner (check, lint, build) counts as one test.
 * @param {number | null} exitCode
 * @returns {Counts}
 */
export function countStage(exitCode) {
	return exitCode === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/**
 * @param {number | null} exitCode
 * @param {Counts} counts
 * @returns {Counts}
 */
function failIfUncounted(exitCode, counts) {
	if (exitCode !== 0 && counts.failed === 0) return { passed: counts.passed, failed: 1 };
	return counts;
}

/**
 * Vitest's JSON reporter (`--reporter=json`). A file that fails to load has status "failed"
 * but no failed test, so it is counted once on top of the failed tests.
 * @param {any} report parsed JSON, or undefined when the reporter wrote nothing
 * @param {number | null} exitCode
 * @returns {Counts}
 */
export function countVitestReport(report, exitCode) {
	if (!report) return { passed: 0, failed: 1 };
	const brokenFiles = (report.testResults ?? []).filter(
		(/** @type {any} */ file) =>
			file.status === 'failed' &&
			!(file.assertionResults ?? []).some((/** @type {any} */ t) => t.status === 'failed')
	).length;
	return failIfUncounted(exitCode, {
		passed: report.numPassedTests ?? 0,
		failed: (report.numFailedTests ?? 0) + brokenFiles
	});
}

/**
 * Playwright's JSON reporter. `flaky` tests passed on a retry; `errors` are failures outside any
 * test (a spec that will not load, a web server that will not start).
 * @param {any} report parsed JSON, or undefined when the reporter wrote nothing
 * @param {number | null} exitCode
 * @returns {Counts}
 */
export function countPlaywrightReport(report, exitCode) {
	if (!report?.stats) return { passed: 0, failed: 1 };
	const { expected = 0, flaky = 0, unexpected = 0 } = report.stats;
	return failIfUncounted(exitCode, {
		passed: expected + flaky,
		failed: unexpected + (report.errors?.length ?? 0)
	});
}
