import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followToCallback, startOidcPeer, type OidcPeer } from '../oidc-peer';
import { expect, freePort, startServer, test, type RunningServer } from './fixtures';

// Single sign-on in a browser: a production server of its own with single sign-on on and
// passwords off, and a real OpenID provider (oidc-provider) that signs its test account in at
// once. The protocol's refusals are covered in tests/unit/auth/oidc.test.ts.

test.describe('single sign-on with OpenID Connect', { tag: ['@own-store', '@nojs'] }, () => {
	test.describe.configure({ mode: 'serial' });
	let peer: OidcPeer | undefined;
	let server: RunningServer | undefined;
	let dataDir = '';

	test.beforeAll(async () => {
		test.setTimeout(90_000);
		const port = await freePort();
		peer = await startOidcPeer({
			redirectUri: `http://127.0.0.1:${port}/signin/oidc/callback`,
			account: {
				sub: 'e2e-ada',
				preferred_username: 'ada.e2e@uni.example',
				name: 'Ada Single-Sign-On',
				email: 'ada.e2e@uni.example',
				email_verified: true,
				groups: ['rapport-admins']
			}
		});
		dataDir = mkdtempSync(join(tmpdir(), 'rapport-oidc-'));
		server = await startServer({
			dataDir,
			port,
			env: {
				OIDC_ISSUER: peer.issuer,
				OIDC_CLIENT_ID: peer.clientId,
				OIDC_CLIENT_SECRET: peer.clientSecret,
				OIDC_NAME: 'Uni Login',
				OIDC_ALLOWED_DOMAINS: 'uni.example',
				OIDC_ROLE_CLAIM: 'groups',
				OIDC_ROLE_MAP: 'rapport-instructors=instructor,rapport-admins=admin',
				PASSWORD_SIGN_IN: 'off'
			}
		});
	});

	test.afterAll(async () => {
		await server?.stop();
		await peer?.close();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	test('"Sign in with Uni Login" creates the account and lands on /me', async ({ page, axe }) => {
		expect(server!.output()).toContain('Password sign-in is off');
		await page.goto(`${server!.url}/me`);
		await expect(page).toHaveURL(/\/signin\?next=%2Fme$/);
		// Passwords are off: no password form, only the provider.
		await expect(page.getByLabel('Password')).toHaveCount(0);
		await axe.expectNoAxeViolations();

		await page.getByRole('link', { name: 'Sign in with Uni Login' }).click();
		await expect(page).toHaveURL(`${server!.url}/me`);
		await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(
			'Ada Single-Sign-On'
		);
		// Mapped from the groups claim: an admin sees the accounts.
		await expect(page.getByRole('link', { name: 'Accounts' })).toBeVisible();
		await axe.expectNoAxeViolations();
		const cookies = await page.context().cookies();
		expect(cookies.find((c) => c.name === 'rapport_session')).toMatchObject({ httpOnly: true });
		// The attempt cookie is gone once used.
		expect(cookies.find((c) => c.name === 'rapport_oidc')).toBeUndefined();
	});

	test('a callback this browser did not start is refused with a clear page', async ({
		page,
		axe,
		request
	}) => {
		// Someone else's code and state, sent to this browser (login CSRF).
		const start = await request.get(`${server!.url}/signin/oidc`, { maxRedirects: 0 });
		const callback = await followToCallback(
			new URL(start.headers().location),
			`${server!.url}/signin/oidc/callback`
		);
		const response = await page.goto(callback.href);
		expect(response?.status()).toBe(200);
		await expect(page).toHaveURL(/\/signin\?sso_error=no-attempt$/);
		await expect(page.getByRole('alert')).toContainText(
			'That sign-in with Uni Login had expired or was already used. Start again.'
		);
		await axe.expectNoAxeViolations();

		// Starting again from there works, and admins find the refusal in the sign-in log.
		await page.getByRole('link', { name: 'Sign in with Uni Login' }).click();
		await expect(page).toHaveURL(`${server!.url}/`);
		await page.goto(`${server!.url}/admin`);
		await page.getByRole('link', { name: 'Sign-in log' }).click();
		const refused = page.getByRole('row').filter({ hasText: 'Sign-in refused' });
		await expect(refused.first()).toContainText('no sign-in in progress in that browser');
		await expect(page.getByRole('row').filter({ hasText: 'Signed in' }).first()).toContainText(
			'Ada Single-Sign-On'
		);
		await axe.expectNoAxeViolations();

		// The password action refuses too, form or no form.
		const post = await request.post(`${server!.url}/signin`, {
			form: { username: 'ada.e2e', password: 'whatever-password' },
			headers: { origin: server!.url, accept: 'text/html' }
		});
		expect(post.status()).toBe(403);
		expect(await post.text()).toContain('Password sign-in is turned off on this server.');
	});
});
