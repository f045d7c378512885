import { assign, setup, type SnapshotFrom } from 'xstate';
import { applyEffects, applyFlags, isOffered, routeOpen } from '../scenarios/rules';
import { shownBlocks } from '../scenarios/condition';
import type { Condition, RuptureRecord } from '../scenarios/types';
import {
	toMachineConfig,
	type ApplyChoiceParams,
	type ChoiceParams,
	type EndingOutput,
	type EnterBeatParams,
	type JsonConfig,
	type ScenarioContext,
	type Visit
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
	flags: string[];
	met: string[];
	ruptures: RuptureRecord[];
	visits: Visit[];
}

/** Ruptures after a choice: a repair settles this rupture at once and any still open late. */
function handleRuptures(ruptures: RuptureRecord[], params: ApplyChoiceParams): RuptureRecord[] {
	const next = ruptures.map((r) =>
		params.repairs && r.handled === 'never'
			? { ...r, handled: 'late' as const, repairedAt: params.beat }
			: r
	);
	if (params.rupture)
		next.push(
			params.repairs
				? { beat: params.beat, handled: 'at-once', repairedAt: params.beat }
				: { beat: params.beat, handled: 'never' }
		);
	return next;
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
		// The same rules the compiler's lints and analysis use (../scenarios/rules.ts).
		choiceAllowed: ({ context, event }, params: ChoiceParams) =>
			event.choiceId === params.choiceId && isOffered(params, context.meters, context.flags),
		conditionHolds: ({ context }, params: { condition: Condition }) =>
			routeOpen(params, context.meters, context.flags)
	},
	actions: {
		applyChoice: assign(({ context }, params: ApplyChoiceParams) => {
			const meters = applyEffects(context.meters, params.effects, context.bounds);
			const scores = { ...context.scores };
			let total = context.total;
			for (const [principle, delta] of Object.entries(params.scores)) {
				scores[principle] = (scores[principle] ?? 0) + delta;
				total += delta;
			}
			const flags = applyFlags(context.flags, params);
			const met = [...context.met];
			for (const action of params.meets ?? []) if (!met.includes(action)) met.push(action);
			return {
				meters,
				scores,
				total,
				flags,
				met,
				ruptures: handleRuptures(context.ruptures, params),
				choices: [...context.choices, params.choiceId]
			};
		}),
		enterBeat: assign(({ context }, params: EnterBeatParams) => {
			const visit: Visit = { beat: params.beat };
			if (params.prose) visit.prose = shownBlocks(params.prose, context.meters, context);
			if (params.notes) visit.notes = shownBlocks(params.notes, context.meters, context);
			return { path: [...context.path, params.beat], visits: [...context.visits, visit] };
		})
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
			choices: context.choices,
			flags: context.flags,
			met: context.met,
			ruptures: context.ruptures,
			visits: context.visits
		})
	} as Parameters<typeof scenarioSetup.createMachine>[0]);
}

export function machineForScenario(scenario: Scenario) {
	return createScenarioMachine(toMachineConfig(scenario));
}

export type ScenarioMachine = ReturnType<typeof createScenarioMachine>;
export type ScenarioSnapshot = SnapshotFrom<ScenarioMachine>;
