import { requireCohort } from '$lib/server/programmes/access';
import { exportName, xapiChunks } from '$lib/server/analytics/exports';
import { streamOf } from '$lib/server/analytics/stream';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { store, cohort } = await requireCohort(event);
	// The deployment's own address (ORIGIN in production) is the actors' account home page and
	// the base of every IRI Rapport coins.
	return new Response(streamOf(xapiChunks(store, cohort, event.url.origin)), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${exportName(cohort, 'xapi.json')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
