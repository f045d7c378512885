import type { Beat, Condition, Meter, Scenario } from '../scenarios/types';

/**
 * Scenario data to a plain-JSON XState config. Nothing here is a function: guards and actions
 * are named with `params`, so the config can be printed, stored, diffed and loaded back with
 * `createMachine` — and the browser and the server run exactly the same machine.
 */

export interface ScenarioContext {
	meters: Record<string, number>;
	bounds: Record<string, Meter>;
	scores: Record<string, number>;
	total: number;
	path: string[];
	choices: string[];
}

export interface ChoiceParams {
	choiceId: string;
	condition?: Condition;
}

export interface ApplyChoiceParams {
	choiceId: string;
	scores: Record<string, number>;
	effects: Record<string, number>;
}

export interface EndingOutput {
	ending: string;
	outcome: string;
}

// XState's own config types are deep generics; the JSON shape is what matters here.
export type JsonConfig = Record<string, unknown>;

function stateFor(beat: Beat): JsonConfig {
	const entry = [{ type: 'enterBeat', params: { beat: beat.id } }];
	if (beat.kind === 'ending') {
		const output: EndingOutput = { ending: beat.id, outcome: beat.outcome ?? 'stalled' };
		return { type: 'final', entry, output, meta: { kind: 'ending' } };
	}
	if (beat.kind === 'route') {
		return {
			entry,
			always: beat.routes.map((r) => ({
				target: r.target,
				...(r.condition
					? { guard: { type: 'conditionHolds', params: { condition: r.condition } } }
					: {})
			})),
			meta: { kind: 'route' }
		};
	}
	return {
		entry,
		on: {
			'choice.select': beat.choices.map((c) => ({
				target: c.target,
				guard: {
					type: 'choiceAllowed',
					params: { choiceId: c.id, ...(c.condition ? { condition: c.condition } : {}) }
				},
				actions: [
					{ type: 'applyChoice', params: { choiceId: c.id, scores: c.scores, effects: c.effects } }
				]
			}))
		},
		meta: { kind: 'decision' }
	};
}

export function toMachineConfig(scenario: Scenario): JsonConfig {
	const context: ScenarioContext = {
		meters: Object.fromEntries(Object.entries(scenario.meters).map(([k, m]) => [k, m.start])),
		bounds: scenario.meters,
		scores: {},
		total: 0,
		path: [],
		choices: []
	};
	return {
		id: scenario.id,
		initial: scenario.start,
		context,
		states: Object.fromEntries(scenario.beats.map((b) => [b.id, stateFor(b)]))
	};
}
