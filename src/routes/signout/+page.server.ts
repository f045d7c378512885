import { redirect } from '@sveltejs/kit';
import { endSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { getStore } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

// Signing out changes state, so it is a POST (a link or image cannot sign anyone out); a GET
// shows a confirmation form instead.
export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user) redirect(303, '/');
	return {};
};

export const actions: Actions = {
	default: async ({ cookies, locals }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) {
			const store = await getStore();
			await endSession(store, token);
			if (locals.user) {
				await store.appendAudit({
					actorId: locals.user.id,
					action: 'session.signOut',
					targetType: 'user',
					targetId: locals.user.id
				});
			}
		}
		cookies.delete(SESSION_COOKIE, { path: '/' });
		redirect(303, '/signin');
	}
};
