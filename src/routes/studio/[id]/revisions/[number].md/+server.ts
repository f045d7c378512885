import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { getStore } from '$lib/server/store';
import { STUDIO_ROLES } from '$lib/server/studio';
import { orHttpError } from '$lib/server/studio-http';
import { downloadResponse, revisionDownload } from '$lib/server/studio-history';
import type { RequestHandler } from './$types';

/** One revision of a draft as a markdown file (any revision: current, older or kept aside). */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, STUDIO_ROLES);
	const number = Number(event.params.number);
	if (!Number.isInteger(number)) error(404, 'No such revision.');
	const store = await getStore();
	return downloadResponse(
		await orHttpError(() => revisionDownload(store, user, event.params.id, number))
	);
};
