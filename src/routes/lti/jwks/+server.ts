import { json } from '@sveltejs/kit';
import { publicJwks } from '$lib/server/lti/keys';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

/** Rapport's public keys, which platforms verify its signed messages with. */
export const GET: RequestHandler = async () => {
	return json(await publicJwks(await getStore()), {
		// Short, so a rotation is seen soon; the old key stays published for the grace period.
		headers: { 'cache-control': 'public, max-age=300' }
	});
};
