import { requireUser } from '$lib/server/auth/guard';
import { scopeFrom } from '$lib/server/analytics/counted';
import { managedCohort } from '$lib/server/programmes/access';
import { cohortItems } from '$lib/server/analytics/items';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['instructor', 'admin']);
	const store = await getStore();
	const cohort = await managedCohort(store, user, event.params.id);
	const scope = scopeFrom(event.url.searchParams.get('attempts'));
	return {
		cohort: { id: cohort.id, name: cohort.name },
		items: await cohortItems(store, cohort, event.params.scenarioId, scope)
	};
};
