import { applyEffects, applyFlags, isOffered, routeOpen } from '../rules';
import type { Beat, Choice, Scenario } from '../types';

/**
 * Stepping through a scenario the way the machine does (src/lib/machines/scenario-machine.ts),
 * with the same rules (../rules.ts): a choice is offered when it has no condition or its
 * condition holds, a route beat takes the first route whose condition holds, and a choice's
 * effects move each meter within its range and set and clear flags. The content lints walk with
 * these instead of the XState machine because they explore thousands of states per compile;
 * tests/unit/lints.test.ts checks that both agree.
 */

export type Meters = Record<string, number>;

/** Where a walk stands: the meters, the memory flags set and the critical actions met. */
export interface Point {
	meters: Meters;
	flags: string[];
	met: string[];
}

export function startPoint(scenario: Scenario): Point {
	return {
		meters: Object.fromEntries(Object.entries(scenario.meters).map(([k, m]) => [k, m.start])),
		flags: [],
		met: []
	};
}

export function beatIndex(scenario: Scenario): Map<string, Beat> {
	return new Map(scenario.beats.map((b) => [b.id, b]));
}

/** The choices a decision offers at this point, in file order. */
export function offeredChoices(beat: Beat, point: Point): Choice[] {
	return beat.choices.filter((c) => isOffered(c, point.meters, point.flags));
}

/** From a beat, through any route beats, to the decision or ending the trainee sees next. */
export function settle(byId: Map<string, Beat>, id: string, point: Point): Beat {
	let beat = byId.get(id)!;
	while (beat.kind === 'route') {
		const route = beat.routes.find((r) => routeOpen(r, point.meters, point.flags));
		beat = byId.get(route!.target)!;
	}
	return beat;
}

/**
 * The point after a choice: its effects on the meters, its flags set and cleared, the critical
 * actions it meets.
 */
export function afterChoice(point: Point, choice: Choice, scenario: Scenario): Point {
	return {
		meters: applyEffects(point.meters, choice.effects, scenario.meters),
		flags: applyFlags(point.flags, choice),
		met: [...new Set([...point.met, ...choice.meets])]
	};
}

/** A choice's points: the sum of its scores, the figure the total score adds up. */
export function points(choice: Choice): number {
	let sum = 0;
	for (const amount of Object.values(choice.scores)) sum += amount;
	return sum;
}
