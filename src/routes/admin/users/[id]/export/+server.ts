import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { exportTraineeData } from '$lib/server/programmes/privacy';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

/** Everything held about one account, as a JSON download (a subject access request). */
export const GET: RequestHandler = async (event) => {
	const admin = requireUser(event, ['admin']);
	const store = await getStore();
	const data = await exportTraineeData(store, event.params.id);
	if (!data) error(404, 'No such account.');
	await store.appendAudit({
		actorId: admin.id,
		action: 'user.exportData',
		targetType: 'user',
		targetId: event.params.id
	});
	return new Response(JSON.stringify(data, null, '\t'), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="rapport-${data.user.pseudonym}.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
