import { requireUser } from '$lib/server/auth/guard';
import { managedCohort } from '$lib/server/programmes/access';
import { traineeDetail } from '$lib/server/analytics/trainee-detail';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['instructor', 'admin']);
	const store = await getStore();
	const cohort = await managedCohort(store, user, event.params.id);
	return traineeDetail(store, cohort, event.params.userId);
};
