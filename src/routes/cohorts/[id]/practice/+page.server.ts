import { requireCohort } from '$lib/server/programmes/access';
import { cohortPractice } from '$lib/server/analytics/practice';
import type { PageServerLoad } from './$types';

// A read-only report, like the dashboard: rendered on the server only.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { store, cohort } = await requireCohort(event);
	return cohortPractice(store, cohort);
};
