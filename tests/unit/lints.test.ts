import { describe, expect, it } from 'vitest';
import { passMarkOf, passes } from '../../src/lib/server/pass-mark';
import { replay } from '../../src/lib/machines/replay';
import { machineForScenario } from '../../src/lib/machines/scenario-machine';
import { Diagnostics } from '../../src/lib/scenarios/diagnostics';
import {
	lintContent,
	lintRepetition,
	normaliseText,
	playStrategy,
	STRATEGIES,
	type Strategy
} from '../../src/lib/scenarios/lints';
import { resultOf } from '../../src/lib/server/scoring';
import { compileScenario } from '../../src/lib/scenarios/index';
import { generateScenario } from '../../bench/generate';
import { libraryScenarios, sampleScenarios } from '../scenarios/walk';

/**
 * The content lints walk scenarios with their own small stepper (lints/walk.ts); these tests hold
 * it to the machine the server replays attempts with, and its scores to the server's.
 */

const scenarios = [...libraryScenarios(), ...sampleScenarios()];

describe('surface strategies', () => {
	it.each(scenarios.map((s) => [s.name, s.result] as const))(
		'%s: each strategy path replays on the machine to the same ending and score',
		(_, result) => {
			const { scenario, analysis } = result;
			const machine = machineForScenario(scenario!);
			for (const strategy of Object.keys(STRATEGIES) as Strategy[]) {
				const walked = playStrategy(scenario!, analysis!, strategy);
				const served = resultOf(scenario!, analysis!, replay(machine, walked.choices));
				expect(served.ending).toBe(walked.ending.id);
				expect(served.normalised).toBe(walked.normalised);
				expect(passes(served.normalised, passMarkOf(undefined, scenario!.pass))).toBe(
					walked.passed
				);
			}
		}
	);
});

describe('ending contradicts score (RAP052)', () => {
	it.each(scenarios.map((s) => [s.name, s.result] as const))(
		'%s: each reported path replays to its ending and fails or passes as it says',
		(_, result) => {
			const { scenario, analysis } = result;
			const d = new Diagnostics(scenario!.file);
			lintContent(scenario!, analysis!, d);
			const machine = machineForScenario(scenario!);
			for (const diagnostic of d.list.filter((x) => x.code === 'RAP052')) {
				const [, outcome, ending, side] =
					/^`(\w+)` ending `([\w-]+)` is reached by a path that (fails|passes)/.exec(
						diagnostic.message
					)!;
				const path = diagnostic.message.split(': ').pop()!.split(' → ');
				const served = resultOf(scenario!, analysis!, replay(machine, path));
				expect(served.ending).toBe(ending);
				expect(served.outcome).toBe(outcome);
				expect(passes(served.normalised, passMarkOf(undefined, scenario!.pass))).toBe(
					side === 'passes'
				);
			}
		}
	);

	it('on a story too long to search by path length, still reports a real contradicting path', () => {
		const result = compileScenario(generateScenario(300), 'bench.md');
		const { scenario, analysis } = result;
		const d = new Diagnostics(scenario!.file);
		lintContent(scenario!, analysis!, d);
		const reported = d.list.filter((x) => x.code === 'RAP052');
		expect(reported.length).toBeGreaterThan(0);
		const machine = machineForScenario(scenario!);
		for (const diagnostic of reported) {
			expect(diagnostic.message).toContain('; one such path: ');
			const [, ending, side] = /ending `([\w-]+)` is reached by a path that (fails|passes)/.exec(
				diagnostic.message
			)!;
			const path = diagnostic.message.split(': ').pop()!.split(' → ');
			const served = resultOf(scenario!, analysis!, replay(machine, path));
			expect(served.ending).toBe(ending);
			expect(passes(served.normalised, passMarkOf(undefined, scenario!.pass))).toBe(
				side === 'passes'
			);
		}
	});

	it('reports the shortest contradicting path', () => {
		const { result } = sampleScenarios().find((s) => s.name === 'rap052-good-ending-below-pass')!;
		const d = new Diagnostics('x');
		lintContent(result.scenario!, result.analysis!, d);
		// Three decisions on every path, so any path is shortest; the lowest-scoring
		// strengthened path (arrival.1 → quiet.2 → close.2) is the one below 80.
		expect(d.list.map((x) => x.message)).toEqual([
			expect.stringContaining('the shortest such path: arrival.1 → quiet.2 → close.2')
		]);
	});
});

describe('repetition (RAP054)', () => {
	it('normalises case, punctuation and quote style', () => {
		expect(normaliseText('“Before you go… how was today?”')).toBe(
			normaliseText('before you go, how was today')
		);
		expect(normaliseText('OK.')).toBe('ok');
	});

	it('counts places across files, and stays quiet at three', () => {
		const { result } = sampleScenarios().find((s) => s.name === 'rap054-repeated-choice')!;
		const scenario = result.scenario!;
		expect(lintRepetition([result]).map((d) => d.line)).toEqual([17]);
		// The same file under two names: eight places, one warning in each file.
		const second = { ...result, scenario: { ...scenario, file: 'other.md' } };
		expect(lintRepetition([result, second]).map((d) => d.file)).toEqual([
			scenario.file,
			'other.md'
		]);
		// Three places is not yet repetition.
		const beats = scenario.beats.map((b) => ({
			...b,
			choices: b.choices.map((c) => (c.text === 'Ok...' ? { ...c, text: 'Right.' } : c))
		}));
		expect(lintRepetition([{ ...result, scenario: { ...scenario, beats } }])).toEqual([]);
	});
});
