import type { AssignmentStatus } from '$lib/server/programmes/status';
import type { AccountState } from '$lib/server/auth/accounts';
import type { AttemptMode, Role } from '$lib/server/store/types';
import type { PassMark, PassVerdict } from '$lib/server/pass-mark';

/** Words shown to people for the codes in the data. */
export const DIFFICULTY: Record<number, string> = {
	1: 'Introductory',
	2: 'Intermediate',
	3: 'Advanced'
};

export const OUTCOME: Record<string, string> = {
	strengthened: 'Alliance strengthened',
	repaired: 'Rupture repaired',
	stalled: 'Stalled',
	ruptured: 'Alliance ruptured',
	dropout: 'Client dropped out',
	referred: 'Referred on'
};

export const VERDICT: Record<string, string> = {
	helpful: 'Helpful',
	mixed: 'Mixed',
	unhelpful: 'Unhelpful'
};

export const DIMENSION: Record<string, string> = {
	goals: 'Goals',
	tasks: 'Tasks',
	bond: 'Bond'
};

export const SRS_LABEL: Record<string, string> = {
	relationship: 'Relationship: felt heard, understood and respected',
	goals: 'Goals and topics: worked on what I wanted to',
	approach: 'Approach: the way of working fitted me',
	overall: 'Overall: today’s session was right for me'
};

/** Where a trainee stands on an assignment. */
export const STATUS_LABELS: Record<AssignmentStatus, string> = {
	'not-started': 'Not started',
	'in-progress': 'In progress',
	passed: 'Passed',
	'not-yet-passed': 'Not yet passed',
	overdue: 'Overdue'
};

export const MODE_LABELS: Record<AttemptMode, string> = {
	practice: 'Practice',
	assessment: 'Assessment'
};

/**
 * What kind of attempt this is, in words. A "what if" replay is practice that starts part-way
 * through an earlier attempt; it is named as such wherever attempts are listed, because it never
 * counts towards an assignment, progress or a cohort's figures.
 */
export function attemptKindLabel(attempt: {
	mode: AttemptMode;
	whatIf: boolean;
	drill?: boolean;
}): string {
	if (attempt.drill) return 'Drill';
	return attempt.whatIf ? 'What-if replay' : MODE_LABELS[attempt.mode];
}

export const ROLE_LABELS: Record<Role, string> = {
	trainee: 'Trainee',
	instructor: 'Instructor',
	admin: 'Administrator'
};

export const ACCOUNT_STATE_LABELS: Record<AccountState, string> = {
	erased: 'Erased',
	suspended: 'Suspended',
	waiting: 'Waiting for a password',
	active: 'Active'
};

/** The mark a verdict was reached against, and whose it is. */
export function passMarkLabel(mark: PassMark): string {
	return `pass mark ${mark.value}%, ${mark.from === 'assignment' ? 'the assignment’s' : 'the scenario’s'}`;
}

/** "Passed" or "Not yet passed", always with the mark: every page shows both together. */
export function verdictLabel(verdict: Pick<PassVerdict, 'passed' | 'mark'>): string {
	return `${verdict.passed ? 'Passed' : 'Not yet passed'} (${passMarkLabel(verdict.mark)})`;
}
