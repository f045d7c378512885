import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { exportTraineeData } from '$lib/server/programmes/privacy';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

/**
 * The signed-in user's own data, as the same JSON document an admin downloads for a subject
 * access request: attempts with their choices, typed responses and reflections, drill cards.
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const store = await getStore();
	const data = await exportTraineeData(store, user.id);
	if (!data) error(404, 'No such account.');
	await store.appendAudit({
		actorId: user.id,
		action: 'user.exportOwnData',
		targetType: 'user',
		targetId: user.id
	});
	return new Response(JSON.stringify(data, null, '\t'), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="rapport-my-data.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
