import { readFileSync } from 'node:fs';
import { passMarkOf, verdictOf } from '../../src/lib/server/pass-mark';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shuffledChoices } from '../../src/lib/machines/order';
import { replay } from '../../src/lib/machines/replay';
import { machineForScenario } from '../../src/lib/machines/scenario-machine';
import { responseLabel } from '../../src/lib/play/transcript';
import {
	evaluateCondition,
	isConditionError,
	parseCondition
} from '../../src/lib/scenarios/condition';
import { compileScenario } from '../../src/lib/scenarios/index';
import { scoreCard } from '../../src/lib/scenarios/score';
import type { Condition } from '../../src/lib/scenarios/types';

/**
 * The format's second set of constructs (issue 11), end to end: compiled from the golden
 * samples, run through the XState machine by replay as the server runs it, and scored by the
 * one scoring rule.
 */

function sample(name: string) {
	const file = fileURLToPath(new URL(`../scenarios/samples/${name}/input.md`, import.meta.url));
	const result = compileScenario(readFileSync(file, 'utf8'), `${name}/input.md`);
	if (!result.scenario || !result.analysis) throw new Error(JSON.stringify(result.diagnostics));
	const scenario = result.scenario;
	const machine = machineForScenario(scenario);
	return {
		scenario,
		analysis: result.analysis,
		play: (choices: string[], seed?: string) => replay(machine, choices, seed)
	};
}

function parse(source: string): Condition {
	const result = parseCondition(source);
	if (isConditionError(result)) throw new Error(`${source}: ${result.message}`);
	return result;
}

describe('conditions on flags and on the path', () => {
	it('reads flag tests and path tests', () => {
		expect(parse('has minimised-risk')).toEqual({ op: 'flag', flag: 'minimised-risk' });
		expect(parse('not minimised-risk')).toEqual({
			op: 'not',
			arg: { op: 'flag', flag: 'minimised-risk' }
		});
		expect(parse('trust >= 2 and not x')).toEqual({
			op: 'and',
			args: [
				{ op: 'cmp', meter: 'trust', cmp: '>=', value: 2 },
				{ op: 'not', arg: { op: 'flag', flag: 'x' } }
			]
		});
		expect(parse('met ask')).toEqual({ op: 'met', action: 'ask' });
		expect(parse('missed ask')).toEqual({ op: 'not', arg: { op: 'met', action: 'ask' } });
		expect(parse('ignored rupture at wary')).toEqual({
			op: 'rupture',
			handled: 'ignored',
			beat: 'wary'
		});
		expect(parse('repaired late')).toEqual({ op: 'rupture', handled: 'late' });
		expect(parse('repaired at once at wary')).toEqual({
			op: 'rupture',
			handled: 'at-once',
			beat: 'wary'
		});
		expect(parse('unrepaired rupture')).toEqual({ op: 'rupture', handled: 'never' });
		// A meter may still be called `met`: a comparison after the word wins.
		expect(parse('met >= 1')).toEqual({ op: 'cmp', meter: 'met', cmp: '>=', value: 1 });
	});

	it.each([
		['has', 'expected a flag name but found the end', 3],
		['has and', 'expected a flag name but found `and`', 4],
		['ignored wary', 'expected `rupture` but found `wary`', 8],
		['repaired soon', 'expected `at` but found `soon`', 9],
		['repaired at twice', 'expected `once` but found `twice`', 12]
	])('rejects %j: %s', (source, message, offset) => {
		expect(parseCondition(source)).toEqual({ message, offset });
	});

	it('evaluates flags and the path with the one evaluator', () => {
		const facts = {
			flags: ['x'],
			met: ['ask'],
			ruptures: [
				{ beat: 'wary', handled: 'late' as const, repairedAt: 'later' },
				{ beat: 'cold', handled: 'at-once' as const, repairedAt: 'cold' }
			]
		};
		const holds = (source: string) => evaluateCondition(parse(source), { trust: 2 }, facts);
		expect(holds('has x and trust == 2')).toBe(true);
		expect(holds('not x')).toBe(false);
		expect(holds('has y')).toBe(false);
		expect(holds('met ask')).toBe(true);
		expect(holds('missed ask')).toBe(false);
		expect(holds('ignored rupture at wary')).toBe(true);
		expect(holds('ignored rupture at cold')).toBe(false);
		expect(holds('repaired late')).toBe(true);
		expect(holds('repaired at once at cold')).toBe(true);
		expect(holds('unrepaired rupture')).toBe(false);
		// Without facts, no flag is set.
		expect(evaluateCondition(parse('has x'), {})).toBe(false);
	});
});

describe('memory flags', () => {
	const { play } = sample('valid-memory-flags');

	it('offers choices by flag, and the client remembers a remark two beats later', () => {
		const brushed = play(['weekend.1']);
		expect(brushed.flags).toEqual(['minimised-risk']);
		expect(brushed.available).toEqual(['middle.1', 'middle.3']);
		// The middle beat's first variant ("It's nothing, like you said") showed.
		expect(brushed.visits[1]).toEqual({ beat: 'middle', prose: [0] });
		const asked = play(['weekend.2']);
		expect(asked.available).toEqual(['middle.2', 'middle.3']);
		expect(asked.visits[1]).toEqual({ beat: 'middle', prose: [1] });
	});

	it('clears a flag, routes on flags, and picks debrief notes by flag', () => {
		const repaired = play(['weekend.1', 'middle.1']);
		expect(repaired.flags).toEqual([]);
		expect(repaired.output?.ending).toBe('unheard');
		expect(repaired.visits.at(-1)).toEqual({ beat: 'unheard', notes: [] });
		const left = play(['weekend.1', 'middle.3']);
		expect(left.visits.at(-1)).toEqual({ beat: 'unheard', notes: [0] });
		const heard = play(['weekend.2', 'middle.2']);
		expect(heard.output?.ending).toBe('heard');
		expect(heard.flags).toEqual(['asked-directly']);
	});
});

describe('conditional prose and cues', () => {
	const { scenario, play } = sample('valid-conditional-prose-and-cues');

	it('reads cues apart from speech, conditional or not', () => {
		const next = scenario.beats.find((b) => b.id === 'next')!;
		expect(next.prose.map((p) => [p.kind, p.variant ?? null])).toEqual([
			['cue', 'if'],
			['cue', 'else-if'],
			['cue', 'else'],
			['line', 'if'],
			['line', 'else'],
			['narration', 'if']
		]);
		expect(scenario.beats[0].prose[0]).toMatchObject({ kind: 'cue', line: 14 });
	});

	it('shows exactly one variant of each group, chosen by the state on entry', () => {
		expect(play(['opening.1']).visits[1].prose).toEqual([0, 3]);
		expect(play(['opening.2']).visits[1].prose).toEqual([2, 4, 5]);
	});
});

describe('critical actions', () => {
	const { scenario, analysis, play } = sample('valid-critical-actions');

	it('reports where each action can be met and whether every path passes there', () => {
		expect(analysis.critical).toEqual({
			'ask-about-risk': { beats: ['low', 'plan'], everyPath: true }
		});
	});

	it('caps an attempt that missed one below the pass mark, whatever its points', () => {
		const missed = play(['low.2', 'plan.2']);
		expect(missed.met).toEqual([]);
		const card = scoreCard(scenario, analysis, missed);
		expect(card.uncapped).toBe(100);
		expect(card.normalised).toBe(50);
		const completed = { status: 'completed' as const, result: { ...card } };
		expect(verdictOf(completed, passMarkOf(undefined, scenario.pass))?.passed).toBe(false);
		// Not even under an assignment's mark set below the cap: a missed critical action fails.
		expect(verdictOf(completed, passMarkOf({ passMark: 40 }, scenario.pass))?.passed).toBe(false);
		expect(card.critical).toEqual([
			{ id: 'ask-about-risk', title: 'Ask directly about risk', met: false, cap: 50 }
		]);
		expect(missed.visits.at(-1)).toEqual({ beat: 'end', notes: [0] });
	});

	it('leaves an attempt that met it uncapped', () => {
		const asked = play(['low.2', 'plan.1']);
		expect(asked.met).toEqual(['ask-about-risk']);
		const card = scoreCard(scenario, analysis, asked);
		expect(card.uncapped).toBeUndefined();
		expect(card.normalised).toBe(100);
		const completed = { status: 'completed' as const, result: { ...card } };
		expect(verdictOf(completed, passMarkOf(undefined, scenario.pass))?.passed).toBe(true);
		expect(asked.visits.at(-1)).toEqual({ beat: 'end', notes: [] });
	});
});

describe('late repair', () => {
	const { scenario, analysis, play } = sample('valid-late-repair');

	it('tells repaired at once, repaired late and never repaired apart', () => {
		expect(play(['start.1', 'wary.2']).ruptures).toEqual([
			{ beat: 'wary', handled: 'at-once', repairedAt: 'wary' }
		]);
		const late = play(['start.1', 'wary.1', 'later.1']);
		expect(late.ruptures).toEqual([{ beat: 'wary', handled: 'late', repairedAt: 'later' }]);
		expect(scoreCard(scenario, analysis, late).ruptures).toEqual(late.ruptures);
		// Both notes apply: repaired late, and the rupture at `wary` was not repaired at once.
		expect(late.visits.at(-1)).toEqual({ beat: 'calm', notes: [0, 1] });
		expect(play(['start.1', 'wary.1', 'later.2']).ruptures).toEqual([
			{ beat: 'wary', handled: 'never' }
		]);
	});

	it('no longer warns (RAP019) when a good ending needs a late repair', () => {
		expect(
			compileScenario(
				readFileSync(
					fileURLToPath(
						new URL('../scenarios/samples/valid-late-repair/input.md', import.meta.url)
					),
					'utf8'
				),
				'late.md'
			).diagnostics
		).toEqual([]);
	});
});

describe('silence choices', () => {
	const { scenario } = sample('valid-silence-choice');

	it('shows a silence as [Stay silent] and an action in brackets, speech in quotes', () => {
		const [silence, action, speech] = scenario.beats[0].choices;
		expect(responseLabel(silence)).toBe('[Stay silent]');
		expect(responseLabel(action)).toBe('[Pass her the tissues and wait]');
		expect(responseLabel(speech)).toBe("“Let's move on to something lighter.”");
	});
});

describe('choice order', () => {
	const { play: playRating } = sample('valid-fixed-order');
	const { scenario, analysis } = sample('valid-critical-actions');
	const machine = machineForScenario(scenario);
	const seeds = Array.from({ length: 40 }, (_, i) => `seed-${i}`);

	it('shuffles by the attempt seed: the same seed gives the same order every time', () => {
		for (const seed of seeds)
			expect(replay(machine, [], seed).available).toEqual(replay(machine, [], seed).available);
		const orders = new Set(seeds.map((seed) => replay(machine, [], seed).available.join()));
		// Two choices: both orders occur over forty seeds.
		expect(orders).toEqual(new Set(['low.1,low.2', 'low.2,low.1']));
		// Every order holds the same choices, and without a seed the written order stands.
		expect(replay(machine, []).available).toEqual(['low.1', 'low.2']);
	});

	it('never changes the result: scoring replays by choice id', () => {
		const path = ['low.2', 'plan.2'];
		const cards = seeds.map((seed) => scoreCard(scenario, analysis, replay(machine, path, seed)));
		expect(new Set(cards.map((c) => JSON.stringify(c))).size).toBe(1);
	});

	it('shuffles four choices into many orders, each choice first about as often', () => {
		const firsts = new Map<string, number>();
		for (let i = 0; i < 400; i++) {
			const first = shuffledChoices(`s${i}`, 'rating', ['a', 'b', 'c', 'd'])[0];
			firsts.set(first, (firsts.get(first) ?? 0) + 1);
		}
		for (const id of ['a', 'b', 'c', 'd']) expect(firsts.get(id)).toBeGreaterThan(60);
	});

	it('always gives a permutation of the choices, the same one for the same seed and beat', () => {
		fc.assert(
			fc.property(
				fc.string(),
				fc.string(),
				fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 12 }),
				(seed, beat, ids) => {
					const order = shuffledChoices(seed, beat, ids);
					expect([...order].sort()).toEqual([...ids].sort());
					expect(shuffledChoices(seed, beat, ids)).toEqual(order);
				}
			)
		);
	});

	it('keeps a `.fixed-order` beat as written whatever the seed', () => {
		const written = ['rating.1', 'rating.2', 'rating.3', 'rating.4'];
		for (const seed of seeds) expect(playRating([], seed).available).toEqual(written);
	});
});
