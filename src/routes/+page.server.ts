import { playableScenarios } from '$lib/server/scenario-library';
import { summarise } from '$lib/server/scenario-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({
	scenarios: playableScenarios().map(({ scenario }) => summarise(scenario))
});
