import { evaluateCondition } from '../condition';
import type { Beat, Choice, Meter, Scenario } from '../types';

/**
 * Stepping through a scenario the way the machine does (src/lib/machines/scenario-machine.ts):
 * a choice is offered when it has no condition or its condition holds, a route beat takes the
 * first route whose condition holds, and a choice's effects move each meter within its range.
 * The content lints walk with these instead of the XState machine because they explore
 * thousands of states per compile; tests/unit/lints.test.ts checks that both agree.
 */

export type Meters = Record<string, number>;

export function startMeters(scenario: Scenario): Meters {
	return Object.fromEntries(Object.entries(scenario.meters).map(([k, m]) => [k, m.start]));
}

export function beatIndex(scenario: Scenario): Map<string, Beat> {
	return new Map(scenario.beats.map((b) => [b.id, b]));
}

/** The choices a decision offers under these meters, in file order. */
export function offeredChoices(beat: Beat, meters: Meters): Choice[] {
	return beat.choices.filter((c) => !c.condition || evaluateCondition(c.condition, meters));
}

/** From a beat, through any route beats, to the decision or ending the trainee sees next. */
export function settle(byId: Map<string, Beat>, id: string, meters: Meters): Beat {
	let beat = byId.get(id)!;
	while (beat.kind === 'route') {
		const route = beat.routes.find((r) => !r.condition || evaluateCondition(r.condition, meters));
		beat = byId.get(route!.target)!;
	}
	return beat;
}

/** The meters after a choice's effects, each kept within its range. */
export function applyEffects(
	meters: Meters,
	effects: Record<string, number>,
	ranges: Record<string, Meter>
): Meters {
	const next: Meters = {};
	for (const name in meters) next[name] = meters[name];
	for (const name in effects) {
		const { min, max } = ranges[name];
		next[name] = Math.min(max, Math.max(min, next[name] + effects[name]));
	}
	return next;
}

/** A choice's points: the sum of its scores, the figure the total score adds up. */
export function points(choice: Choice): number {
	let sum = 0;
	for (const amount of Object.values(choice.scores)) sum += amount;
	return sum;
}
