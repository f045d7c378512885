import { assign, setup, type SnapshotFrom } from 'xstate';
import { evaluateCondition } from '../scenarios/condition';
import type { Condition } from '../scenarios/types';
import {
	toMachineConfig,
	type ApplyChoiceParams,
	type ChoiceParams,
	type EndingOutput,
	type JsonConfig,
	type ScenarioContext
} from './config';
import type { Scenario } from '../scenarios/types';

/** The one event a trainee sends: picking a choice by its full id (`beat.choice`). */
export type ScenarioEvent = { type: 'choice.select'; choiceId: string };

export interface ScenarioOutput extends EndingOutput {
	meters: Record<string, number>;
	scores: Record<string, number>;
	total: number;
	path: string[];
	choices: string[];
}

/**
 * The implementations behind the names in the JSON config. A machine is `setup` plus a config
 * from `toMachineConfig`; the root output is added here because XState wants a function for it.
 */
export const scenarioSetup = setup({
	types: {
		context: {} as ScenarioContext,
		events: {} as ScenarioEvent,
		output: {} as ScenarioOutput
	},
	guards: {
		choiceAllowed: ({ context, event }, params: ChoiceParams) =>
			event.choiceId === params.choiceId &&
			(!params.condition || evaluateCondition(params.condition, context.meters)),
		conditionHolds: ({ context }, params: { condition: Condition }) =>
			evaluateCondition(params.condition, context.meters)
	},
	actions: {
		applyChoice: assign(({ context }, params: ApplyChoiceParams) => {
			const meters = { ...context.meters };
			for (const [name, delta] of Object.entries(params.effects)) {
				const bounds = context.bounds[name];
				meters[name] = Math.min(bounds.max, Math.max(bounds.min, meters[name] + delta));
			}
			const scores = { ...context.scores };
			let total = context.total;
			for (const [principle, delta] of Object.entries(params.scores)) {
				scores[principle] = (scores[principle] ?? 0) + delta;
				total += delta;
			}
			return { meters, scores, total, choices: [...context.choices, params.choiceId] };
		}),
		enterBeat: assign(({ context }, params: { beat: string }) => ({
			path: [...context.path, params.beat]
		}))
	}
});

/** Builds the runnable machine from a JSON config (freshly made, or loaded from JSON). */
export function createScenarioMachine(config: JsonConfig) {
	return scenarioSetup.createMachine({
		...(config as object),
		output: ({ context, event }) => ({
			...((event as unknown as { output: EndingOutput }).output ?? { ending: '', outcome: '' }),
			meters: context.meters,
			scores: context.scores,
			total: context.total,
			path: context.path,
			choices: context.choices
		})
	} as Parameters<typeof scenarioSetup.createMachine>[0]);
}

export function machineForScenario(scenario: Scenario) {
	return createScenarioMachine(toMachineConfig(scenario));
}

export type ScenarioMachine = ReturnType<typeof createScenarioMachine>;
export type ScenarioSnapshot = SnapshotFrom<ScenarioMachine>;
