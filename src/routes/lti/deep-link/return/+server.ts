import { randomBytes } from 'node:crypto';
import { error, redirect } from '@sveltejs/kit';
import {
	DeepLinkError,
	deepLinkResponse,
	frameAncestorsFor,
	readDeepLinkRequest
} from '$lib/server/lti/deep-linking';
import { toolUrls } from '$lib/server/lti/platforms';
import { findScenario } from '$lib/server/scenario-library';
import { getStore } from '$lib/server/store';
import type { RequestHandler } from './$types';

function escape(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The instructor's choice, checked, signed and handed to the platform: a page whose form posts
 * the JWT to the platform's return URL, submitted by a script at once, or by its button without
 * JavaScript. A page of its own, with a CSP that allows posting to that one origin.
 *
 * No session: inside the LMS's frame the browser sends no Rapport cookie, so the signed request
 * token in the form is the credential, checked again here (signature, expiry, platform, the
 * instructor role). Cross-site forgery stays refused by the hook (csrf.ts): this form is posted
 * by Rapport's own picker page, framed or not, so its Origin is Rapport's; a post from any other
 * site is refused before it reaches here, and a stolen token would not help it.
 */
export const POST: RequestHandler = async (event) => {
	const form = await event.request.formData();
	const field = (name: string) => String(form.get(name) ?? '').trim();
	const store = await getStore();
	let request;
	try {
		request = await readDeepLinkRequest(store, field('request'));
	} catch (e) {
		if (e instanceof DeepLinkError) error(e.status, e.message);
		throw e;
	}
	event.locals.frameAncestors = frameAncestorsFor(request);
	const found = findScenario(field('scenario'));
	const mode = field('mode');
	const passMarkText = field('passMark');
	const passMark = passMarkText === '' ? undefined : Number(passMarkText);
	const problems = [
		!found && 'scenario',
		mode !== 'practice' && mode !== 'assessment' && 'mode',
		passMark !== undefined &&
			!(Number.isInteger(passMark) && passMark >= 0 && passMark <= 100) &&
			'pass-mark'
	].filter((p): p is string => Boolean(p));
	if (problems.length || !found) {
		const back = new URLSearchParams({ request: field('request') });
		for (const p of problems) back.append('problem', p);
		redirect(303, `/lti/deep-link?${back}`);
	}
	const { returnUrl, jwt } = await deepLinkResponse(
		store,
		request,
		{
			scenarioId: found.scenario.id,
			title: found.scenario.title,
			mode: mode as 'practice' | 'assessment',
			...(passMark !== undefined ? { passMark } : {})
		},
		toolUrls(event.url.origin).launch
	);
	await store.appendAudit({
		actorId: request.user.id,
		action: 'lti.deepLink',
		targetType: 'lti-platform',
		targetId: request.platform.id,
		detail: { scenarioId: found.scenario.id, mode, passMark }
	});
	const nonce = randomBytes(16).toString('base64');
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Returning to your course · Rapport</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<main><h1>Returning to your course</h1>
<p>${escape(found.scenario.title)} is ready to add to ${escape(request.platform.name)}.</p>
<form method="post" action="${escape(returnUrl)}"><input type="hidden" name="JWT" value="${escape(jwt)}">
<button>Return to ${escape(request.platform.name)}</button></form></main>
<script nonce="${nonce}">document.forms[0].submit()</script></body></html>`;
	return new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'cache-control': 'no-store',
			'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; form-action ${new URL(returnUrl).origin}; base-uri 'none'; frame-ancestors 'none'`
			// frame-ancestors: opened to the request's platform by the hook, as for the picker.
		}
	});
};
