import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario, outlineScenario } from '../../src/lib/scenarios';
import { authorChecks, draftOutline } from '../../src/lib/scenarios/author-checks';
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

describe('draftOutline', () => {
	const BROKEN = `---
title: Half written
summary: Still being written.
client: { name: Sam }
difficulty: 1
minutes: 5
principles: [safe-space]
---

## Arrival {#arrival .rupture type=withdrawal}

**Sam:** Hi.

- "Hello." -> next
  scores: safe-space +1
  feedback: Fine.
- "Go on." -> not-written-yet
  scores: safe-space +1
  feedback: Fine.

## Next {#next}

**Sam:** So.

## Aside {#aside}

**Sam:** Nobody gets here.

- "Bye." -> end
  scores: safe-space +1
  feedback: Fine.

## End {#end .ending outcome=stalled}

### Debrief

Done.
`;

	it('marks dead ends, unreachable beats and ruptures of a draft that does not compile', () => {
		const result = compileScenario(BROKEN, 'broken.md');
		expect(result.scenario).toBeUndefined();
		const outline = draftOutline(outlineScenario(BROKEN, 'broken.md'), lintResults([result]));
		const by = new Map(outline.map((b) => [b.id, b]));
		expect(outline.map((b) => b.id)).toEqual(['arrival', 'next', 'aside', 'end']);
		// A choice to a beat not written yet, and a beat with no way out: dead ends.
		expect(by.get('arrival')).toMatchObject({ line: 10, deadEnd: true, rupture: 'withdrawal' });
		expect(by.get('next')).toMatchObject({ line: 21, deadEnd: true, unreachable: false });
		expect(by.get('aside')).toMatchObject({ deadEnd: false, unreachable: true });
		// Only the unreachable aside leads to the ending, so it cannot be reached either.
		expect(by.get('end')).toMatchObject({ kind: 'ending', deadEnd: false, unreachable: true });
	});

	it('marks nothing on a scenario that compiles cleanly', () => {
		const source = readFileSync(join(SAMPLES, 'valid-content-clean', 'input.md'), 'utf8');
		const result = compileScenario(source, 'clean.md');
		const outline = draftOutline(outlineScenario(source, 'clean.md'), lintResults([result]));
		expect(outline).toHaveLength(result.scenario!.beats.length);
		expect(outline.some((b) => b.deadEnd || b.unreachable)).toBe(false);
	});
});
