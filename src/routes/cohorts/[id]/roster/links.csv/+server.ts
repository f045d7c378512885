import { requireCohort } from '$lib/server/programmes/access';
import { linksCsv, relinkWaiting } from '$lib/server/programmes/roster';
import { exportName } from '$lib/server/analytics/exports';
import type { RequestHandler } from './$types';

/**
 * A CSV file of fresh set-password links for every trainee on the roster still waiting to set a
 * password. A POST (a plain form button, so it works without JavaScript): making links changes
 * state, since each trainee's earlier link stops working.
 */
export const POST: RequestHandler = async (event) => {
	const { user, store, cohort } = await requireCohort(event);
	const links = await relinkWaiting(store, cohort, user);
	return new Response(linksCsv(links, event.url.origin), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${exportName(cohort, 'set-password-links.csv')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
