import { markOfAttempt } from '../pass-mark';
import { progressOf } from '../progress';
import { knownScenario } from '../scenario-library';
import { isCohortWork, rosterTrainee } from '../programmes/access';
import { auditForTrainee } from '../programmes/audit';
import type { Cohort, Store } from '../store/types';
import { attemptHistory } from './attempt-history';
import { columnsOf } from './cohort-scope';
import { versionLookup } from './versions';

/**
 * One trainee as their instructor sees them: every attempt made for this cohort's assignments,
 * with its path, the feedback the trainee was shown and their reflection, the per-principle
 * trend, and what was done to their attempts (the audit trail). Work for other cohorts and free
 * play stays private to the trainee.
 */

export async function traineeDetail(store: Store, cohort: Cohort, userId: string) {
	const user = await rosterTrainee(store, cohort, userId);
	const assignments = await store.listAssignments({ cohortId: cohort.id });
	const markOf = markOfAttempt(assignments);
	const byId = new Map(columnsOf(assignments).map((a) => [a.id, a]));
	const assigned = new Set(byId.keys());
	const attempts = (await store.listAttemptsByUser(userId))
		.filter((a) => isCohortWork(a, cohort, assigned))
		.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
	const lookup = await versionLookup(attempts.map((a) => a.scenarioHash));
	const histories = [];
	for (const attempt of attempts) {
		const events = await store.listEvents(attempt.id);
		histories.push({
			...attemptHistory(
				attempt,
				events,
				lookup,
				knownScenario(attempt.scenarioId)?.scenario.hash,
				markOf(attempt)
			),
			assignment: byId.get(attempt.assignmentId!)!.title
		});
	}
	const audit = await auditForTrainee(store, userId, cohort);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		trainee: { id: user.id, username: user.username, displayName: user.displayName },
		attempts: histories,
		trends: progressOf(
			attempts.filter((a) => !a.voided),
			markOf
		).trends,
		audit: audit.map((e) => ({
			id: e.id,
			at: e.at,
			action: e.action,
			actor: e.actor.displayName,
			reason: e.reason,
			attemptId: e.attemptId,
			extra: e.extra
		}))
	};
}
