import { describe, expect, it } from 'vitest';
import {
	countPlaywrightReport,
	countStage,
	countVitestReport
} from '../../../scripts/count-results.js';

describe('countStage', () => {
	it('counts a stage as one test', () => {
		expect(countStage(0)).toEqual({ passed: 1, failed: 0 });
		expect(countStage(2)).toEqual({ passed: 0, failed: 1 });
		// Killed by a signal: no exit code at all.
		expect(countStage(null)).toEqual({ passed: 0, failed: 1 });
	});
});

describe('countVitestReport', () => {
	const file = (status: string, tests: string[]) => ({
		status,
		assertionResults: tests.map((s) => ({ status: s }))
	});

	it('takes the test counts', () => {
		const report = {
			numPassedTests: 7,
			numFailedTests: 2,
			testResults: [file('passed', ['passed']), file('failed', ['passed', 'failed'])]
		};
		expect(countVitestReport(report, 1)).toEqual({ passed: 7, failed: 2 });
	});

	it('counts a file that would not load as one failure', () => {
		const report = {
			numPassedTests: 3,
			numFailedTests: 0,
			testResults: [file('passed', ['passed']), file('failed', [])]
		};
		expect(countVitestReport(report, 1)).toEqual({ passed: 3, failed: 1 });
	});

	it('counts a failed run with no failed test as one failure', () => {
		expect(countVitestReport({ numPassedTests: 4, numFailedTests: 0 }, 1)).toEqual({
			passed: 4,
			failed: 1
		});
	});

	it('counts a missing report as one failure', () => {
		expect(countVitestReport(undefined, 1)).toEqual({ passed: 0, failed: 1 });
	});

	it('passes an empty run that exited cleanly', () => {
		expect(countVitestReport({ numPassedTests: 0, numFailedTests: 0, testResults: [] }, 0)).toEqual(
			{ passed: 0, failed: 0 }
		);
	});
});

describe('countPlaywrightReport', () => {
	it('counts flaky tests as passed and errors outside tests as failed', () => {
		const report = {
			stats: { expected: 5, flaky: 1, unexpected: 2, skipped: 3 },
			errors: [{ message: 'spec would not load' }]
		};
		expect(countPlaywrightReport(report, 1)).toEqual({ passed: 6, failed: 3 });
	});

	it('counts a failed run with no failed test as one failure', () => {
		const report = { stats: { expected: 0, unexpected: 0 }, errors: [] };
		expect(countPlaywrightReport(report, 1)).toEqual({ passed: 0, failed: 1 });
		expect(countPlaywrightReport(undefined, 1)).toEqual({ passed: 0, failed: 1 });
	});

	it('passes a clean run', () => {
		const report = { stats: { expected: 4, unexpected: 0 }, errors: [] };
		expect(countPlaywrightReport(report, 0)).toEqual({ passed: 4, failed: 0 });
	});
});
