import { requireUser } from '$lib/server/auth/guard';
import { getStore } from '$lib/server/store';
import { STUDIO_ROLES } from '$lib/server/studio';
import { authorArchive, downloadResponse } from '$lib/server/studio-history';
import type { RequestHandler } from './$types';

/** Every scenario the user owns or co-authors, as one zip archive ("Export all"). */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event, STUDIO_ROLES);
	const file = await authorArchive(await getStore(), user);
	return downloadResponse(file);
};
