import { error, redirect } from '@sveltejs/kit';
import {
	finishOidcSignIn,
	OIDC_COOKIE,
	OIDC_COOKIE_PATH,
	OidcSignInError
} from '$lib/server/auth/oidc';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/session';
import { readSignInSettings } from '$lib/server/auth/sign-in-settings';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

/** The provider sends the browser back here with a code (or an error). */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const { oidc } = readSignInSettings();
	if (!oidc) error(404, 'Single sign-on is not set up on this server.');
	const attempt = cookies.get(OIDC_COOKIE);
	// Single use: whatever happens next, this attempt is over.
	cookies.delete(OIDC_COOKIE, { path: OIDC_COOKIE_PATH, secure: url.protocol === 'https:' });
	let done;
	try {
		done = await finishOidcSignIn(await getStore(), oidc, url, attempt, {
			previousToken: cookies.get(SESSION_COOKIE)
		});
	} catch (e) {
		if (e instanceof OidcSignInError) redirect(303, `/signin?sso_error=${e.reason}`);
		throw e;
	}
	cookies.set(SESSION_COOKIE, done.token, sessionCookieOptions(url, done.expiresAt));
	redirect(303, done.next);
};
