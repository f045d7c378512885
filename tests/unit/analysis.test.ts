import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { machineForScenario } from '../../src/lib/machines/scenario-machine';
import type { ScenarioOutput, ScenarioSnapshot } from '../../src/lib/machines/scenario-machine';
import { compileScenario } from '../../src/lib/scenarios/index';
import type { Analysis, CompileResult, Scenario } from '../../src/lib/scenarios/types';
import {
	explore,
	libraryScenarios,
	machineModel,
	random,
	sampleScenarios,
	walkPaths,
	type Reach
} from '../scenarios/walk';

/**
 * The analyser's figures (paths, longest path, exact score ranges, best endings) checked against
 * the compiled machine itself: every path walked up to a cap (sampled beyond it), and an
 * independent memoised search over the machine's states that is exact at any size.
 */

const CAP = Number(process.env.PATH_CAP ?? 20_000);
const SAMPLES = 500;

const sorted = (xs: Iterable<string>) => [...xs].sort();
const setsToArrays = (r: Reach['bestEndings']) =>
	Object.fromEntries(Object.entries(r).map(([p, s]) => [p, sorted(s)]));
const bestArrays = (a: Analysis) =>
	Object.fromEntries(Object.entries(a.bestEndings).map(([p, e]) => [p, sorted(e)]));

/** The oracle must agree with the analysis exactly. */
function expectOracleAgrees(scenario: Scenario, analysis: Analysis) {
	const machine = machineForScenario(scenario);
	const oracle = explore(machine, scenario, Object.keys(analysis.principles));
	expect(oracle.stuck).toEqual([]);
	expect(oracle.root.paths).toBe(analysis.paths);
	expect(oracle.root.longest).toBe(analysis.longestPath);
	expect(oracle.root.total).toEqual(analysis.total);
	expect(oracle.root.principles).toEqual(analysis.principles);
	expect(setsToArrays(oracle.root.bestEndings)).toEqual(bestArrays(analysis));
	expect(sorted(oracle.entered)).toEqual(sorted(analysis.reachable));
	return { machine, oracle };
}

/** Walks paths and checks each against the analysis; returns what it saw. */
function walkAndCheck(scenario: Scenario, analysis: Analysis) {
	const machine = machineForScenario(scenario);
	const endings = new Map(
		scenario.beats.filter((b) => b.kind === 'ending').map((b) => [b.id, b.outcome])
	);
	const seen = new Set<string>();
	const totals = { min: Infinity, max: -Infinity };
	const principles = Object.fromEntries(
		Object.keys(analysis.principles).map((p) => [p, { min: Infinity, max: -Infinity }])
	);
	let longest = 0;
	const problems: string[] = [];
	const fail = (message: string) => problems.length < 5 && problems.push(message);
	const run = walkPaths(
		machineModel(machine, scenario),
		{ cap: CAP, expectedPaths: analysis.paths, samples: SAMPLES },
		(states: ScenarioSnapshot[], events) => {
			const end = states[states.length - 1];
			const route = events.map((e) => e.choiceId).join(' ');
			if (end.status !== 'done') return fail(`${route}: stops in ${String(end.value)}`);
			const out = end.output as ScenarioOutput;
			if (!analysis.endings.includes(out.ending)) fail(`${route}: ends in ${out.ending}`);
			if (endings.get(out.ending) !== out.outcome) fail(`${route}: outcome ${out.outcome}`);
			if (out.choices.join(' ') !== route) fail(`${route}: records ${out.choices.join(' ')}`);
			if (out.total < analysis.total.min || out.total > analysis.total.max)
				fail(`${route}: total ${out.total} outside ${JSON.stringify(analysis.total)}`);
			totals.min = Math.min(totals.min, out.total);
			totals.max = Math.max(totals.max, out.total);
			for (const [p, range] of Object.entries(analysis.principles)) {
				const v = out.scores[p] ?? 0;
				if (v < range.min || v > range.max) fail(`${route}: ${p} ${v} outside range`);
				principles[p].min = Math.min(principles[p].min, v);
				principles[p].max = Math.max(principles[p].max, v);
			}
			for (const p of Object.keys(out.scores))
				if (!(p in analysis.principles)) fail(`${route}: scores unanalysed ${p}`);
			longest = Math.max(longest, events.length);
			seen.add(route);
		}
	);
	return { ...run, problems, distinct: seen.size, totals, principles, longest };
}

function replayOnActor(scenario: Scenario, choiceIds: string[]): ScenarioOutput {
	const actor = createActor(machineForScenario(scenario)).start();
	for (const choiceId of choiceIds) actor.send({ type: 'choice.select', choiceId });
	const snapshot = actor.getSnapshot();
	expect(snapshot.status).toBe('done');
	actor.stop();
	return snapshot.output as ScenarioOutput;
}

describe.each(libraryScenarios())('library scenario $name', ({ result }) => {
	const { scenario, analysis } = result as Required<CompileResult>;

	it('compiles without errors, with an exact analysis', () => {
		expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(scenario).toBeDefined();
		expect(analysis.exact).toBe(true);
	});

	it('has the analysed paths, longest path, score ranges and best endings', () => {
		expectOracleAgrees(scenario, analysis);
	});

	it('ends every walked path in a final state with scores inside the analysed ranges', () => {
		const walk = walkAndCheck(scenario, analysis);
		expect(walk.problems).toEqual([]);
		if (!walk.exhaustive) {
			expect(walk.walked).toBe(SAMPLES);
			return;
		}
		// Walked exhaustively, the extremes must be met, not only respected.
		expect(walk.walked).toBe(analysis.paths);
		expect(walk.distinct).toBe(analysis.paths);
		expect(walk.totals).toEqual(analysis.total);
		expect(walk.principles).toEqual(analysis.principles);
		expect(walk.longest).toBe(analysis.longestPath);
	});

	it('reaches the best and the worst total on a real actor', () => {
		const { oracle } = expectOracleAgrees(scenario, analysis);
		for (const goal of ['min', 'max'] as const) {
			const path = oracle.witness(goal).map((e) => e.choiceId);
			expect(replayOnActor(scenario, path).total).toBe(analysis.total[goal]);
		}
	});
});

/**
 * Random small scenarios: branches, route beats (also as the start), conditional choices and
 * effects that hit the meter bounds, so clamping and guards decide which paths exist.
 */
function randomScenario(seed: number): string {
	const rand = random(seed);
	const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
	const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)];
	const meters = ['trust', 'hope'].slice(0, int(1, 2)).map((name) => {
		const max = int(1, 3);
		return { name, min: 0, max, start: int(0, max) };
	});
	const principles = ['safe-space', 'patience', 'i-statements'];
	const condition = (depth: number): string => {
		const roll = rand();
		if (depth < 2 && roll < 0.2) return `${condition(depth + 1)} and ${condition(depth + 1)}`;
		if (depth < 2 && roll < 0.35) return `(${condition(depth + 1)} or ${condition(depth + 1)})`;
		if (depth < 2 && roll < 0.45) return `not (${condition(depth + 1)})`;
		const m = pick(meters);
		return `${m.name} ${pick(['>=', '<=', '>', '<', '==', '!='])} ${int(m.min - 1, m.max + 1)}`;
	};
	const decisions = int(2, 9);
	const endings = int(1, 3);
	const id = (i: number) => (i < decisions ? `b${i}` : `e${i - decisions}`);
	// Mostly one or two beats ahead, so paths run long; sometimes straight to an ending.
	const target = (i: number) =>
		rand() < 0.15
			? id(decisions + int(0, endings - 1))
			: id(Math.min(decisions + endings - 1, i + int(1, 2)));
	const lines = [
		'---',
		`title: Random ${seed}`,
		'summary: Generated.',
		'client: { name: Rand }',
		'difficulty: 1',
		'minutes: 5',
		`principles: [${principles.join(', ')}]`,
		'meters:',
		...meters.map((m) => `  ${m.name}: { start: ${m.start}, min: ${m.min}, max: ${m.max} }`),
		'---',
		''
	];
	for (let i = 0; i < decisions; i++) {
		lines.push(`## Beat ${i} {#${id(i)}}`, '');
		if (rand() < 0.25) {
			const routes = int(1, 3);
			for (let r = 1; r < routes; r++) lines.push(`-> ${target(i)} if ${condition(0)}`);
			lines.push(`-> ${target(i)}`, '');
			continue;
		}
		const choices = int(1, 3);
		for (let c = 0; c < choices; c++) {
			lines.push(`- "Choice ${c}." -> ${target(i)}`);
			if (c > 0 && rand() < 0.5) lines.push(`  if: ${condition(0)}`);
			const scores = principles
				.filter(() => rand() < 0.5)
				.map((p) => `${p} ${pick(['+', '-'])}${int(1, 2)}`);
			if (scores.length) lines.push(`  scores: ${scores.join(', ')}`);
			const effects = meters
				.filter(() => rand() < 0.6)
				.map((m) => `${m.name} ${pick(['+', '-'])}${int(1, 3)}`);
			if (effects.length) lines.push(`  effects: ${effects.join(', ')}`);
			lines.push('  feedback: Generated.', '  better: "Something else."');
		}
		lines.push('');
	}
	for (let e = 0; e < endings; e++)
		lines.push(
			`## End ${e} {#e${e} .ending outcome=${pick(['stalled', 'ruptured', 'referred'])}}`,
			'',
			'Debrief.',
			''
		);
	return lines.join('\n');
}

describe('random scenarios', () => {
	const cases = Array.from({ length: 150 }, (_, i) => i + 1);

	it('generates a spread of shapes', () => {
		const results = cases.map((seed) => compileScenario(randomScenario(seed), `r${seed}.md`));
		const paths = results.map((r) => r.analysis?.paths ?? 0);
		expect(Math.max(...paths)).toBeGreaterThan(20);
		// Some scenarios have beats that conditions make unreachable: the guards matter.
		expect(results.some((r) => (r.analysis?.unreachable.length ?? 0) > 0)).toBe(true);
	});

	it.each(cases)('seed %i: the analysis matches the machine exactly', (seed) => {
		const result = compileScenario(randomScenario(seed), `r${seed}.md`);
		expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		const { scenario, analysis } = result as Required<CompileResult>;
		expect(analysis.exact).toBe(true);
		expectOracleAgrees(scenario, analysis);
		const walk = walkAndCheck(scenario, analysis);
		expect(walk.problems).toEqual([]);
		if (walk.exhaustive) {
			expect(walk.distinct).toBe(analysis.paths);
			expect(walk.totals).toEqual(analysis.total);
			expect(walk.longest).toBe(analysis.longestPath);
		}
	});
});

describe('analysis beyond the exact limit', () => {
	const sample = sampleScenarios().find((s) => s.name === 'rap031-too-large')!;

	it('gives bounds that contain every real outcome', () => {
		const { scenario, analysis } = sample.result as Required<CompileResult>;
		expect(analysis.exact).toBe(false);
		const machine = machineForScenario(scenario);
		const oracle = explore(machine, scenario, Object.keys(analysis.principles));
		expect(oracle.root.paths).toBeLessThanOrEqual(analysis.paths);
		expect(oracle.root.total.min).toBeGreaterThanOrEqual(analysis.total.min);
		expect(oracle.root.total.max).toBeLessThanOrEqual(analysis.total.max);
	});
});

describe('analysis details', () => {
	const front = (meters: string) =>
		`---\ntitle: T\nsummary: S.\nclient: { name: C }\ndifficulty: 1\nminutes: 1\nprinciples: [patience]\nmeters:\n${meters}\n---\n\n`;

	it('clamps effects at the meter bounds before testing conditions', () => {
		// 2 +2 clamps to 3, then -1 gives 2: only a clamping analyser reaches `exact`.
		const source =
			front('  trust: { start: 2, min: 0, max: 3 }') +
			'## A {#a}\n\n- "Up." -> b\n  effects: trust +2\n  scores: patience +1\n  feedback: F.\n\n' +
			'## B {#b}\n\n- "Down." -> c\n  effects: trust -1\n  feedback: F.\n\n' +
			'## C {#c}\n\n-> exact if trust == 2\n-> other\n\n' +
			'## Exact {#exact .ending outcome=stalled}\n\nD.\n\n## Other {#other .ending outcome=stalled}\n\nD.\n';
		const result = compileScenario(source, 'clamp.md');
		expect(result.analysis?.reachable).toContain('exact');
		expect(result.analysis?.unreachable).toEqual(['other']);
		expect(result.diagnostics.map((d) => [d.code, d.line])).toEqual([['RAP014', 34]]);
		const out = replayOnActor(result.scenario!, ['a.1', 'b.1']);
		expect(out).toMatchObject({ ending: 'exact', meters: { trust: 2 } });
	});

	it('counts only decisions in the longest path, not route beats', () => {
		const source =
			front('  trust: { start: 0, min: 0, max: 1 }') +
			'## R {#r}\n\n-> a\n\n## A {#a}\n\n- "One." -> s\n  scores: patience +1\n  feedback: F.\n\n' +
			'## S {#s}\n\n-> e\n\n## E {#e .ending outcome=stalled}\n\nD.\n';
		const result = compileScenario(source, 'routes.md');
		expect(result.diagnostics).toEqual([]);
		expect(result.analysis).toMatchObject({ paths: 1, longestPath: 1, total: { min: 1, max: 1 } });
	});
});
