import { describe, expect, it } from 'vitest';
import {
	describeSignIn,
	readSignInSettings,
	SignInConfigError
} from '../../../src/lib/server/auth/sign-in-settings';
import { baseUsername, displayNameFrom } from '../../../src/lib/server/auth/oidc-accounts';

const FULL = {
	OIDC_ISSUER: 'https://login.uni.example/realms/staff',
	OIDC_CLIENT_ID: 'rapport',
	OIDC_CLIENT_SECRET: 's3cret'
};

function problems(env: Record<string, string>): string[] {
	try {
		readSignInSettings(env);
	} catch (e) {
		expect(e).toBeInstanceOf(SignInConfigError);
		return (e as SignInConfigError).problems;
	}
	return [];
}

describe('sign-in settings', () => {
	it('passwords only when nothing is set', () => {
		expect(readSignInSettings({})).toEqual({ passwords: true, oidc: null });
	});

	it('reads a full OpenID configuration with its defaults', () => {
		const { oidc, passwords } = readSignInSettings({
			...FULL,
			PASSWORD_SIGN_IN: 'off',
			OIDC_ALLOWED_DOMAINS: 'Uni.Example, @students.uni.example',
			OIDC_ROLE_CLAIM: 'groups',
			OIDC_ROLE_MAP: 'rapport-instructors=instructor, cn=admins=admin',
			OIDC_LINK_BY_EMAIL: 'verified'
		});
		expect(passwords).toBe(false);
		expect(oidc).toMatchObject({
			name: 'login.uni.example',
			scopes: 'openid email profile',
			allowedDomains: ['uni.example', 'students.uni.example'],
			roleClaim: 'groups',
			linkByEmail: true
		});
		// The role is after the last "=", so group names may contain "=".
		expect([...oidc!.roleMap]).toEqual([
			['rapport-instructors', 'instructor'],
			['cn=admins', 'admin']
		]);
		expect(describeSignIn({ passwords, oidc }).join('\n')).toMatch(
			/Sign in with login.uni.example.*\n.*Password sign-in is off/
		);
	});

	it('refuses a partial configuration, naming what is missing', () => {
		expect(problems({ OIDC_ISSUER: FULL.OIDC_ISSUER })).toEqual([
			'Single sign-on is half set up: OIDC_ISSUER is set, but OIDC_CLIENT_ID, OIDC_CLIENT_SECRET are not.'
		]);
		expect(problems({ OIDC_ROLE_MAP: 'a=admin' })[0]).toMatch(
			/OIDC_ROLE_MAP is set, but single sign-on also needs/
		);
	});

	it('refuses passwords off without single sign-on, and bad values, all at once', () => {
		expect(problems({ PASSWORD_SIGN_IN: 'off' })[0]).toMatch(/nobody could sign in/);
		expect(
			problems({
				...FULL,
				OIDC_ISSUER: 'http://login.uni.example',
				PASSWORD_SIGN_IN: 'maybe',
				OIDC_ROLE_CLAIM: 'groups',
				OIDC_ROLE_MAP: 'staff=superuser',
				OIDC_LINK_BY_EMAIL: 'always',
				OIDC_ALLOWED_DOMAINS: 'not a domain'
			})
		).toEqual([
			'PASSWORD_SIGN_IN is "maybe"; use on or off.',
			'OIDC_ISSUER must be an https address (plain http only on localhost); it is http://login.uni.example/.',
			'OIDC_ALLOWED_DOMAINS: "not a domain" is not an email domain.',
			'OIDC_ROLE_MAP: "staff=superuser" should be claim-value=role, the role one of trainee, instructor, admin.',
			'OIDC_LINK_BY_EMAIL is "always"; use verified or off.'
		]);
		expect(
			readSignInSettings({ ...FULL, OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc
		).not.toBeNull();
	});
});

describe('names from claims', () => {
	it('derives a valid username and a display name', () => {
		expect(baseUsername({ sub: '1', preferred_username: 'J.Müller@uni.example' })).toBe('j.muller');
		expect(baseUsername({ sub: '1', email: 'kim_lee@uni.example' })).toBe('kim_lee');
		expect(baseUsername({ sub: '1', preferred_username: 'x'.repeat(80) })).toHaveLength(32);
		expect(baseUsername({ sub: '1', preferred_username: '李' })).toBe('user');
		expect(baseUsername({ sub: '1' })).toBe('user');
		expect(displayNameFrom({ sub: '1', given_name: 'Ada', family_name: 'Lovelace' }, 'u')).toBe(
			'Ada Lovelace'
		);
		expect(displayNameFrom({ sub: '1', name: 'Ada\u0000\nL' }, 'u')).toBe('AdaL');
		expect(displayNameFrom({ sub: '1' }, 'ada')).toBe('ada');
	});
});
