import { fail } from '@sveltejs/kit';
import { linkState, redeemLink, unusableLinkMessage } from '$lib/server/programmes/password-links';
import { readSignInSettings } from '$lib/server/auth/sign-in-settings';
import { getStore } from '$lib/server/store';

/** With PASSWORD_SIGN_IN=off a password would be useless: the link is left unused. */
const PASSWORDS_OFF =
	'Password sign-in is turned off on this server, so there is no password to choose. Sign in with your organisation’s account on the sign-in page instead.';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	// The token is in the URL: keep the page out of caches. (The site's referrer policy,
	// same-origin, already keeps it from other sites; no-referrer would make Chromium send
	// `Origin: null` with the form, which the CSRF check refuses.)
	setHeaders({ 'cache-control': 'no-store' });
	if (!readSignInSettings().passwords) {
		return { valid: false as const, state: 'off' as const, message: PASSWORDS_OFF };
	}
	const found = await linkState(await getStore(), params.token);
	return found.state === 'usable'
		? { valid: true as const, username: found.user.username, displayName: found.user.displayName }
		: { valid: false as const, state: found.state, message: unusableLinkMessage(found) };
};

export const actions: Actions = {
	default: async ({ params, request }) => {
		if (!readSignInSettings().passwords) return fail(403, { error: PASSWORDS_OFF });
		const form = await request.formData();
		const password = String(form.get('password') ?? '').slice(0, 1024);
		const confirm = String(form.get('confirm') ?? '').slice(0, 1024);
		const result = await redeemLink(await getStore(), params.token, password, confirm);
		if (!result.ok) return fail(result.reason === 'invalid' ? 410 : 400, { error: result.message });
		return { done: true, username: result.user.username };
	}
};
