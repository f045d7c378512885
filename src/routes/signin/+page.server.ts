import { fail, redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/server/auth/guard';
import { isOidcFailure, oidcFailureMessage } from '$lib/server/auth/oidc';
import { readSignInSettings } from '$lib/server/auth/sign-in-settings';
import { SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/session';
import { signIn } from '$lib/server/auth/sign-in';
import { SignInThrottle } from '$lib/server/auth/throttle';
import { getStore } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	const { passwords, oidc } = readSignInSettings();
	const ssoError = url.searchParams.get('sso_error');
	return {
		next,
		passwords,
		sso: oidc ? { name: oidc.name } : null,
		ssoError: oidc && isOidcFailure(ssoError) ? oidcFailureMessage(ssoError, oidc) : null
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, url, setHeaders }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').slice(0, 200);
		const password = String(form.get('password') ?? '').slice(0, 1024);
		const next = safeNext(String(form.get('next') ?? ''));
		if (!readSignInSettings().passwords) {
			return fail(403, { username, error: 'Password sign-in is turned off on this server.' });
		}

		if (!username.trim() || !password) {
			return fail(400, { username, error: 'Enter your username and your password.' });
		}
		const store = await getStore();
		// Failed tries are kept in the store, so every instance counts the same ones.
		const result = await signIn(store, new SignInThrottle(store), {
			username,
			password,
			previousToken: cookies.get(SESSION_COOKIE)
		});
		if (!result.ok && result.reason === 'throttled') {
			setHeaders({ 'retry-after': String(result.retryAfter) });
			const minutes = Math.ceil(result.retryAfter / 60);
			return fail(429, {
				username,
				error: `Too many failed sign-ins for this username. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
			});
		}
		if (!result.ok && result.reason === 'suspended') {
			return fail(403, {
				username,
				error: 'This account is suspended. Ask an administrator of your programme to restore it.'
			});
		}
		if (!result.ok) {
			return fail(400, { username, error: 'That username and password do not match an account.' });
		}
		cookies.set(SESSION_COOKIE, result.token, sessionCookieOptions(url, result.expiresAt));
		redirect(303, next);
	}
};
