import { describe, expect, it } from 'vitest';
import { crossSiteFormRefusal } from '../../../src/lib/server/csrf';

const SITE = new URL('https://rapport.example/cohorts/1?/rename');

function post(url: URL, origin: string | null, type = 'application/x-www-form-urlencoded') {
	const headers: Record<string, string> = { 'content-type': type };
	if (origin) headers.origin = origin;
	return new Request(url, { method: 'POST', headers, body: 'a=1' });
}

describe('cross-site form posts', () => {
	it('are refused as SvelteKit refused them, except the LTI login and launch', async () => {
		const refused = crossSiteFormRefusal(post(SITE, 'https://evil.example'), SITE);
		expect(refused?.status).toBe(403);
		expect(await refused?.text()).toBe('Cross-site POST form submissions are forbidden');
		expect(
			crossSiteFormRefusal(post(SITE, null, 'multipart/form-data; boundary=x'), SITE)?.status
		).toBe(403);
		expect(crossSiteFormRefusal(post(SITE, 'https://rapport.example'), SITE)).toBeUndefined();
		expect(
			crossSiteFormRefusal(post(SITE, 'https://evil.example', 'application/json'), SITE)
		).toBeUndefined();
		for (const path of ['/lti/login', '/lti/launch']) {
			const url = new URL(path, SITE);
			expect(crossSiteFormRefusal(post(url, 'https://lms.example'), url)).toBeUndefined();
		}
		const picker = new URL('/lti/deep-link/return', SITE);
		expect(crossSiteFormRefusal(post(picker, 'https://lms.example'), picker)?.status).toBe(403);
	});
});
