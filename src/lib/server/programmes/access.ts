import { error } from '@sveltejs/kit';
import { requireUser, type GuardEvent } from '../auth/guard';
import { getStore } from '../store';
import type { Attempt, Cohort, PublicUser, Role, Store } from '../store/types';

/**
 * Who may see and change what in a programme. Admins: everything. Instructors: the cohorts that
 * list them, and the attempts made for those cohorts' assignments (to view, never to play).
 * Trainees: only their own work. Anything not allowed answers exactly like something missing
 * (404), so ids cannot be probed for cohorts or attempts that exist.
 */

export function canManageCohort(user: PublicUser, cohort: Cohort): boolean {
	if (user.role === 'admin') return true;
	return user.role === 'instructor' && cohort.instructorIds.includes(user.id);
}

/** The cohort, if this user manages it; 404 otherwise (missing and forbidden look the same). */
export async function managedCohort(
	store: Store,
	user: PublicUser,
	cohortId: string
): Promise<Cohort> {
	const cohort = await store.getCohort(cohortId);
	if (!cohort || !canManageCohort(user, cohort)) error(404, 'No such cohort.');
	return cohort;
}

/**
 * What every load, action and endpoint under /cohorts/[id] starts with: a signed-in instructor
 * or admin (or only the `roles` given), the store, and the cohort from the URL if they manage it
 * (404 otherwise).
 */
export async function requireCohort(
	event: GuardEvent & { params: { id: string } },
	roles: readonly Role[] = ['instructor', 'admin']
) {
	const user = requireUser(event, roles);
	const store = await getStore();
	const cohort = await managedCohort(store, user, event.params.id);
	return { user, store, cohort };
}

export async function cohortsFor(store: Store, user: PublicUser): Promise<Cohort[]> {
	const all = await store.listCohorts();
	return all.filter((c) => canManageCohort(user, c)).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The one rule for which attempts belong to a cohort's records, and so which its staff may see:
 * an attempt made for one of the cohort's assignments (`assignmentIds`) by a trainee on its
 * roster. Being on a roster is not enough: a trainee's own practice, their work for other
 * cohorts and what-if replays (which never carry an assignment) stay theirs. Work from before
 * the trainee joined cannot match either, since only a trainee on the roster can start an
 * assignment's attempt (`startAssignment`). The attempt page, the trainee page, the
 * assignment page and the exports all filter with this.
 */
export function isCohortWork(
	attempt: Pick<Attempt, 'userId' | 'assignmentId'>,
	cohort: Pick<Cohort, 'memberIds'>,
	assignmentIds: ReadonlySet<string>
): boolean {
	return (
		attempt.assignmentId !== undefined &&
		assignmentIds.has(attempt.assignmentId) &&
		cohort.memberIds.includes(attempt.userId)
	);
}

/**
 * May `user` view `attempt`? Its trainee and admins always; an instructor only when it is work
 * of a cohort they teach (`isCohortWork`). Changing an attempt stays with its trainee
 * (attempts.ts).
 */
export async function canViewAttempt(
	store: Store,
	user: PublicUser,
	attempt: Pick<Attempt, 'userId' | 'assignmentId'>
): Promise<boolean> {
	if (attempt.userId === user.id || user.role === 'admin') return true;
	if (user.role !== 'instructor' || !attempt.assignmentId) return false;
	const assignment = await store.getAssignment(attempt.assignmentId);
	const cohort = assignment && (await store.getCohort(assignment.cohortId));
	return (
		!!cohort &&
		canManageCohort(user, cohort) &&
		isCohortWork(attempt, cohort, new Set([assignment.id]))
	);
}

/** The trainee, if they are on this cohort's roster; 404 otherwise. */
export async function rosterTrainee(store: Store, cohort: Cohort, userId: string) {
	const user = cohort.memberIds.includes(userId) ? await store.getUser(userId) : undefined;
	if (!user) error(404, 'No such trainee in this cohort.');
	return user;
}

/**
 * The coarse rule hooks.server.ts applies before any route runs: which roles may enter an area
 * at all. Each load and action still checks the cohort itself.
 */
export function rolesForPath(pathname: string): readonly Role[] | undefined {
	if (pathname === '/admin' || pathname.startsWith('/admin/')) return ['admin'];
	if (pathname === '/cohorts' || pathname.startsWith('/cohorts/')) return ['instructor', 'admin'];
	if (pathname === '/library') return ['instructor', 'admin'];
	if (pathname === '/studio' || pathname.startsWith('/studio/')) return ['instructor', 'admin'];
	return undefined;
}
