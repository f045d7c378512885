import { traineeAssignments } from '$lib/server/programmes/assignments';
import { traineeCohorts } from '$lib/server/programmes/cohorts';
import { STATUS_LABELS } from '$lib/labels';
import { playableScenarios } from '$lib/server/scenario-library';
import { summarise } from '$lib/server/scenario-view';
import { scenarioStandings } from '$lib/server/scenario-status';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	const trainee = user?.role === 'trainee';
	const store = trainee ? await getStore() : undefined;
	// Read once: the assignment cards and the catalogue cards' standings both use them.
	const assigned = store ? await traineeAssignments(store, user!) : [];
	const assignments = assigned.map((a) => ({ ...a, statusLabel: STATUS_LABELS[a.status] }));
	const scenarios = playableScenarios().map(({ scenario }) => summarise(scenario));
	return {
		assignments,
		// Being on a roster shares work with its instructors: the trainee always sees where.
		cohorts: store ? await traineeCohorts(store, user!) : [],
		scenarios,
		standings: user
			? await scenarioStandings(
					await getStore(),
					user,
					scenarios.map((s) => s.id),
					store ? { assigned } : {}
				)
			: {}
	};
};
