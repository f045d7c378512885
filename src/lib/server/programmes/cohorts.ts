import type { Cohort, PublicUser, Store, User } from '../store/types';
import { ProgrammeError } from './audit';

/**
 * Making and changing cohorts. Who may reach a cohort is decided by the routes (access.ts); who
 * may name its instructors is decided here.
 */

export const COHORT_NAME_MAX = 120;

export function cohortNameProblem(name: string): string | undefined {
	if (name.trim() === '') return 'Give the cohort a name.';
	if (name.trim().length > COHORT_NAME_MAX)
		return `Keep the name under ${COHORT_NAME_MAX} characters.`;
	return undefined;
}

/**
 * Who teaches a cohort is an admin's decision, and only theirs: an instructor who makes a cohort
 * teaches it alone, and may not name anyone else (co-instructors would see its trainees' work
 * without having asked, and without the trainees being told by anyone accountable). Every way a
 * cohort's instructors are set (creating one, changing one) passes through here.
 */
function instructorsSetBy(actor: PublicUser, requested: readonly string[]): string[] {
	if (actor.role === 'admin') return [...requested];
	if (requested.some((id) => id !== actor.id))
		throw new ProgrammeError(403, 'Only an administrator can choose a cohort’s instructors.');
	return [actor.id];
}

/** An instructor who makes a cohort teaches it; an admin names its instructors. */
export async function createCohort(
	store: Store,
	actor: PublicUser,
	input: { name: string; instructorIds?: string[] }
): Promise<Cohort> {
	const instructorIds = instructorsSetBy(actor, input.instructorIds ?? []);
	const cohort = await store.createCohort({
		name: input.name.trim(),
		instructorIds: await onlyInstructors(store, instructorIds),
		memberIds: []
	});
	await store.appendAudit({
		actorId: actor.id,
		action: 'cohort.create',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: {}
	});
	return cohort;
}

export async function updateCohort(
	store: Store,
	actor: PublicUser,
	cohort: Cohort,
	patch: { name?: string; instructorIds?: string[]; archived?: boolean }
): Promise<Cohort> {
	const instructorIds =
		patch.instructorIds === undefined ? undefined : instructorsSetBy(actor, patch.instructorIds);
	const updated = await store.updateCohort(cohort.id, {
		...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
		...(instructorIds !== undefined
			? { instructorIds: await onlyInstructors(store, instructorIds) }
			: {}),
		...(patch.archived !== undefined ? { archived: patch.archived } : {})
	});
	await store.appendAudit({
		actorId: actor.id,
		action: 'cohort.update',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: {}
	});
	return updated;
}

async function onlyInstructors(store: Store, ids: readonly string[]): Promise<string[]> {
	const staff = new Set(
		(await store.listUsers()).filter((u) => u.role === 'instructor').map((u) => u.id)
	);
	return [...new Set(ids)].filter((id) => staff.has(id));
}

/** Who an admin can make a cohort's instructor: every instructor account, for the pickers. */
export function instructorChoices(
	users: readonly Pick<User, 'id' | 'role' | 'displayName' | 'username'>[]
) {
	return users
		.filter((u) => u.role === 'instructor')
		.map((u) => ({ id: u.id, displayName: u.displayName, username: u.username }));
}

/** The display names of a cohort's instructors, in the order the cohort lists them. */
export async function instructorNames(store: Store, cohort: Pick<Cohort, 'instructorIds'>) {
	const names: string[] = [];
	for (const id of cohort.instructorIds) {
		const user = await store.getUser(id);
		if (user) names.push(user.displayName);
	}
	return names;
}

/**
 * The cohorts a trainee is on (archived ones left out) with who teaches each, for their home
 * page: being put on a roster shares work with its instructors, so the trainee always sees
 * where they are enrolled and with whom.
 */
export async function traineeCohorts(store: Store, user: Pick<PublicUser, 'id'>) {
	const cohorts = (await store.listCohorts())
		.filter((c) => !c.archived && c.memberIds.includes(user.id))
		.sort((a, b) => a.name.localeCompare(b.name));
	const out = [];
	for (const c of cohorts)
		out.push({ id: c.id, name: c.name, instructors: await instructorNames(store, c) });
	return out;
}
