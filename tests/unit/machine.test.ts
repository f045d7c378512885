import { describe, expect, it } from 'vitest';
import { createActor, getInitialSnapshot, getNextSnapshot } from 'xstate';
import { toMachineConfig } from '../../src/lib/machines/config';
import {
	createScenarioMachine,
	machineForScenario,
	type ScenarioMachine,
	type ScenarioOutput,
	type ScenarioSnapshot
} from '../../src/lib/machines/scenario-machine';
import type { CompileResult, Scenario } from '../../src/lib/scenarios/types';
import {
	choose,
	libraryScenarios,
	offered,
	sampleScenarios,
	walkPaths,
	type Model
} from '../scenarios/walk';

/**
 * The compiled config is plain JSON: a machine built from `JSON.parse(JSON.stringify(config))`
 * must behave exactly like one built from the config itself (ink's "every test twice, once
 * after a JSON round trip"). Both are walked in lockstep and compared after every event.
 */

const CAP = Number(process.env.ROUND_TRIP_CAP ?? 5_000);
const SAMPLES = 300;

const view = (s: ScenarioSnapshot) =>
	JSON.stringify({ value: s.value, status: s.status, context: s.context, output: s.output });

/** Two machines walked together; any difference in what they offer or do fails the walk. */
function lockstep(
	a: ScenarioMachine,
	b: ScenarioMachine,
	scenario: Scenario
): Model<[ScenarioSnapshot, ScenarioSnapshot]> {
	const same = (pair: [ScenarioSnapshot, ScenarioSnapshot], after: string) => {
		if (view(pair[0]) !== view(pair[1]))
			expect(view(pair[1]), `round-tripped machine differs after ${after}`).toBe(view(pair[0]));
		return pair;
	};
	return {
		initial: () => same([getInitialSnapshot(a), getInitialSnapshot(b)], 'start'),
		events: ([x, y]) => {
			const events = offered(scenario, x);
			expect(offered(scenario, y)).toEqual(events);
			return events;
		},
		next: ([x, y], e) => same([getNextSnapshot(a, x, e), getNextSnapshot(b, y, e)], e.choiceId)
	};
}

function roundTrip(scenario: Scenario) {
	const config = toMachineConfig(scenario);
	const copy = JSON.parse(JSON.stringify(config));
	return { config, copy, a: createScenarioMachine(config), b: createScenarioMachine(copy) };
}

/**
 * Beyond the cap, sampled paths miss states; this visits every state of the machine once
 * (keyed by beat and meters, which decide what can follow) and compares every transition.
 */
function everyTransition(a: ScenarioMachine, b: ScenarioMachine, scenario: Scenario): number {
	const model = lockstep(a, b, scenario);
	const seen = new Set<string>();
	const stack = [model.initial()];
	let transitions = 0;
	while (stack.length) {
		const pair = stack.pop()!;
		const key = `${String(pair[0].value)}|${JSON.stringify(pair[0].context.meters)}`;
		if (seen.has(key)) continue;
		seen.add(key);
		for (const event of model.events(pair)) {
			transitions++;
			stack.push(model.next(pair, event));
		}
	}
	return transitions;
}

const cases = [
	...sampleScenarios().map((s) => ({ ...s, kind: 'sample' })),
	...libraryScenarios().map((s) => ({ ...s, kind: 'library' }))
];

describe.each(cases)('JSON round trip: $kind $name', ({ result }) => {
	const { scenario, analysis } = result as Required<CompileResult>;

	it('compiles to a config that is plain JSON', () => {
		const { config, copy } = roundTrip(scenario);
		expect(copy).toEqual(config);
		expect(JSON.stringify(copy)).toBe(JSON.stringify(config));
	});

	it('walks every path identically before and after the round trip', () => {
		const { a, b } = roundTrip(scenario);
		let ended = 0;
		const run = walkPaths(
			lockstep(a, b, scenario),
			{ cap: CAP, expectedPaths: analysis.paths, samples: SAMPLES, seed: 7 },
			(states) => {
				if (states[states.length - 1][0].status === 'done') ended++;
			}
		);
		expect(ended).toBe(run.walked);
		if (run.exhaustive) expect(run.walked).toBe(analysis.paths);
	});

	it('makes every transition identically before and after the round trip', () => {
		const { a, b } = roundTrip(scenario);
		expect(everyTransition(a, b, scenario)).toBeGreaterThan(0);
	});
});

describe('the lockstep walk', () => {
	it('notices when the two machines differ', () => {
		const scenario = sampleScenarios().find((s) => s.name === 'valid-choice-if')!.result.scenario!;
		const { a, copy } = roundTrip(scenario);
		const states = copy.states as Record<string, { on: Record<string, { actions: object[] }[]> }>;
		Object.assign(states.second.on['choice.select'][2].actions[0], {
			params: { choiceId: 'second.3', scores: { 'trust-respect': 2 }, effects: {} }
		});
		const walk = () =>
			walkPaths(
				lockstep(a, createScenarioMachine(copy), scenario),
				{ cap: Infinity, expectedPaths: 0, samples: 0 },
				() => {}
			);
		expect(walk).toThrow(/differs after second.3/);
	});
});

describe('the scenario machine', () => {
	const samples = new Map(sampleScenarios().map((s) => [s.name, s.result.scenario!]));
	const conditional = samples.get('valid-choice-if')!;
	const routed = samples.get('valid-routes-with-conditions')!;

	it('starts in the first beat with the meters at their start values', () => {
		const s = getInitialSnapshot(machineForScenario(routed));
		expect(s.value).toBe('start');
		expect(s.status).toBe('active');
		expect(s.context).toMatchObject({
			meters: { trust: 1, openness: 0 },
			scores: {},
			total: 0,
			path: ['start'],
			choices: []
		});
	});

	it('offers a conditional choice only while its condition holds', () => {
		const machine = machineForScenario(conditional);
		const start = getInitialSnapshot(machine);
		const up = getNextSnapshot(machine, start, choose('first.1'));
		const down = getNextSnapshot(machine, start, choose('first.2'));
		expect(up.context.meters.trust).toBe(2);
		expect(down.context.meters.trust).toBe(0);
		expect(offered(conditional, up).map((e) => e.choiceId)).toEqual(['second.1', 'second.3']);
		expect(offered(conditional, down).map((e) => e.choiceId)).toEqual(['second.2', 'second.3']);
	});

	it('ignores a refused choice, a choice of another beat and an unknown id', () => {
		const actor = createActor(machineForScenario(conditional)).start();
		actor.send(choose('first.2'));
		const before = actor.getSnapshot();
		for (const id of ['second.1', 'first.1', 'second.9', '']) {
			expect(before.can(choose(id))).toBe(false);
			actor.send(choose(id));
			expect(view(actor.getSnapshot())).toBe(view(before));
		}
		actor.stop();
	});

	it('follows the first route whose condition holds and ends in a final state', () => {
		const machine = machineForScenario(routed);
		const ends = ['start.1', 'start.2', 'start.3'].map((id) => {
			const s = getNextSnapshot(machine, getInitialSnapshot(machine), choose(id));
			expect(s.status).toBe('done');
			return s.output as ScenarioOutput;
		});
		expect(ends.map((o) => [o.ending, o.outcome])).toEqual([
			['close', 'strengthened'],
			['far', 'ruptured'],
			['middle', 'stalled']
		]);
		expect(ends[0]).toEqual({
			ending: 'close',
			outcome: 'strengthened',
			meters: { trust: 2, openness: 1 },
			scores: { 'trust-respect': 1 },
			total: 1,
			path: ['start', 'check', 'close'],
			choices: ['start.1'],
			flags: [],
			met: [],
			ruptures: [],
			visits: [{ beat: 'start' }, { beat: 'check' }, { beat: 'close' }]
		});
	});

	it('behaves the same as a running actor on every path of every valid sample', () => {
		for (const [name, scenario] of samples) {
			if (!name.startsWith('valid-')) continue;
			const machine = machineForScenario(scenario);
			walkPaths(
				{
					initial: () => getInitialSnapshot(machine),
					events: (s) => offered(scenario, s),
					next: (s, e) => getNextSnapshot(machine, s, e)
				},
				{ cap: Infinity, expectedPaths: 0, samples: 0 },
				(states, events) => {
					const actor = createActor(machine).start();
					for (const e of events) actor.send(e);
					expect(view(actor.getSnapshot()), `${name}: ${events.map((e) => e.choiceId)}`).toBe(
						view(states[states.length - 1])
					);
					actor.stop();
				}
			);
		}
	});
});
