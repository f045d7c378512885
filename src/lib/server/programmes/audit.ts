import type { Cohort, PublicUser, Store } from '../store/types';

/**
 * The two instructor actions that change what counts (reset an attempt, grant an extra attempt),
 * each recorded in the audit log with who, when and why. Nothing is deleted: a reset attempt is
 * marked void and stays on the record; it simply no longer counts for scores or the limit.
 */

export const REASON_MIN = 3;
export const REASON_MAX = 500;

export class ProgrammeError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

export function reasonProblem(reason: string): string | undefined {
	if (reason.trim().length < REASON_MIN) return 'Give a reason: it is kept in the audit log.';
	if (reason.length > REASON_MAX) return `Keep the reason under ${REASON_MAX} characters.`;
	return undefined;
}

export async function resetAttempt(
	store: Store,
	actor: PublicUser,
	cohort: Cohort,
	attemptId: string,
	reason: string
) {
	const attempt = await store.getAttempt(attemptId);
	const assignment = attempt?.assignmentId
		? await store.getAssignment(attempt.assignmentId)
		: undefined;
	if (
		!attempt ||
		!assignment ||
		assignment.cohortId !== cohort.id ||
		!cohort.memberIds.includes(attempt.userId)
	)
		throw new ProgrammeError(404, 'No such attempt in this cohort.');
	const problem = reasonProblem(reason);
	if (problem) throw new ProgrammeError(400, problem);
	if (attempt.voided) throw new ProgrammeError(409, 'This attempt has already been reset.');
	const entry = await store.appendAudit({
		actorId: actor.id,
		action: 'attempt.reset',
		targetType: 'attempt',
		targetId: attempt.id,
		detail: {
			traineeId: attempt.userId,
			cohortId: cohort.id,
			assignmentId: assignment.id,
			reason: reason.trim()
		}
	});
	return store.updateAttempt(attempt.id, {
		voided: { at: entry.at, by: actor.id, reason: reason.trim(), auditId: entry.id }
	});
}

export async function grantExtraAttempt(
	store: Store,
	actor: PublicUser,
	cohort: Cohort,
	assignmentId: string,
	traineeId: string,
	reason: string
) {
	const assignment = await store.getAssignment(assignmentId);
	if (!assignment || assignment.cohortId !== cohort.id || !cohort.memberIds.includes(traineeId))
		throw new ProgrammeError(404, 'No such assignment or trainee in this cohort.');
	const problem = reasonProblem(reason);
	if (problem) throw new ProgrammeError(400, problem);
	if (assignment.attemptLimit === undefined)
		throw new ProgrammeError(
			409,
			'This assignment has no attempt limit, so there is nothing to raise.'
		);
	const updated = await store.addExtraAttempt(assignment.id, traineeId);
	const extra = updated.extraAttempts?.[traineeId] ?? 1;
	await store.appendAudit({
		actorId: actor.id,
		action: 'assignment.grantAttempt',
		targetType: 'assignment',
		targetId: assignment.id,
		detail: { traineeId, cohortId: cohort.id, reason: reason.trim(), extra }
	});
	return updated;
}

export interface TraineeAuditItem {
	id: string;
	at: string;
	action: 'attempt.reset' | 'assignment.grantAttempt';
	actor: { id: string | null; displayName: string };
	reason: string;
	attemptId?: string;
	assignmentId?: string;
	/** For a granted attempt: the trainee's extra attempts on that assignment after the grant. */
	extra?: number;
}

const TRAINEE_ACTIONS = new Set(['attempt.reset', 'assignment.grantAttempt']);

/**
 * What was changed about one trainee's work in one cohort, and by whom and why, newest first.
 * For the trainee detail page. Only entries since the cohort was made can be about it.
 */
export async function auditForTrainee(
	store: Store,
	traineeId: string,
	cohort: Cohort
): Promise<TraineeAuditItem[]> {
	const entries = await store.listAudit({
		since: cohort.createdAt,
		limit: Number.MAX_SAFE_INTEGER
	});
	const users = new Map((await store.listUsers()).map((u) => [u.id, u.displayName]));
	const items: TraineeAuditItem[] = [];
	for (const e of entries) {
		const d = e.detail ?? {};
		if (!TRAINEE_ACTIONS.has(e.action) || d.traineeId !== traineeId || d.cohortId !== cohort.id)
			continue;
		items.push({
			id: e.id,
			at: e.at,
			action: e.action as TraineeAuditItem['action'],
			actor: {
				id: e.actorId,
				displayName: e.actorId ? (users.get(e.actorId) ?? 'A deleted account') : 'Rapport'
			},
			reason: typeof d.reason === 'string' ? d.reason : '',
			...(e.targetType === 'attempt' && e.targetId ? { attemptId: e.targetId } : {}),
			...(typeof d.assignmentId === 'string'
				? { assignmentId: d.assignmentId }
				: e.targetType === 'assignment' && e.targetId
					? { assignmentId: e.targetId }
					: {}),
			...(typeof d.extra === 'number' ? { extra: d.extra } : {})
		});
	}
	return items;
}
