import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { initiateLogin, LtiLaunchError, readLoginRequest } from '$lib/server/lti/launch';
import { toolUrls } from '$lib/server/lti/platforms';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

/**
 * LTI third-party login initiation. The state is bound to this browser by a cookie named after
 * it, holding the nonce: httpOnly, 10 minutes, and SameSite=None; Secure, because the platform
 * posts the launch back from its own site, and a Lax cookie is not sent with a cross-site post.
 * (A state kept only on the server would let an attacker's launch be posted into a victim's
 * browser: a login CSRF.)
 */
async function login(event: RequestEvent, params: URLSearchParams | FormData): Promise<never> {
	const store = await getStore();
	let next;
	try {
		next = await initiateLogin(store, readLoginRequest(params), toolUrls(event.url.origin).launch);
	} catch (e) {
		if (e instanceof LtiLaunchError) error(e.status, e.message);
		throw e;
	}
	event.cookies.set(next.cookie.name, next.cookie.value, {
		path: '/lti/launch',
		httpOnly: true,
		sameSite: 'none',
		secure: true,
		maxAge: next.cookie.maxAge
	});
	redirect(302, next.location);
}

export const GET: RequestHandler = (event) => login(event, event.url.searchParams);
export const POST: RequestHandler = async (event) => login(event, await event.request.formData());
