import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import { accountState, setSuspended } from '../../../src/lib/server/auth/accounts';
import {
	beginOidcSignIn,
	finishOidcSignIn,
	OidcSignInError,
	redirectUri,
	type OidcFailure
} from '../../../src/lib/server/auth/oidc';
import { resolveSession } from '../../../src/lib/server/auth/session';
import { signInLog } from '../../../src/lib/server/auth/sign-in-log';
import {
	readSignInSettings,
	type OidcSettings
} from '../../../src/lib/server/auth/sign-in-settings';
import { followToCallback, startOidcPeer, type OidcPeer } from '../../oidc-peer';

// Protocol-level: a real OpenID provider (oidc-provider) on a local port, driven with fetch
// through its redirects, and Rapport's own begin and finish steps, as the routes call them.

const ORIGIN = 'http://localhost:5999';
const ADA = {
	sub: 'sub-ada-1',
	preferred_username: 'Ada.Lovelace@uni.example',
	name: 'Ada Lovelace',
	email: 'ada@uni.example',
	email_verified: true
};

let peer: OidcPeer;

beforeEach(async () => {
	peer = await startOidcPeer({ redirectUri: redirectUri(ORIGIN), account: { ...ADA } });
});
afterEach(async () => {
	await peer.close();
});

function settings(extra: Record<string, string> = {}): OidcSettings {
	const { oidc } = readSignInSettings({
		OIDC_ISSUER: peer.issuer,
		OIDC_CLIENT_ID: peer.clientId,
		OIDC_CLIENT_SECRET: peer.clientSecret,
		OIDC_NAME: 'Uni Login',
		...extra
	});
	return oidc!;
}

/** The whole journey: Rapport's link, the provider, and back to Rapport's callback. */
async function signIn(s: OidcSettings, next = '/me') {
	const begun = await beginOidcSignIn(s, ORIGIN, next);
	const callback = await followToCallback(begun.url, redirectUri(ORIGIN));
	return finishOidcSignIn(await getStore(), s, callback, begun.cookie);
}

async function refusal(promise: Promise<unknown>): Promise<OidcFailure> {
	const e = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(e).toBeInstanceOf(OidcSignInError);
	return (e as OidcSignInError).reason;
}

async function audit(action: string) {
	return (await (await getStore()).listAudit()).filter((e) => e.action === action);
}

describe('OpenID Connect sign-in against a real provider', () => {
	it('first sign-in creates a trainee linked by issuer and subject, with a working session', async () => {
		const s = settings();
		const begun = await beginOidcSignIn(s, ORIGIN, '/me');
		expect(begun.url.origin).toBe(peer.issuer);
		expect(begun.url.searchParams.get('code_challenge_method')).toBe('S256');
		expect(begun.url.searchParams.get('redirect_uri')).toBe(`${ORIGIN}/signin/oidc/callback`);
		for (const p of ['state', 'nonce', 'code_challenge']) {
			expect(begun.url.searchParams.get(p)?.length).toBeGreaterThan(20);
		}
		// The cookie is sealed: neither state, nonce nor the PKCE verifier can be read from it.
		expect(begun.cookie).not.toContain(begun.url.searchParams.get('state'));

		const callback = await followToCallback(begun.url, redirectUri(ORIGIN));
		const store = await getStore();
		const done = await finishOidcSignIn(store, s, callback, begun.cookie);
		expect(done.next).toBe('/me');
		expect(done.user).toMatchObject({
			username: 'ada.lovelace',
			displayName: 'Ada Lovelace',
			email: 'ada@uni.example',
			role: 'trainee'
		});
		expect(await store.findIdentity('oidc', peer.issuer, ADA.sub)).toMatchObject({
			userId: done.user.id,
			email: 'ada@uni.example'
		});
		expect((await resolveSession(store, done.token))?.user.id).toBe(done.user.id);
		// Active, not "waiting for a password" on rosters.
		expect(accountState((await store.getUser(done.user.id))!)).toBe('active');
		expect(await audit('user.create')).toEqual([
			expect.objectContaining({
				targetId: done.user.id,
				detail: { role: 'trainee', via: 'oidc', issuer: peer.issuer }
			})
		]);
		expect(await audit('session.signIn')).toEqual([
			expect.objectContaining({
				actorId: done.user.id,
				detail: { method: 'oidc', issuer: peer.issuer }
			})
		]);
		// What the admins' sign-in log shows, newest first.
		expect((await signInLog(store)).map((i) => [i.what, i.user?.displayName, i.detail])).toEqual([
			['Signed in', 'Ada Lovelace', `single sign-on (${peer.issuer})`],
			['Account created at first sign-in', 'Ada Lovelace', 'as trainee']
		]);
	});

	it('a second sign-in finds the same account; a taken username gets a suffix', async () => {
		await makeUser('ada.lovelace');
		const first = await signIn(settings());
		expect(first.user.username).toBe('ada.lovelace-2');
		const second = await signIn(settings());
		expect(second.user.id).toBe(first.user.id);
		expect(second.token).not.toBe(first.token);
		expect((await (await getStore()).listUsers()).length).toBe(2);
	});

	it('an unsafe preferred_username still gives a valid username', async () => {
		peer.account = { sub: 'x1', preferred_username: '../Zoë O’Brien <script>', name: 'Zoë' };
		const done = await signIn(settings());
		expect(done.user.username).toBe('zoe-o-brien-script');
		peer.account = { sub: 'x2', preferred_username: '@@@' };
		expect((await signIn(settings())).user.username).toBe('user');
	});

	it('maps roles from the claim on every sign-in, and a missing claim changes nothing', async () => {
		const s = settings({
			OIDC_ROLE_CLAIM: 'groups',
			OIDC_ROLE_MAP: 'rapport-instructors=instructor,rapport-admins=admin'
		});
		peer.account = { ...ADA, groups: ['staff', 'rapport-instructors'] };
		const created = await signIn(s);
		expect(created.user.role).toBe('instructor');

		peer.account = { ...ADA };
		expect((await signIn(s)).user.role).toBe('instructor');

		peer.account = { ...ADA, groups: ['staff'] };
		expect((await signIn(s)).user.role).toBe('trainee');
		expect(await audit('user.role')).toEqual([
			expect.objectContaining({
				targetId: created.user.id,
				detail: { from: 'instructor', to: 'trainee', via: 'oidc' }
			})
		]);
	});

	it('never lets a claim demote the last admin', async () => {
		const s = settings({ OIDC_ROLE_CLAIM: 'roles', OIDC_ROLE_MAP: 'rapport-admins=admin' });
		peer.account = { ...ADA, roles: ['rapport-admins'] };
		const admin = await signIn(s);
		expect(admin.user.role).toBe('admin');

		peer.account = { ...ADA, roles: [] };
		expect((await signIn(s)).user.role).toBe('admin');
		expect(await audit('oidc.roleKept')).toHaveLength(1);

		// With another admin there, the claim wins.
		await makeUser('other-admin', 'admin');
		expect((await signIn(s)).user.role).toBe('trainee');
	});

	it('refuses an email domain that is not allowed, creating nothing', async () => {
		const s = settings({ OIDC_ALLOWED_DOMAINS: 'students.uni.example, staff.uni.example' });
		expect(await refusal(signIn(s))).toBe('domain-not-allowed');
		const store = await getStore();
		expect(await store.listUsers()).toEqual([]);
		expect(await audit('oidc.refused')).toEqual([
			expect.objectContaining({
				detail: { reason: 'domain-not-allowed', issuer: peer.issuer, domain: 'uni.example' }
			})
		]);

		expect(await signInLog(store)).toEqual([
			expect.objectContaining({
				what: 'Sign-in refused',
				user: null,
				detail: 'email domain not allowed (domain uni.example)'
			})
		]);

		peer.account = { ...ADA, email: 'ada@staff.uni.example', email_verified: false };
		expect(await refusal(signIn(s))).toBe('domain-not-allowed');
		peer.account = { ...ADA, email: 'ada@Staff.Uni.Example' };
		expect((await signIn(s)).user.role).toBe('trainee');
	});

	it('refuses a callback whose state is not this browser’s attempt', async () => {
		const s = settings();
		const mine = await beginOidcSignIn(s, ORIGIN, '/me');
		const theirs = await beginOidcSignIn(s, ORIGIN, '/me');
		// An attacker's code and state, delivered to a victim's browser (login CSRF).
		const callback = await followToCallback(theirs.url, redirectUri(ORIGIN));
		const store = await getStore();
		expect(await refusal(finishOidcSignIn(store, s, callback, mine.cookie))).toBe('state-mismatch');
		expect(await refusal(finishOidcSignIn(store, s, callback, undefined))).toBe('no-attempt');
		expect(await refusal(finishOidcSignIn(store, s, callback, `${theirs.cookie}x`))).toBe(
			'no-attempt'
		);
		expect((await audit('oidc.refused')).map((e) => e.detail?.reason)).toEqual([
			'no-attempt',
			'no-attempt',
			'state-mismatch'
		]);
		expect(await store.listUsers()).toEqual([]);
	});

	it('refuses an id_token whose nonce is not the attempt’s', async () => {
		const s = settings();
		const begun = await beginOidcSignIn(s, ORIGIN, '/me');
		const swapped = new URL(begun.url);
		swapped.searchParams.set('nonce', 'a-nonce-from-another-attempt');
		const callback = await followToCallback(swapped, redirectUri(ORIGIN));
		expect(await refusal(finishOidcSignIn(await getStore(), s, callback, begun.cookie))).toBe(
			'nonce-mismatch'
		);
		expect(await (await getStore()).listUsers()).toEqual([]);
	});

	it('refuses a replayed callback', async () => {
		const s = settings();
		const begun = await beginOidcSignIn(s, ORIGIN, '/me');
		const callback = await followToCallback(begun.url, redirectUri(ORIGIN));
		const store = await getStore();
		await finishOidcSignIn(store, s, callback, begun.cookie);
		// Even with the attempt cookie copied, the code is spent at the provider.
		expect(await refusal(finishOidcSignIn(store, s, callback, begun.cookie))).toBe('code-refused');
		expect(await audit('oidc.refused')).toEqual([
			expect.objectContaining({ detail: expect.objectContaining({ error: 'invalid_grant' }) })
		]);
	});

	it('refuses an error returned by the provider', async () => {
		peer.interactionError = { error: 'access_denied', error_description: 'User cancelled' };
		expect(await refusal(signIn(settings()))).toBe('provider-error');
		expect(await audit('oidc.refused')).toEqual([
			expect.objectContaining({
				detail: { reason: 'provider-error', issuer: peer.issuer, error: 'access_denied' }
			})
		]);
	});

	it('refuses an expired id_token and one for another audience', async () => {
		const now = Math.floor(Date.now() / 1000);
		peer.tamperIdToken = (c) => ({ ...c, iat: now - 7200, exp: now - 3600 });
		expect(await refusal(signIn(settings()))).toBe('token-expired');
		peer.tamperIdToken = (c) => ({ ...c, aud: 'another-client' });
		expect(await refusal(signIn(settings()))).toBe('token-invalid');
		peer.tamperIdToken = (c) => ({ ...c, iss: 'https://evil.example' });
		expect(await refusal(signIn(settings()))).toBe('token-invalid');
		expect(await (await getStore()).listUsers()).toEqual([]);
		expect(await audit('oidc.refused')).toHaveLength(3);
	});

	it('refuses a linked account that is suspended', async () => {
		const first = await signIn(settings());
		const store = await getStore();
		await setSuspended(store, first.user.id, first.user.id, true);
		expect(await refusal(signIn(settings()))).toBe('suspended');
		expect(await audit('oidc.refused')).toEqual([
			expect.objectContaining({
				targetType: 'user',
				targetId: first.user.id,
				detail: { reason: 'suspended', issuer: peer.issuer }
			})
		]);
	});

	it('an erased account is never signed into again; the person starts afresh', async () => {
		const first = await signIn(settings());
		const store = await getStore();
		await store.eraseUser(first.user.id);
		// The link was personal data and went with the erasure.
		expect(await store.findIdentity('oidc', peer.issuer, ADA.sub)).toBeUndefined();
		const again = await signIn(settings());
		expect(again.user.id).not.toBe(first.user.id);
		expect((await store.getUser(first.user.id))?.erasedAt).toBeTruthy();
	});

	it('links an existing account by verified email only when allowed', async () => {
		const store = await getStore();
		const local = await store.createUser({
			username: 'alovelace',
			displayName: 'A. Lovelace',
			email: 'ADA@uni.example',
			role: 'instructor',
			passwordHash: ''
		});
		// Not allowed: a new account, even with the same verified email.
		const separate = await signIn(settings());
		expect(separate.user.id).not.toBe(local.id);

		peer.account = { ...ADA, sub: 'sub-ada-2', email_verified: false };
		const unverified = await signIn(settings({ OIDC_LINK_BY_EMAIL: 'verified' }));
		expect(unverified.user.id).not.toBe(local.id);

		await store.updateUser(separate.user.id, { email: null });
		await store.updateUser(unverified.user.id, { email: null });
		peer.account = { ...ADA, sub: 'sub-ada-3' };
		const linked = await signIn(settings({ OIDC_LINK_BY_EMAIL: 'verified' }));
		expect(linked.user.id).toBe(local.id);
		expect(linked.user.role).toBe('instructor');
		expect(await audit('oidc.link')).toEqual([
			expect.objectContaining({
				targetId: local.id,
				detail: { issuer: peer.issuer, by: 'verified-email' }
			})
		]);
	});
});
