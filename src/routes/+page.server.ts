import { traineeAssignments } from '$lib/server/programmes/assignments';
import { STATUS_LABELS } from '$lib/labels';
import { playableScenarios } from '$lib/server/scenario-library';
import { summarise } from '$lib/server/scenario-view';
import { scenarioStandings } from '$lib/server/scenario-status';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	const assignments =
		user?.role === 'trainee'
			? (await traineeAssignments(await getStore(), user)).map((a) => ({
					...a,
					statusLabel: STATUS_LABELS[a.status]
				}))
			: [];
	const scenarios = playableScenarios().map(({ scenario }) => summarise(scenario));
	return {
		assignments,
		scenarios,
		standings: user
			? await scenarioStandings(
					await getStore(),
					user,
					scenarios.map((s) => s.id)
				)
			: {}
	};
};
