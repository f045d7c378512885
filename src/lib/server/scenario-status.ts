import { traineeAssignments, type TraineeAssignment } from './programmes/assignments';
import { passMarksFor, type PassMark } from './pass-mark';
import { statusFrom, type AssignmentStatus } from './programmes/status';
import { progressOf } from './progress';
import type { PublicUser, Store } from './store';

/**
 * Where a person stands on each scenario, for the catalogue's cards. An assigned scenario shows
 * its assignment (the most urgent one when there are several): status, best counted score, due
 * date, judged against the assignment's pass mark by the assignment rule (`traineeAssignments`).
 * Any other scenario shows the person's own record from `progressOf`, judged by the one pass rule
 * (pass-mark.ts) like every other verdict. No pass rule lives here: both verdicts come from those
 * two calls. "What if" replays count for neither.
 */

export interface ScenarioStanding {
	status: AssignmentStatus;
	best?: number;
	assigned: boolean;
	dueAt?: string;
	passMark?: PassMark;
}

const NOT_STARTED: ScenarioStanding = { status: 'not-started', assigned: false };

/** `assigned`: the person's assignments when the caller has already read them (the home page). */
export async function scenarioStandings(
	store: Store,
	user: PublicUser,
	scenarioIds: readonly string[],
	{ assigned, now = new Date() }: { assigned?: TraineeAssignment[]; now?: Date } = {}
): Promise<Record<string, ScenarioStanding>> {
	const standings: Record<string, ScenarioStanding> = {};
	for (const id of scenarioIds) standings[id] = NOT_STARTED;

	const attempts = await store.listAttemptsByUser(user.id);
	for (const row of progressOf(attempts, await passMarksFor(store, attempts)).scenarios) {
		if (!(row.scenarioId in standings)) continue;
		standings[row.scenarioId] = {
			status: statusFrom({
				passed: row.passed,
				pastDue: false,
				active: !!row.activeAttemptId && !row.activeWhatIf,
				started: row.attempts > 0
			}),
			...(row.best !== null ? { best: row.best } : {}),
			assigned: false,
			...(row.verdict ? { passMark: row.verdict.mark } : {})
		};
	}

	// Most urgent first, so the first assignment of a scenario is the one its card shows.
	const seen = new Set<string>();
	for (const a of assigned ?? (await traineeAssignments(store, user, now))) {
		if (seen.has(a.scenarioId) || !(a.scenarioId in standings)) continue;
		seen.add(a.scenarioId);
		standings[a.scenarioId] = {
			status: a.status,
			...(a.best !== undefined ? { best: a.best } : {}),
			assigned: true,
			...(a.dueAt ? { dueAt: a.dueAt } : {}),
			passMark: a.passMark
		};
	}
	return standings;
}
