import { ratingOf, review, type CardState, type DrillOutcome } from '$lib/practice/schedule';
import type { Scenario } from '$lib/scenarios/types';
import { passMarkOf, verdictOf, type PassMark } from '../pass-mark';
import type { AttemptResult } from '../scoring';
import type { AttemptEvent, DrillCard, Store } from '../store/types';

/**
 * A finished drill attempt as a review of the trainee's card for that drill: what the attempt
 * shows (passed, a mixed choice on the way, every choice the best, no choice taken back) becomes
 * an FSRS rating (`ratingOf`), and the card moves on.
 */

/** A stored card's schedule, as the schedule wrote it (the store keeps it opaque). */
export function scheduleOf(card: DrillCard): CardState {
	return card.schedule as unknown as CardState;
}

/** The sum of a choice's scores: how the compiler judges its verdict, and "best" here. */
function total(scores: Record<string, number>): number {
	return Object.values(scores).reduce((sum, n) => sum + n, 0);
}

/** The mark a drill is judged by: its own (a drill counts for no assignment). */
export function drillPassMark(scenario: Pick<Scenario, 'pass'> | undefined): PassMark {
	return passMarkOf(undefined, scenario?.pass);
}

/**
 * Whether a finished drill passed, by the one pass rule (`verdictOf`) at the drill's mark: the
 * schedule's rating and the instructors' retention figures both ask this.
 */
export function drillPassed(
	scenario: Pick<Scenario, 'pass'> | undefined,
	result: Pick<AttemptResult, 'normalised'> & Partial<Pick<AttemptResult, 'critical'>>
): boolean {
	return (
		verdictOf({ status: 'completed', result: { ...result } }, drillPassMark(scenario))?.passed ===
		true
	);
}

export function drillOutcome(
	scenario: Scenario,
	result: Pick<AttemptResult, 'normalised' | 'choices'>,
	events: readonly Pick<AttemptEvent, 'type'>[]
): DrillOutcome {
	const beats = scenario.beats.filter((b) => b.kind === 'decision');
	const taken = result.choices.map((id) => {
		const beat = beats.find((b) => b.choices.some((c) => c.id === id));
		const choice = beat?.choices.find((c) => c.id === id);
		if (!beat || !choice) throw new Error(`drill ${scenario.id}: no choice ${id}`);
		return { choice, best: Math.max(...beat.choices.map((c) => total(c.scores))) };
	});
	return {
		passed: drillPassed(scenario, result),
		mixed: taken.some(({ choice }) => choice.verdict !== 'helpful'),
		allBest: taken.every(({ choice, best }) => total(choice.scores) >= best),
		firstTry: !events.some((e) => e.type === 'rewind')
	};
}

export async function reviewDrill(
	store: Store,
	done: {
		userId: string;
		scenario: Scenario;
		result: AttemptResult;
		events: readonly Pick<AttemptEvent, 'type'>[];
	},
	now: Date
): Promise<void> {
	const drillId = done.scenario.id;
	const cards = await store.listDrillCards(done.userId);
	const stored = cards.find((c) => c.drillId === drillId);
	const before = stored ? scheduleOf(stored) : undefined;
	const after = review(
		before,
		ratingOf(drillOutcome(done.scenario, done.result, done.events)),
		now
	);
	await store.saveDrillCard({
		userId: done.userId,
		drillId,
		due: after.due,
		schedule: { ...after }
	});
}
