import { error, fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { confirmed } from '$lib/server/confirm';
import {
	editPlatform,
	PlatformError,
	readPlatformForm,
	removePlatform
} from '$lib/server/lti/platforms';
import { getStore } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

async function platformOr404(id: string) {
	const store = await getStore();
	const platform = await store.getLtiPlatform(id);
	if (!platform) error(404, 'No such platform.');
	return { store, platform };
}

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const { store, platform } = await platformOr404(event.params.id);
	const links = await store.listLtiResourceLinks({ platformId: platform.id });
	return { platform, links: links.length };
};

export const actions: Actions = {
	save: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, platform } = await platformOr404(event.params.id);
		const input = readPlatformForm(await event.request.formData());
		try {
			await editPlatform(store, platform.id, input, admin);
			return { saved: true };
		} catch (e) {
			if (e instanceof PlatformError) return fail(400, { input, errors: e.problems });
			throw e;
		}
	},
	remove: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, platform } = await platformOr404(event.params.id);
		if (!confirmed(await event.request.formData(), platform.name)) {
			return fail(400, {
				error: `Nothing was removed: type the name, ${platform.name}, to confirm.`
			});
		}
		await removePlatform(store, platform.id, admin);
		redirect(303, '/admin/lti');
	}
};
