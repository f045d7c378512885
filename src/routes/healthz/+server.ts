import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

/**
 * For load balancers and monitors: 200 when the store answers, 503 when it does not (PostgreSQL
 * down or unreachable, the data folder unusable). Says nothing else: no versions, no counts.
 */
export const GET: RequestHandler = async () => {
	const headers = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
	try {
		await (await getStore()).ping();
		return new Response('ok\n', { headers });
	} catch {
		return new Response('store unavailable\n', { status: 503, headers });
	}
};
