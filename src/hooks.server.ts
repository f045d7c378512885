import { building } from '$app/environment';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { dummyHash } from '$lib/server/auth/password';
import { resolveSession, SESSION_COOKIE, sessionCookieOptions } from '$lib/server/auth/session';
import { describeSignIn, readSignInSettings } from '$lib/server/auth/sign-in-settings';
import { crossSiteFormRefusal } from '$lib/server/csrf';
import { firstRun } from '$lib/server/first-run';
import { ScoreSender } from '$lib/server/lti/ags';
import {
	isPickerPath,
	registeredFrameAncestors,
	withFrameAncestors
} from '$lib/server/lti/deep-linking';
import { ensureSigningKey } from '$lib/server/lti/keys';
import { rolesForPath } from '$lib/server/programmes/access';
import { currentEntries, refreshPublished } from '$lib/server/scenario-library';
import { getStore, isStoreUnavailable } from '$lib/server/store';

let starting: Promise<void> | undefined;

/** Opens the data folder (lock, checks, backup) and creates demo accounts on a first run. */
function startUp(): Promise<void> {
	starting ??= (async () => {
		const store = await getStore();
		await firstRun(store);
		// Rapport's LTI signing key, made on the first start (a secret: it stays in the store).
		await ensureSigningKey(store);
		// Computed now so the first unknown-user sign-in is not slower than the rest.
		await dummyHash();
		// Compiled now (SCENARIOS_DIR on the worker thread) so the first pages offer every scenario.
		await currentEntries();
		await refreshPublished(store, true);
	})();
	starting.catch(() => (starting = undefined));
	return starting;
}

// At server start, so a locked or damaged data folder stops the server with its message
// instead of failing every request. Not while building: prerendering runs `init` too.
export const init: ServerInit = async () => {
	if (building) return;
	try {
		// Half-set-up single sign-on stops the server with what to fix (sign-in-settings.ts).
		for (const line of describeSignIn(readSignInSettings())) console.log(line);
		await startUp();
	} catch (e) {
		console.error(`\n${(e as Error).message}\n`);
		process.exit(1);
	}
	// Grade passback: sends the LMS scores waiting in the store's outbox (lti/ags.ts).
	new ScoreSender(getStore).start();
};

/** What a page says while the database cannot be reached: nothing saved is lost; try again. */
const UNAVAILABLE =
	'Rapport cannot reach its database just now. Nothing that was saved has been lost: every ' +
	'choice the page showed as saved is stored. Please try again in a moment.';

/** The page for a request that could not even resolve its session: plain HTML, 503. */
function unavailableResponse(): Response {
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Database unavailable · Rapport</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<main><h1>Rapport cannot reach its database</h1><p>${UNAVAILABLE}</p>
<p><a href="">Try again</a></p><p>Error 503.</p></main></body></html>`;
	return new Response(html, {
		status: 503,
		headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '5' }
	});
}

// An error SvelteKit did not expect: say plainly when it is the database being away (the
// status stays SvelteKit's; the message and the flag make the page clear), and log the rest.
export const handleError: HandleServerError = ({ error }) => {
	if (isStoreUnavailable(error)) return { message: UNAVAILABLE, unavailable: true };
	console.error(error);
	return { message: 'Internal Error' };
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	const refused = crossSiteFormRefusal(event.request, event.url);
	if (refused) return refused;
	// The health check answers for itself, also when the store cannot be reached (503).
	if (event.url.pathname === '/healthz') return resolve(event);
	try {
		return await handleRequest({ event, resolve });
	} catch (e) {
		if (isStoreUnavailable(e)) return unavailableResponse();
		throw e;
	}
};

const handleRequest: Handle = async ({ event, resolve }) => {
	if (!building) {
		await startUp();
		// Scenarios published in the studio, on this instance or another (at most once a second).
		await refreshPublished(await getStore());
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			const resolved = await resolveSession(await getStore(), token);
			if (resolved) {
				event.locals.user = resolved.user;
				if (resolved.renewed) {
					event.cookies.set(
						SESSION_COOKIE,
						token,
						sessionCookieOptions(event.url, new Date(resolved.session.expiresAt))
					);
				}
			} else {
				event.cookies.delete(SESSION_COOKIE, { path: '/' });
			}
		}
	}

	// Coarse role check for whole areas (/admin, /cohorts); every load and action checks again.
	const roles = rolesForPath(event.url.pathname);
	if (roles) requireUser(event, roles);

	const response = await resolve(event);
	// Rapport refuses to be framed (svelte.config.js), except the LTI deep-linking picker, which
	// LMSs show in a frame: its request's platform may frame it (or, for its error page, any
	// registered platform, so the message shows where the instructor is).
	const framers = isPickerPath(event.url.pathname)
		? (event.locals.frameAncestors ?? (await registeredFrameAncestors(await getStore())))
		: undefined;
	try {
		response.headers.set('x-content-type-options', 'nosniff');
		response.headers.set('referrer-policy', 'same-origin');
		// Also on a response that had no policy (SvelteKit's plain error page for the return), so
		// the picker's paths always say who may frame them.
		if (framers) {
			const csp = response.headers.get('content-security-policy') ?? '';
			response.headers.set('content-security-policy', withFrameAncestors(csp, framers));
		}
		// Pages for a signed-in user are private: no shared caches, no back-button copy after
		// sign-out.
		if (event.locals.user && !response.headers.has('cache-control')) {
			response.headers.set('cache-control', 'private, no-store');
		}
	} catch {
		// Some responses (e.g. fetched ones passed through) have immutable headers.
	}
	return response;
};
