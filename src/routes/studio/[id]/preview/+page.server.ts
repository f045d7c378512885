import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { getStore } from '$lib/server/store';
import { STUDIO_ROLES, StudioError } from '$lib/server/studio';
import { previewDraft } from '$lib/server/studio-preview';
import { readPreviewQuery } from '$lib/studio/preview-query';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, STUDIO_ROLES);
	const query = readPreviewQuery(event.url.searchParams);
	try {
		return { query, ...(await previewDraft(await getStore(), user, event.params.id, query)) };
	} catch (e) {
		if (e instanceof StudioError) error(e.status, e.message);
		throw e;
	}
};
