import { requireUser } from '$lib/server/auth/guard';
import { managedCohort } from '$lib/server/programmes/access';
import { exportName, gradebookChunks } from '$lib/server/analytics/exports';
import { streamOf } from '$lib/server/analytics/stream';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, ['instructor', 'admin']);
	const store = await getStore();
	const cohort = await managedCohort(store, user, event.params.id);
	return new Response(streamOf(gradebookChunks(store, cohort)), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${exportName(cohort, 'gradebook.csv')}"`,
			'cache-control': 'private, no-store'
		}
	});
};
