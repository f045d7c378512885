import { scopeFrom } from '$lib/server/analytics/counted';
import { requireCohort } from '$lib/server/programmes/access';
import { cohortScenarios } from '$lib/server/analytics/items';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { store, cohort } = await requireCohort(event);
	const scope = scopeFrom(event.url.searchParams.get('attempts'));
	return {
		cohort: { id: cohort.id, name: cohort.name },
		scope,
		scenarios: await cohortScenarios(store, cohort, scope)
	};
};
