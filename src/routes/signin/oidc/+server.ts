import { error, redirect } from '@sveltejs/kit';
import {
	attemptCookieOptions,
	beginOidcSignIn,
	OIDC_COOKIE,
	OidcSignInError
} from '$lib/server/auth/oidc';
import { readSignInSettings } from '$lib/server/auth/sign-in-settings';
import type { RequestHandler } from './$types';

/** "Sign in with <name>": a plain link here starts an attempt and sends the browser on. */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const { oidc } = readSignInSettings();
	if (!oidc) error(404, 'Single sign-on is not set up on this server.');
	let begun;
	try {
		begun = await beginOidcSignIn(oidc, url.origin, url.searchParams.get('next'));
	} catch (e) {
		if (e instanceof OidcSignInError) redirect(303, `/signin?sso_error=${e.reason}`);
		throw e;
	}
	cookies.set(OIDC_COOKIE, begun.cookie, attemptCookieOptions(url.origin));
	redirect(303, begun.url.href);
};
