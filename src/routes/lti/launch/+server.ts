import { error, redirect } from '@sveltejs/kit';
import { SESSION_COOKIE, sessionCookieOptions, startSession } from '$lib/server/auth/session';
import { deepLinkRequestToken } from '$lib/server/lti/deep-linking';
import {
	completeLaunch,
	LtiLaunchError,
	PlatformKeys,
	stateCookieName
} from '$lib/server/lti/launch';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

/** The platforms' keys, cached for the life of the process (jose re-fetches on a new kid). */
const keys = new PlatformKeys();

/** The platform's form post: a signed id_token and the state from the login initiation. */
export const POST: RequestHandler = async (event) => {
	const form = await event.request.formData();
	const field = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' && v !== '' ? v : undefined;
	};
	const state = field('state');
	const cookie = state ? stateCookieName(state) : undefined;
	const stateNonce = cookie ? event.cookies.get(cookie) : undefined;
	if (cookie && stateNonce)
		event.cookies.delete(cookie, { path: '/lti/launch', secure: true, sameSite: 'none' });
	const store = await getStore();
	let outcome;
	try {
		outcome = await completeLaunch(store, { idToken: field('id_token'), state, stateNonce, keys });
	} catch (e) {
		if (e instanceof LtiLaunchError) error(e.status, e.message);
		throw e;
	}
	const { token, session } = await startSession(store, outcome.user.id);
	event.cookies.set(
		SESSION_COOKIE,
		token,
		sessionCookieOptions(event.url, new Date(session.expiresAt))
	);
	if (outcome.kind === 'deep-linking') {
		const request = await deepLinkRequestToken(store, outcome.launch, outcome.user);
		redirect(303, `/lti/deep-link?request=${encodeURIComponent(request)}`);
	}
	redirect(303, outcome.landing);
};
