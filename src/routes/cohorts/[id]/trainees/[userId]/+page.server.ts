import { requireCohort } from '$lib/server/programmes/access';
import { traineeDetail } from '$lib/server/analytics/trainee-detail';
import type { PageServerLoad } from './$types';

export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { store, cohort } = await requireCohort(event);
	return traineeDetail(store, cohort, event.params.userId);
};
