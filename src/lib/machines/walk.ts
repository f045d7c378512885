import { getInitialSnapshot, getNextSnapshot } from 'xstate';
import { seededRandom } from './order';
import type { Scenario } from '../scenarios/types';
import type { ScenarioEvent, ScenarioMachine, ScenarioSnapshot } from './scenario-machine';

/**
 * Walking a scenario machine the way a trainee would, one `choice.select` at a time, with
 * XState's pure `getNextSnapshot`: every path, or a seeded sample of them. Used by
 * `rapport-scenarios test` and by the round-trip and analysis property tests.
 */

export const choose = (choiceId: string): ScenarioEvent => ({ type: 'choice.select', choiceId });

/** The choice events the machine accepts now: the beat's choices that `snapshot.can` allows. */
export function offered(scenario: Scenario, snapshot: ScenarioSnapshot): ScenarioEvent[] {
	if (snapshot.status !== 'active') return [];
	// A linear search: scenarios have tens of beats, and a cache keyed by scenario would be
	// module-level state.
	const beat = scenario.beats.find((b) => b.id === String(snapshot.value));
	return (beat?.choices ?? []).map((c) => choose(c.id)).filter((e) => snapshot.can(e));
}

/** A state of whatever is being walked: one machine, or two in lockstep. */
export interface Model<S> {
	initial(): S;
	events(state: S): ScenarioEvent[];
	next(state: S, event: ScenarioEvent): S;
}

export function machineModel(
	machine: ScenarioMachine,
	scenario: Scenario
): Model<ScenarioSnapshot> {
	return {
		initial: () => getInitialSnapshot(machine),
		events: (s) => offered(scenario, s),
		next: (s, e) => getNextSnapshot(machine, s, e)
	};
}

/** Deterministic PRNG (mulberry32, the one that orders choices), so a sampled walk repeats. */
export const random = seededRandom;

export interface WalkOptions {
	/** Walk every path when the scenario has at most this many (by its analysis)... */
	cap: number;
	expectedPaths: number;
	/** ...and otherwise this many random complete paths. */
	samples: number;
	seed?: number;
}

/**
 * Calls `visit` once per complete path, i.e. once the model offers no event. The arrays are
 * reused between calls: read them, do not keep them. `states[0]` is the initial state and
 * `states[i + 1]` the state after `events[i]`.
 */
export function walkPaths<S>(
	model: Model<S>,
	options: WalkOptions,
	visit: (states: S[], events: ScenarioEvent[]) => void
): { exhaustive: boolean; walked: number } {
	const states: S[] = [model.initial()];
	const events: ScenarioEvent[] = [];
	let walked = 0;
	if (options.expectedPaths <= options.cap) {
		const dfs = () => {
			const here = states[states.length - 1];
			const next = model.events(here);
			if (next.length === 0) {
				walked++;
				visit(states, events);
				return;
			}
			for (const event of next) {
				events.push(event);
				states.push(model.next(here, event));
				dfs();
				states.pop();
				events.pop();
			}
		};
		dfs();
		return { exhaustive: true, walked };
	}
	const rand = random(options.seed ?? 1);
	for (let i = 0; i < options.samples; i++) {
		states.length = 1;
		events.length = 0;
		for (;;) {
			const here = states[states.length - 1];
			const next = model.events(here);
			if (next.length === 0) break;
			const event = next[Math.floor(rand() * next.length)];
			events.push(event);
			states.push(model.next(here, event));
		}
		walked++;
		visit(states, events);
	}
	return { exhaustive: false, walked };
}
