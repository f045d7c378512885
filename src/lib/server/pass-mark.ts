import { reachesMark } from '$lib/scenarios/score';
import { knownScenario } from './scenario-library';
import type { Assignment, Attempt, Store } from './store/types';

/**
 * The one rule for passing. An attempt made for an assignment is judged by the assignment's pass
 * mark when it sets one; every other attempt (practice on one's own, an attempt played before the
 * assignment existed, an assignment without a mark of its own) by its scenario's. Every page,
 * export and report asks `verdictOf` with a mark from `passMarkOf` or `passMarksFor`, and shows
 * the mark beside the verdict, so no two surfaces can disagree (docs/programmes-model.md).
 *
 * Nothing about passing is stored: an attempt stores its score, and the verdict is worked out when
 * it is shown. Changing an assignment's pass mark therefore changes every verdict at once, and the
 * change is written to the audit log with the old and the new mark (programmes/assignments.ts).
 */

/** A scenario that sets no pass mark of its own (docs/scenario-format.md). */
export const DEFAULT_PASS_MARK = 70;

export interface PassMark {
	/** Percent, 0-100: a score at or above it passes. */
	value: number;
	/** Whose mark it is, so pages can say "the assignment's" or "the scenario's". */
	from: 'assignment' | 'scenario';
}

export interface PassVerdict {
	passed: boolean;
	/** The normalised score (0-100) the verdict was reached on. */
	score: number;
	mark: PassMark;
}

/** The mark for an assignment (its own, else its scenario's), or for no assignment. */
export function passMarkOf(
	assignment: Pick<Assignment, 'passMark'> | undefined,
	scenarioPass: number | undefined
): PassMark {
	if (assignment?.passMark !== undefined) return { value: assignment.passMark, from: 'assignment' };
	return { value: scenarioPass ?? DEFAULT_PASS_MARK, from: 'scenario' };
}

/** The normalised score (0-100) of a finished attempt, if it has one. */
export function scoreOf(attempt: Pick<Attempt, 'result'>): number | undefined {
	const value = attempt.result?.normalised;
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Whether a score reaches a mark: the comparison itself, in one place. */
export function passes(score: number, mark: PassMark): boolean {
	return reachesMark(score, mark.value);
}

/** The critical actions a finished attempt missed, from its stored result (scoreCard). */
export function missedCritical(attempt: Pick<Attempt, 'result'>): string[] {
	const critical = attempt.result?.critical;
	if (!Array.isArray(critical)) return [];
	return critical.flatMap((c: { id?: unknown; met?: unknown }) =>
		c && c.met === false && typeof c.id === 'string' ? [c.id] : []
	);
}

/**
 * The verdict on a finished attempt; undefined while it has no score. An attempt that missed a
 * critical action never passes, even under an assignment's mark set below that action's cap.
 */
export function verdictOf(
	attempt: Pick<Attempt, 'status' | 'result'>,
	mark: PassMark
): PassVerdict | undefined {
	const score = attempt.status === 'completed' ? scoreOf(attempt) : undefined;
	if (score === undefined) return undefined;
	return { passed: passes(score, mark) && missedCritical(attempt).length === 0, score, mark };
}

/** The scenario's own mark, from the library as it is now (an unpublished one's too). */
export function scenarioPassMark(scenarioId: string): number | undefined {
	return knownScenario(scenarioId)?.scenario.pass;
}

export type MarkOf = (attempt: Pick<Attempt, 'assignmentId' | 'scenarioId'>) => PassMark;

/**
 * The mark each attempt is judged by, given the assignments it may belong to. An attempt whose
 * assignment has since been deleted falls back to its scenario's mark.
 */
export function markOfAttempt(assignments: Iterable<Assignment>): MarkOf {
	const byId = new Map([...assignments].map((a) => [a.id, a]));
	return (attempt) =>
		passMarkOf(
			attempt.assignmentId ? byId.get(attempt.assignmentId) : undefined,
			scenarioPassMark(attempt.scenarioId)
		);
}

/** `markOfAttempt` for these attempts, reading just the assignments they were made for. */
export async function passMarksFor(
	store: Store,
	attempts: readonly Pick<Attempt, 'assignmentId'>[]
): Promise<MarkOf> {
	const ids = new Set(attempts.flatMap((a) => (a.assignmentId ? [a.assignmentId] : [])));
	const found = await Promise.all([...ids].map((id) => store.getAssignment(id)));
	return markOfAttempt(found.filter((a): a is Assignment => a !== undefined));
}

/** The verdict on one attempt, reading its assignment from the store when it has one. */
export async function attemptVerdict(
	store: Store,
	attempt: Pick<Attempt, 'assignmentId' | 'scenarioId' | 'status' | 'result'>
): Promise<PassVerdict | undefined> {
	return verdictOf(attempt, (await passMarksFor(store, [attempt]))(attempt));
}
