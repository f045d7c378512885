import { ROLES, type Role } from '../store/types';

/**
 * How people sign in, read once from the environment: local passwords (on unless
 * `PASSWORD_SIGN_IN=off`) and single sign-on with one OpenID Connect provider (docs/sso.md).
 */
export interface SignInSettings {
	passwords: boolean;
	oidc: OidcSettings | null;
}

export interface OidcSettings {
	issuer: URL;
	clientId: string;
	clientSecret: string;
	/** Shown on the button: "Sign in with <name>". */
	name: string;
	scopes: string;
	/** Lower-case email domains allowed to sign in; empty: everyone the provider signs in. */
	allowedDomains: string[];
	/** The claim holding groups or roles (`groups`, `roles`), or undefined: roles are not mapped. */
	roleClaim?: string;
	/** Claim value to Rapport role. */
	roleMap: Map<string, Role>;
	/** `verified`: a first sign-in may link the one local account with the same verified email. */
	linkByEmail: boolean;
}

/** The settings cannot be used; `problems` says each thing to fix. */
export class SignInConfigError extends Error {
	readonly problems: string[];
	constructor(problems: string[]) {
		super(
			['[rapport] Sign-in settings cannot be used:', ...problems.map((p) => `  - ${p}`)].join('\n')
		);
		this.name = 'SignInConfigError';
		this.problems = problems;
	}
}

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
const OIDC_OPTIONAL = [
	'OIDC_NAME',
	'OIDC_SCOPES',
	'OIDC_ALLOWED_DOMAINS',
	'OIDC_ROLE_CLAIM',
	'OIDC_ROLE_MAP',
	'OIDC_LINK_BY_EMAIL'
] as const;

function value(env: Record<string, string | undefined>, name: string): string {
	return env[name]?.trim() ?? '';
}

/** Plain http is accepted only for a provider on this machine (tests, a local Keycloak). */
export function isLoopback(url: URL): boolean {
	return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * Reads and checks every sign-in setting, reporting all problems at once. A partial OpenID
 * configuration is an error, not a warning: someone who set OIDC_ISSUER meant single sign-on,
 * and a server that silently starts without it (perhaps with passwords off) locks everyone out.
 */
export function readSignInSettings(
	env: Record<string, string | undefined> = process.env
): SignInSettings {
	const problems: string[] = [];
	const passwordSetting = value(env, 'PASSWORD_SIGN_IN').toLowerCase();
	if (passwordSetting && !['on', 'off'].includes(passwordSetting)) {
		problems.push(`PASSWORD_SIGN_IN is "${passwordSetting}"; use on or off.`);
	}
	const passwords = passwordSetting !== 'off';

	const set = OIDC_REQUIRED.filter((name) => value(env, name));
	const optional = OIDC_OPTIONAL.filter((name) => value(env, name));
	let oidc: OidcSettings | null = null;
	if (set.length === 0 && optional.length > 0) {
		problems.push(
			`${optional.join(', ')} ${optional.length === 1 ? 'is' : 'are'} set, but single sign-on also needs ${OIDC_REQUIRED.join(', ')}.`
		);
	} else if (set.length > 0 && set.length < OIDC_REQUIRED.length) {
		const missing = OIDC_REQUIRED.filter((name) => !value(env, name));
		problems.push(
			`Single sign-on is half set up: ${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not.`
		);
	} else if (set.length === OIDC_REQUIRED.length) {
		oidc = readOidc(env, problems);
	}
	if (!passwords && !oidc && problems.length === 0) {
		problems.push(
			'PASSWORD_SIGN_IN=off needs single sign-on (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET): otherwise nobody could sign in.'
		);
	}
	if (problems.length > 0) throw new SignInConfigError(problems);
	return { passwords, oidc };
}

function readOidc(
	env: Record<string, string | undefined>,
	problems: string[]
): OidcSettings | null {
	let issuer: URL | undefined;
	try {
		issuer = new URL(value(env, 'OIDC_ISSUER'));
		if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && isLoopback(issuer))) {
			problems.push(
				`OIDC_ISSUER must be an https address (plain http only on localhost); it is ${issuer.href}.`
			);
		}
	} catch {
		problems.push(`OIDC_ISSUER is not an address: "${value(env, 'OIDC_ISSUER')}".`);
	}

	const allowedDomains = value(env, 'OIDC_ALLOWED_DOMAINS')
		.split(',')
		.map((d) => d.trim().toLowerCase().replace(/^@/, ''))
		.filter(Boolean);
	for (const domain of allowedDomains) {
		if (!/^[a-z0-9.-]+\.[a-z0-9-]+$/.test(domain)) {
			problems.push(`OIDC_ALLOWED_DOMAINS: "${domain}" is not an email domain.`);
		}
	}

	const roleClaim = value(env, 'OIDC_ROLE_CLAIM') || undefined;
	const roleMap = new Map<string, Role>();
	const mapText = value(env, 'OIDC_ROLE_MAP');
	for (const pair of mapText
		.split(',')
		.map((p) => p.trim())
		.filter(Boolean)) {
		const at = pair.lastIndexOf('=');
		const claimValue = at > 0 ? pair.slice(0, at).trim() : '';
		const role =
			at > 0
				? pair
						.slice(at + 1)
						.trim()
						.toLowerCase()
				: '';
		if (!claimValue || !ROLES.includes(role as Role)) {
			problems.push(
				`OIDC_ROLE_MAP: "${pair}" should be claim-value=role, the role one of ${ROLES.join(', ')}.`
			);
			continue;
		}
		roleMap.set(claimValue, role as Role);
	}
	if (roleClaim && roleMap.size === 0 && problems.length === 0) {
		problems.push(
			'OIDC_ROLE_CLAIM is set but OIDC_ROLE_MAP is empty: say which values give which role.'
		);
	}
	if (!roleClaim && roleMap.size > 0) {
		problems.push(
			'OIDC_ROLE_MAP is set but OIDC_ROLE_CLAIM is not: name the claim (groups, roles).'
		);
	}

	const link = value(env, 'OIDC_LINK_BY_EMAIL').toLowerCase();
	if (link && !['off', 'verified'].includes(link)) {
		problems.push(`OIDC_LINK_BY_EMAIL is "${link}"; use verified or off.`);
	}

	const scopes = value(env, 'OIDC_SCOPES') || 'openid email profile';
	if (!scopes.split(/\s+/).includes('openid')) {
		problems.push('OIDC_SCOPES must include openid.');
	}
	if (!issuer) return null;
	return {
		issuer,
		clientId: value(env, 'OIDC_CLIENT_ID'),
		clientSecret: value(env, 'OIDC_CLIENT_SECRET'),
		name: value(env, 'OIDC_NAME') || issuer.hostname,
		scopes,
		allowedDomains,
		roleClaim,
		roleMap,
		linkByEmail: link === 'verified'
	};
}

/** What the start-up log says about sign-in, so an operator sees what is on. */
export function describeSignIn(settings: SignInSettings): string[] {
	const lines: string[] = [];
	if (settings.oidc) {
		lines.push(
			`[rapport] Single sign-on: "Sign in with ${settings.oidc.name}" (${settings.oidc.issuer.href}).`
		);
	}
	if (!settings.passwords) {
		lines.push(
			'[rapport] Password sign-in is off (PASSWORD_SIGN_IN=off). People sign in with single sign-on only;',
			'[rapport] make someone an admin with `npm run admin -- set-role --username NAME --role admin`',
			'[rapport] after their first sign-in, or map a group to admin with OIDC_ROLE_MAP.'
		);
	}
	return lines;
}
