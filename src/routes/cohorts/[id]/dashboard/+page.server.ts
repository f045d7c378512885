import { requireUser } from '$lib/server/auth/guard';
import { managedCohort } from '$lib/server/programmes/access';
import { cohortDashboard } from '$lib/server/analytics/dashboard';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

// A read-only report: rendered on the server only, so the matrix is not sent twice (as HTML and
// as hydration data). Sorting and filtering are links and a GET form.
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['instructor', 'admin']);
	const store = await getStore();
	const cohort = await managedCohort(store, user, event.params.id);
	return cohortDashboard(store, cohort, event.url.searchParams);
};
