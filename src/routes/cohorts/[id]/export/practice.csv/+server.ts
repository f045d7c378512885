import { requireCohort } from '$lib/server/programmes/access';
import { exportName } from '$lib/server/analytics/exports';
import { practiceCsvChunks } from '$lib/server/analytics/practice';
import { streamOf } from '$lib/server/analytics/stream';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const { store, cohort } = await requireCohort(event);
	return new Response(streamOf(practiceCsvChunks(store, cohort)), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${exportName(cohort, 'practice.csv')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
