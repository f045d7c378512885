import { fail } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { keySummaries, rotateSigningKey } from '$lib/server/lti/keys';
import {
	PlatformError,
	readPlatformForm,
	registerPlatform,
	toolUrls
} from '$lib/server/lti/platforms';
import { getStore } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const store = await getStore();
	return {
		platforms: (await store.listLtiPlatforms()).map((p) => ({
			id: p.id,
			name: p.name,
			issuer: p.issuer,
			clientId: p.clientId,
			deployments: p.deploymentIds.length
		})),
		keys: await keySummaries(store),
		urls: toolUrls(event.url.origin)
	};
};

export const actions: Actions = {
	create: async (event) => {
		const admin = requireUser(event, ['admin']);
		const input = readPlatformForm(await event.request.formData());
		try {
			const platform = await registerPlatform(await getStore(), input, admin);
			return { created: platform.name };
		} catch (e) {
			if (e instanceof PlatformError) return fail(400, { input, errors: e.problems });
			throw e;
		}
	},
	rotate: async (event) => {
		const admin = requireUser(event, ['admin']);
		const store = await getStore();
		const rotation = await rotateSigningKey(store);
		await store.appendAudit({
			actorId: admin.id,
			action: 'lti.key.rotate',
			targetType: 'lti-key',
			targetId: rotation.kid
		});
		return { rotated: rotation.kid };
	}
};
