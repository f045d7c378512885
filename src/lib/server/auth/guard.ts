import { error, redirect } from '@sveltejs/kit';
import type { Role } from '../store/types';
import type { PublicUser } from '../store/types';

export interface GuardEvent {
	locals: App.Locals;
	url: URL;
}

/**
 * The signed-in user, or a redirect to the sign-in page that comes back here afterwards.
 * With `roles`, anyone else gets 403; list every role allowed (admin is not implied).
 * Call it in every load, action and endpoint that needs it: a layout's check does not protect
 * its children's actions.
 */
export function requireUser(event: GuardEvent, roles?: readonly Role[]): PublicUser {
	const user = event.locals.user;
	if (!user) {
		const here = event.url.pathname + event.url.search;
		redirect(303, `/signin?next=${encodeURIComponent(here)}`);
	}
	if (roles && !roles.includes(user.role)) {
		error(403, 'Your account does not have access to this page.');
	}
	return user;
}

/**
 * Where to go after signing in: only a path on this site. Anything else (another origin,
 * `//host`, backslash tricks, `javascript:`) falls back to `fallback`.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	// Backslashes and control characters are refused outright: browsers read `/\host` as `//host`.
	// eslint-disable-next-line no-control-regex
	if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\0-\x1f]/.test(next)) {
		return fallback;
	}
	try {
		const base = 'http://rapport.invalid';
		const url = new URL(next, base);
		if (url.origin !== base) return fallback;
		return url.pathname + url.search + url.hash;
	} catch {
		return fallback;
	}
}
