import { scoreOf, verdictOf, type PassMark } from '../pass-mark';
import type { Assignment, Attempt } from '../store/types';

/**
 * Where one trainee stands on one assignment, as their home page shows it. Pure: the caller
 * passes the trainee's attempts and the pass mark (`passMarkOf` in pass-mark.ts).
 */

export type AssignmentStatus =
	'not-started' | 'in-progress' | 'passed' | 'not-yet-passed' | 'overdue';

/** A "what if" replay: practice from part-way through another attempt. It counts nowhere. */
export function isWhatIf(attempt: Pick<Attempt, 'parentAttemptId'>): boolean {
	return attempt.parentAttemptId !== undefined;
}

/**
 * Attempts that count for an assignment: made for it, not reset by an instructor, and not a
 * "what if" replay (practice from part-way through another attempt never counts).
 */
export function countedAttempts<
	T extends Pick<Attempt, 'assignmentId' | 'voided' | 'parentAttemptId'>
>(attempts: readonly T[], assignmentId: string): T[] {
	return attempts.filter((a) => a.assignmentId === assignmentId && !a.voided && !isWhatIf(a));
}

/** Attempts the trainee may still start; `undefined` when there is no limit. */
export function attemptsLeft(
	assignment: Pick<Assignment, 'id' | 'attemptLimit' | 'extraAttempts'>,
	userId: string,
	attempts: readonly Pick<Attempt, 'assignmentId' | 'voided' | 'parentAttemptId'>[]
): number | undefined {
	if (assignment.attemptLimit === undefined) return undefined;
	const allowed = assignment.attemptLimit + (assignment.extraAttempts?.[userId] ?? 0);
	return Math.max(0, allowed - countedAttempts(attempts, assignment.id).length);
}

export interface StatusInput {
	assignment: Pick<Assignment, 'id' | 'dueAt'>;
	passMark: PassMark;
	/** The trainee's attempts (any assignment; only this one's count). */
	attempts: readonly Pick<
		Attempt,
		'assignmentId' | 'voided' | 'parentAttemptId' | 'status' | 'result'
	>[];
	now: Date;
}

/**
 * The rule itself, from the facts it needs: one place for the trainee's home page, the
 * assignment page and the cohort dashboard. A pass counts even after the due date.
 */
export function statusFrom(facts: {
	passed: boolean;
	pastDue: boolean;
	active: boolean;
	started: boolean;
}): AssignmentStatus {
	if (facts.passed) return 'passed';
	if (facts.pastDue) return 'overdue';
	if (facts.active) return 'in-progress';
	if (facts.started) return 'not-yet-passed';
	return 'not-started';
}

export function assignmentStatus({
	assignment,
	passMark,
	attempts,
	now
}: StatusInput): AssignmentStatus {
	const mine = countedAttempts(attempts, assignment.id);
	return statusFrom({
		passed: mine.some((a) => verdictOf(a, passMark)?.passed),
		pastDue: !!assignment.dueAt && Date.parse(assignment.dueAt) < now.getTime(),
		active: mine.some((a) => a.status === 'active'),
		started: mine.length > 0
	});
}

/** The best normalised score among finished, counted attempts. */
export function bestScore(
	attempts: readonly Pick<
		Attempt,
		'assignmentId' | 'voided' | 'parentAttemptId' | 'status' | 'result'
	>[],
	assignmentId: string
): number | undefined {
	let best: number | undefined;
	for (const a of countedAttempts(attempts, assignmentId)) {
		const score = a.status === 'completed' ? scoreOf(a) : undefined;
		if (score !== undefined && (best === undefined || score > best)) best = score;
	}
	return best;
}
