/**
 * SvelteKit's cross-site form check, kept here so the LTI endpoints can be let through: an LMS
 * posts its login initiation and its signed launch to Rapport from its own origin, by design.
 * Those two are protected by the protocol instead (a state bound to the browser, a signed
 * id_token with a single-use nonce). Every other form post from another origin is refused
 * exactly as SvelteKit refused it (svelte.config.js leaves its own check off for this).
 *
 * The deep-linking picker's return (/lti/deep-link/return) is not among them, though it runs
 * inside the LMS's frame: its form is posted by Rapport's own picker page, so the browser sends
 * Rapport's origin, and a post from any other site is still refused here.
 */

/** Paths that take cross-site form posts. */
export const CROSS_SITE_FORM_PATHS = ['/lti/login', '/lti/launch'];

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function isForm(request: Request): boolean {
	const type = request.headers.get('content-type')?.split(';', 1)[0].trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type);
}

/** The 403 for a cross-site form post, or undefined when the request may go on. */
export function crossSiteFormRefusal(request: Request, url: URL): Response | undefined {
	if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) return undefined;
	if (!isForm(request) || request.headers.get('origin') === url.origin) return undefined;
	if (CROSS_SITE_FORM_PATHS.includes(url.pathname)) return undefined;
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	if (request.headers.get('accept') === 'application/json') {
		return Response.json({ message }, { status: 403 });
	}
	return new Response(message, { status: 403, headers: { 'content-type': 'text/plain' } });
}
