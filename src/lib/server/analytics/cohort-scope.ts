import { error } from '@sveltejs/kit';
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
	const allowed =
		cohort &&
		(user.role === 'admin' ||
			(user.role === 'instructor' && cohort.instructorIds.includes(user.id)));
	if (!cohort || !allowed) error(404, 'No such cohort.');
	return cohort;
}

/** The pass mark an assignment uses: its own if it sets one, else its scenario's. */
function passMarkOf(assignment: Assignment, scenarioPass: number | undefined): number {
	const own = (assignment as Assignment & { passMark?: unknown }).passMark;
	return typeof own === 'number' ? own : (scenarioPass ?? 70);
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
				mode: a.mode,
				passMark: passMarkOf(a, scenario?.pass),
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
