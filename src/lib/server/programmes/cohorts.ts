import type { Cohort, PublicUser, Store, User } from '../store/types';

/** Making and changing cohorts. Who may is decided by the routes (access.ts). */

export const COHORT_NAME_MAX = 120;

export function cohortNameProblem(name: string): string | undefined {
	if (name.trim() === '') return 'Give the cohort a name.';
	if (name.trim().length > COHORT_NAME_MAX)
		return `Keep the name under ${COHORT_NAME_MAX} characters.`;
	return undefined;
}

/** An instructor who makes a cohort teaches it; an admin names its instructors. */
export async function createCohort(
	store: Store,
	actor: PublicUser,
	input: { name: string; instructorIds?: string[] }
): Promise<Cohort> {
	const instructorIds =
		actor.role === 'instructor'
			? [actor.id, ...(input.instructorIds ?? []).filter((id) => id !== actor.id)]
			: (input.instructorIds ?? []);
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
	const updated = await store.updateCohort(cohort.id, {
		...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
		...(patch.instructorIds !== undefined
			? { instructorIds: await onlyInstructors(store, patch.instructorIds) }
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
