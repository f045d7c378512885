import { error } from '@sveltejs/kit';
import { canManageCohort } from '../programmes/access';
import { findScenario } from '../scenario-library';
import type { Assignment, Cohort, PublicUser, Store } from '../store/types';
import type { AssignmentColumn, Trainee } from './matrix';

/**
 * Who may see a cohort's figures, and which trainees and assignments they cover. Admins see
 * every cohort; an instructor only those they teach. Anyone else is told the cohort does not
 * exist, so ids cannot be probed. Trainees never reach this: routes require a staff role first.
 */
export async function cohortForStaff(
	store: Store,
	user: PublicUser,
	cohortId: string
): Promise<Cohort> {
	const cohort = await store.getCohort(cohortId);
	if (!cohort || !canManageCohort(user, cohort)) error(404, 'No such cohort.');
	return cohort;
}

export function columnsOf(assignments: readonly Assignment[]): AssignmentColumn[] {
	return [...assignments]
		.sort(
			(a, b) =>
				(a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') ||
				a.createdAt.localeCompare(b.createdAt)
		)
		.map((a) => {
			const scenario = findScenario(a.scenarioId)?.scenario;
			return {
				id: a.id,
				scenarioId: a.scenarioId,
				title: scenario?.title ?? a.scenarioId,
				...(a.title ? { setTitle: a.title } : {}),
				mode: a.mode,
				// The assignment's own pass mark, else its scenario's (as the trainee's home page).
				passMark: a.passMark ?? scenario?.pass ?? 70,
				...(a.dueAt ? { dueAt: a.dueAt } : {})
			};
		});
}

export interface CohortScope {
	cohort: Cohort;
	trainees: Trainee[];
	columns: AssignmentColumn[];
}

export async function cohortScope(store: Store, cohort: Cohort): Promise<CohortScope> {
	const members = new Set(cohort.memberIds);
	const trainees = (await store.listUsers())
		.filter((u) => members.has(u.id))
		.map((u) => ({ id: u.id, username: u.username, displayName: u.displayName }));
	const columns = columnsOf(await store.listAssignments({ cohortId: cohort.id }));
	return { cohort, trainees, columns };
}
