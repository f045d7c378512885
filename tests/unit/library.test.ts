import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario, formatDiagnostic } from '../../src/lib/scenarios';
import { PRINCIPLE_IDS } from '../../src/lib/scenarios/principles';
import { libraryMarkdown, scenarioStats } from '../../src/lib/scenarios/stats';
import { REPAIR_TAGS } from '../../src/lib/scenarios/tags';
import type { Analysis, Scenario } from '../../src/lib/scenarios/types';

// The library's coverage rules (issue 6), asserted from the compiled files so the library
// cannot silently regress when a scenario is edited.

const DIR = 'src/lib/scenarios/library';
const files = readdirSync(DIR)
	.filter((f) => f.endsWith('.md'))
	.sort();
const compiled = files.map((f) => {
	const result = compileScenario(readFileSync(join(DIR, f), 'utf8'), `${DIR}/${f}`);
	return { file: f, ...result };
});
const library = compiled
	.filter((c) => c.scenario && c.analysis)
	.map((c) => ({ scenario: c.scenario as Scenario, analysis: c.analysis as Analysis }));

const countWhere = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;

describe('the scenario library', () => {
	it('has at least twelve scenarios, each lint-clean with no warnings', () => {
		expect(files.length).toBeGreaterThanOrEqual(12);
		for (const c of compiled) expect(c.diagnostics.map(formatDiagnostic)).toEqual([]);
		expect(library).toHaveLength(files.length);
	});

	it.each(files)(
		'%s: 8+ decisions on its longest path, 3+ endings of different outcomes, 3 choices at most decisions',
		(file) => {
			const { scenario, analysis } = library.find((l) => l.scenario.file.endsWith(file))!;
			expect(analysis.longestPath).toBeGreaterThanOrEqual(8);
			const outcomes = new Set(
				scenario.beats.filter((b) => b.kind === 'ending').map((b) => b.outcome)
			);
			expect(outcomes.size).toBeGreaterThanOrEqual(3);
			const decisions = scenario.beats.filter((b) => b.kind === 'decision');
			expect(countWhere(decisions, (b) => b.choices.length >= 3) * 2).toBeGreaterThan(
				decisions.length
			);
		}
	);

	it.each(files)(
		'%s: every choice has feedback tied to principles, every unhelpful one a better alternative',
		(file) => {
			const { scenario } = library.find((l) => l.scenario.file.endsWith(file))!;
			for (const choice of scenario.beats.flatMap((b) => b.choices)) {
				expect(choice.feedback.length, choice.id).toBeGreaterThan(20);
				expect(Object.keys(choice.scores).length, choice.id).toBeGreaterThan(0);
				if (choice.verdict === 'unhelpful') expect(choice.better, choice.id).toBeTruthy();
			}
		}
	);

	it('scores every principle in at least two scenarios', () => {
		for (const p of PRINCIPLE_IDS) {
			const n = countWhere(library, (l) =>
				l.scenario.beats.some((b) => b.choices.some((c) => p in c.scores))
			);
			expect(n, p).toBeGreaterThanOrEqual(2);
		}
	});

	it('makes each contrast a real decision in at least three scenarios', () => {
		const stats = library.map((l) => scenarioStats(l.scenario, l.analysis));
		for (const contrast of ['i-statement', 'change-tactic', 'address-rupture'])
			expect(
				countWhere(stats, (s) => s.contrasts.includes(contrast)),
				contrast
			).toBeGreaterThanOrEqual(3);
	});

	it('has withdrawal and confrontation ruptures, each with a repairing and a non-repairing choice', () => {
		for (const type of ['withdrawal', 'confrontation']) {
			const beats = library.flatMap((l) => l.scenario.beats.filter((b) => b.rupture === type));
			expect(beats.length, type).toBeGreaterThan(0);
			const both = beats.some(
				(b) =>
					b.choices.some((c) => c.tags.some((t) => REPAIR_TAGS.includes(t))) &&
					b.choices.some((c) => !c.tags.some((t) => REPAIR_TAGS.includes(t)))
			);
			expect(both, type).toBe(true);
		}
	});

	it('ends at least one scenario, on its best path, in a referral', () => {
		const referrals = library.filter(({ scenario, analysis }) =>
			analysis.bestTotalEndings.some(
				(id) => scenario.beats.find((b) => b.id === id)?.outcome === 'referred'
			)
		);
		expect(referrals.length).toBeGreaterThanOrEqual(1);
	});

	it('has at least one scenario that spans later sessions and practises patience', () => {
		const spans = library.filter(({ scenario }) => {
			const text = [scenario.session ?? '', ...scenario.beats.map((b) => b.title)].join(' ');
			const numbers = new Set([...text.matchAll(/session\s+(\d+)/gi)].map((m) => m[1]));
			const later = /(weeks?|months?) later|next session|later session/i.test(text);
			const patience = scenario.beats.some((b) => b.choices.some((c) => 'patience' in c.scores));
			return patience && (numbers.size >= 2 || later);
		});
		expect(spans.length).toBeGreaterThanOrEqual(1);
	});

	it('has at least three scenarios at each difficulty', () => {
		for (const level of [1, 2, 3])
			expect(
				countWhere(library, (l) => l.scenario.difficulty === level),
				`level ${level}`
			).toBeGreaterThanOrEqual(3);
	});

	it('keeps docs/library.md in step with the library', () => {
		const rows = library.map((l) => scenarioStats(l.scenario, l.analysis));
		const committed = readFileSync('docs/library.md', 'utf8');
		expect(committed, 'run `npm run scenarios -- stats --markdown > docs/library.md`').toBe(
			libraryMarkdown(rows)
		);
	});
});
