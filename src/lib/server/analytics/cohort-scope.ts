import { markOfAttempt, passMarkOf, type MarkOf } from '../pass-mark';
import { knownScenario } from '../scenario-library';
import type { Assignment, Cohort, Store } from '../store/types';
import type { AssignmentColumn, Trainee } from './matrix';

/**
 * Which trainees and assignments a cohort's figures cover. Who may see them is decided by
 * `managedCohort` (programmes/access.ts), the same check as every other cohort page.
 */
export function columnsOf(assignments: readonly Assignment[]): AssignmentColumn[] {
	return [...assignments]
		.sort(
			(a, b) =>
				(a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') ||
				a.createdAt.localeCompare(b.createdAt)
		)
		.map((a) => {
			const scenario = knownScenario(a.scenarioId)?.scenario;
			return {
				id: a.id,
				scenarioId: a.scenarioId,
				title: scenario?.title ?? a.scenarioId,
				...(a.title ? { setTitle: a.title } : {}),
				mode: a.mode,
				passMark: passMarkOf(a, scenario?.pass),
				...(a.dueAt ? { dueAt: a.dueAt } : {})
			};
		});
}

export interface CohortScope {
	/** The roster, by username; with pseudonyms for the exports. */
	trainees: (Trainee & { pseudonym: string })[];
	columns: AssignmentColumn[];
	/** The pass mark each of the cohort's attempts is judged by (the one rule, pass-mark.ts). */
	markOf: MarkOf;
}

export async function cohortScope(store: Store, cohort: Cohort): Promise<CohortScope> {
	const members = new Set(cohort.memberIds);
	const trainees = (await store.listUsers())
		.filter((u) => members.has(u.id))
		.sort((a, b) => a.username.localeCompare(b.username))
		.map((u) => ({
			id: u.id,
			username: u.username,
			displayName: u.displayName,
			pseudonym: u.pseudonym
		}));
	const assignments = await store.listAssignments({ cohortId: cohort.id });
	return { trainees, columns: columnsOf(assignments), markOf: markOfAttempt(assignments) };
}
