import { error } from '@sveltejs/kit';
import { progressOf } from '../progress';
import { findScenario, findVersion } from '../scenario-library';
import type { AuditEntry, Cohort, Store } from '../store/types';
import { attemptHistory } from './attempt-history';
import { columnsOf } from './cohort-scope';
import type { VoidableAttempt } from './trainee-facts';

/**
 * One trainee as their instructor sees them: every attempt made for this cohort's assignments,
 * with its path, the feedback the trainee was shown and their reflection, the per-principle
 * trend, and what was done to their attempts (the audit trail). Work for other cohorts and free
 * play stays private to the trainee.
 */

/**
 * What was done to this trainee's attempts in this cohort (resets, extra attempts), newest first.
 * The programme screens write these entries with the trainee's id in `detail.traineeId`
 * (docs/programmes-model.md).
 */
async function auditFor(store: Store, userId: string, cohortId: string) {
	const entries = await store.listAudit({ limit: 10_000 });
	return entries.filter(
		(e: AuditEntry) =>
			(e.action === 'attempt.reset' || e.action === 'assignment.grantAttempt') &&
			e.detail?.traineeId === userId &&
			e.detail?.cohortId === cohortId
	);
}

export async function traineeDetail(store: Store, cohort: Cohort, userId: string) {
	const user = cohort.memberIds.includes(userId) ? await store.getUser(userId) : undefined;
	if (!user) error(404, 'No such trainee in this cohort.');
	const assignments = columnsOf(await store.listAssignments({ cohortId: cohort.id }));
	const byId = new Map(assignments.map((a) => [a.id, a]));
	const attempts = (await store.listAttemptsByUser(userId))
		.filter((a) => a.assignmentId && byId.has(a.assignmentId))
		.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
	const histories = [];
	for (const attempt of attempts) {
		const events = await store.listEvents(attempt.id);
		histories.push({
			...attemptHistory(
				attempt,
				events,
				findVersion,
				findScenario(attempt.scenarioId)?.scenario.hash
			),
			assignment: byId.get(attempt.assignmentId!)!.title
		});
	}
	const audit = await auditFor(store, userId, cohort.id);
	const actors = new Map<string, string>();
	for (const id of new Set(audit.map((e) => e.actorId).filter((x): x is string => !!x))) {
		const actor = await store.getUser(id);
		actors.set(id, actor ? actor.displayName : 'a removed account');
	}
	return {
		cohort: { id: cohort.id, name: cohort.name },
		trainee: { id: user.id, username: user.username, displayName: user.displayName },
		attempts: histories,
		trends: progressOf(attempts.filter((a) => !(a as VoidableAttempt).voided)).trends,
		audit: audit.map((e) => ({
			id: e.id,
			at: e.at,
			action: e.action,
			actor: e.actorId ? (actors.get(e.actorId) ?? e.actorId) : 'Rapport',
			reason: typeof e.detail?.reason === 'string' ? e.detail.reason : '',
			extra: typeof e.detail?.extra === 'number' ? e.detail.extra : undefined
		}))
	};
}
