import { requireUser } from '$lib/server/auth/guard';
import { cohortsFor } from '$lib/server/programmes/access';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['instructor', 'admin']);
	const store = await getStore();
	const cohorts = await cohortsFor(store, user);
	const assignments = await store.listAssignments();
	const users = new Map((await store.listUsers()).map((u) => [u.id, u.displayName]));
	return {
		cohorts: cohorts.map((c) => ({
			id: c.id,
			name: c.name,
			archived: c.archived ?? false,
			trainees: c.memberIds.length,
			assignments: assignments.filter((a) => a.cohortId === c.id).length,
			instructors: c.instructorIds.map((id) => users.get(id) ?? 'A deleted account')
		}))
	};
};
