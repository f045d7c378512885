import { requireCohort } from '$lib/server/programmes/access';
import { choiceChunks, exportName } from '$lib/server/analytics/exports';
import { streamOf } from '$lib/server/analytics/stream';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { store, cohort } = await requireCohort(event);
	return new Response(streamOf(choiceChunks(store, cohort)), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${exportName(cohort, 'choices.csv')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
