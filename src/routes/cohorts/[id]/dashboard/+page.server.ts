import { requireCohort } from '$lib/server/programmes/access';
import { cohortDashboard } from '$lib/server/analytics/dashboard';
import type { PageServerLoad } from './$types';

// A read-only report: rendered on the server only, so the matrix is not sent twice (as HTML and
// as hydration data). Sorting and filtering are links and a GET form.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { store, cohort } = await requireCohort(event);
	return cohortDashboard(store, cohort, event.url.searchParams);
};
