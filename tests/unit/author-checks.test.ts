import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/lib/scenarios';
import { authorChecks } from '../../src/lib/scenarios/author-checks';
import { lintResults } from '../../src/lib/scenarios/lints';
import { scenarioStats } from '../../src/lib/scenarios/stats';

/** The studio's Checks panel: the stats figures and the content lints, per question, explained. */

const SAMPLES = join(__dirname, '..', 'scenarios', 'samples');

function checksOf(sample: string) {
	const result = compileScenario(
		readFileSync(join(SAMPLES, sample, 'input.md'), 'utf8'),
		`${sample}.md`
	);
	const checks = authorChecks(result.scenario!, result.analysis!, lintResults([result]));
	return { checks, result, byCode: new Map(checks.checks.map((c) => [c.code, c])) };
}

describe('authorChecks', () => {
	it('gives the figures `stats` prints, and says a clean scenario passes every check', () => {
		const { checks, result } = checksOf('valid-content-clean');
		const stats = scenarioStats(result.scenario!, result.analysis!);
		expect(checks).toMatchObject({
			beats: stats.beats,
			decisions: stats.decisions,
			choices: stats.choices,
			endings: stats.endings,
			paths: String(stats.paths),
			longestPath: stats.longestPath,
			total: stats.total,
			exact: true
		});
		expect(checks.pass.shortest).toBe(stats.shortestPass);
		expect(checks.pass.shortest).not.toBeNull();
		expect(checks.pass.summary).toContain('can be reached; the shortest passing path takes');
		expect(checks.checks.map((c) => c.code)).toEqual([
			'RAP050',
			'RAP051',
			'RAP052',
			'RAP043',
			'RAP053'
		]);
		for (const c of checks.checks) {
			expect(c.ok, c.code).toBe(true);
			expect(c.findings).toEqual([]);
			expect(c.meaning.length).toBeGreaterThan(20);
			expect(c.hint.length).toBeGreaterThan(20);
		}
	});

	it('reports a passing surface strategy with the lint’s own finding and its line', () => {
		const { byCode } = checksOf('rap051-always-first-passes');
		const surface = byCode.get('RAP051')!;
		expect(surface.ok).toBe(false);
		// The sample's expected diagnostics: three strategies pass, each reported on line 13.
		expect(surface.summary).toBe('3 surface strategies reach the pass mark.');
		expect(surface.findings).toHaveLength(3);
		expect(surface.findings[0]).toEqual({
			line: 13,
			column: 1,
			message: expect.stringContaining('always choosing the first response as written scores 100')
		});
		expect(surface.hint).toContain('Vary which response is best');
	});

	it('reports endings against scores and length bias from their lints', () => {
		expect(checksOf('rap052-good-ending-below-pass').byCode.get('RAP052')!.ok).toBe(false);
		expect(checksOf('rap050-best-is-longest').byCode.get('RAP050')!.summary).toBe(
			'The best response is too often the longest, or the worst the shortest.'
		);
	});

	it('says where each critical action can be met, and who is capped', () => {
		const { byCode } = checksOf('valid-critical-actions');
		const coverage = byCode.get('RAP043')!;
		expect(coverage.ok).toBe(true);
		expect(coverage.summary).toBe('Every critical action can be met on some path.');
		expect(coverage.notes).toEqual([
			'“Ask directly about risk” can be met at “Low”, “Plan”; every path passes there.'
		]);
	});
});
