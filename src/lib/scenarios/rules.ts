import { evaluateCondition } from './condition';
import type { Choice, Condition, Meter, Route } from './types';

/**
 * How a choice changes the client's state, in one place for everything that steps through a
 * scenario: the XState machine the browser and server run, and the compiler's content lints.
 */

/** A meter's value kept within its declared range. */
export function clampMeter(value: number, range: Pick<Meter, 'min' | 'max'>): number {
	return Math.min(range.max, Math.max(range.min, value));
}

/** The meters after a choice's effects, each kept within its range. */
export function applyEffects(
	meters: Readonly<Record<string, number>>,
	effects: Readonly<Record<string, number>>,
	ranges: Readonly<Record<string, Pick<Meter, 'min' | 'max'>>>
): Record<string, number> {
	const next = { ...meters };
	for (const [name, delta] of Object.entries(effects))
		next[name] = clampMeter(next[name] + delta, ranges[name]);
	return next;
}

/** The memory flags after a choice: its `clears` first, then its `sets`. */
export function applyFlags(
	flags: readonly string[],
	choice: Partial<Pick<Choice, 'sets' | 'clears'>>
): string[] {
	const next = flags.filter((f) => !choice.clears?.includes(f));
	for (const flag of choice.sets ?? []) if (!next.includes(flag)) next.push(flag);
	return next;
}

/**
 * Whether a choice's or route's condition lets it be taken now: it has none, or it holds for
 * these meters and flags. (Only debrief notes may test the path itself, so nothing else is read.)
 */
function open(
	condition: Condition | undefined,
	meters: Readonly<Record<string, number>>,
	flags: readonly string[]
) {
	return !condition || evaluateCondition(condition, meters, { flags });
}

/** Whether a choice is offered: it has no condition, or its condition holds now. */
export function isOffered(
	choice: Pick<Choice, 'condition'>,
	meters: Readonly<Record<string, number>>,
	flags: readonly string[]
): boolean {
	return open(choice.condition, meters, flags);
}

/** Whether a route may be taken now; a route beat takes the first route for which this holds. */
export function routeOpen(
	route: Pick<Route, 'condition'>,
	meters: Readonly<Record<string, number>>,
	flags: readonly string[]
): boolean {
	return open(route.condition, meters, flags);
}
