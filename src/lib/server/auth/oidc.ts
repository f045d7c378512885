import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import * as client from 'openid-client';
import type { PublicUser, Store } from '../store/types';
import { toPublicUser } from './accounts';
import { safeNext } from './guard';
import { accountForClaims, OidcAccountError, type OidcClaims } from './oidc-accounts';
import { endSession, startSession } from './session';
import { isLoopback, type OidcSettings } from './sign-in-settings';

/**
 * OpenID Connect sign-in: authorization code flow with PKCE, state and nonce (openid-client).
 *
 * Where the per-attempt secrets live: in a cookie, encrypted and authenticated (JWE, A256GCM,
 * with a key derived from the client secret), httpOnly, SameSite=Lax, limited to /signin/oidc
 * and to ten minutes. Not in the store, because nothing needs sharing: the browser that started
 * the attempt is the one that must finish it (that binding is what stops login CSRF), every
 * instance behind a load balancer can read the cookie since they share the client secret, and no
 * table fills with abandoned attempts. Lax is needed: the provider's redirect back is a top-level
 * cross-site GET. The cookie is deleted when the callback is handled, so a replayed callback
 * finds no attempt; the code itself is single use at the provider too.
 */

export const OIDC_COOKIE = 'rapport_oidc';
export const OIDC_COOKIE_PATH = '/signin/oidc';
const ATTEMPT_SECONDS = 10 * 60;

export function redirectUri(origin: string): string {
	return `${origin}/signin/oidc/callback`;
}

/** Why a sign-in through the provider did not give a session; each has its own message. */
export type OidcFailure =
	| 'no-attempt'
	| 'state-mismatch'
	| 'provider-error'
	| 'nonce-mismatch'
	| 'token-expired'
	| 'token-invalid'
	| 'code-refused'
	| 'provider-unreachable'
	| 'domain-not-allowed'
	| 'suspended';

const FAILURES: readonly OidcFailure[] = [
	'no-attempt',
	'state-mismatch',
	'provider-error',
	'nonce-mismatch',
	'token-expired',
	'token-invalid',
	'code-refused',
	'provider-unreachable',
	'domain-not-allowed',
	'suspended'
];

export function isOidcFailure(value: unknown): value is OidcFailure {
	return FAILURES.includes(value as OidcFailure);
}

export class OidcSignInError extends Error {
	readonly reason: OidcFailure;
	constructor(reason: OidcFailure, message?: string) {
		super(message ?? `OpenID sign-in failed: ${reason}`);
		this.name = 'OidcSignInError';
		this.reason = reason;
	}
}

/** What a person is told; none of it comes from the provider's or the token's text. */
export function oidcFailureMessage(reason: OidcFailure, settings: OidcSettings): string {
	const name = settings.name;
	switch (reason) {
		case 'no-attempt':
			return `That sign-in with ${name} had expired or was already used. Start again.`;
		case 'state-mismatch':
			return `The answer from ${name} did not belong to the sign-in this browser started, so it was refused. Start again from this page.`;
		case 'provider-error':
			return `${name} did not sign you in (it refused or the sign-in was cancelled). Start again, or ask your IT service if it keeps happening.`;
		case 'nonce-mismatch':
		case 'token-invalid':
			return `The sign-in token from ${name} could not be trusted, so it was refused. Start again; if it keeps happening, tell your programme’s administrator.`;
		case 'token-expired':
			return `The sign-in token from ${name} had expired. Start again; if it keeps happening, the server’s clock may be wrong: tell your programme’s administrator.`;
		case 'code-refused':
			return `${name} would not complete that sign-in (the code was used or had expired). Start again.`;
		case 'provider-unreachable':
			return `Rapport could not reach ${name} just now. Try again in a moment.`;
		case 'domain-not-allowed':
			return `Sign-in with ${name} is open only to email addresses at ${settings.allowedDomains.join(', ')}. Ask your programme’s administrator for access.`;
		case 'suspended':
			return 'This account is suspended. Ask an administrator of your programme to restore it.';
	}
}

/** The provider's metadata, fetched for each attempt: sign-ins are rare, and keys rotate. */
export async function discover(settings: OidcSettings): Promise<client.Configuration> {
	return client.discovery(
		settings.issuer,
		settings.clientId,
		settings.clientSecret,
		undefined,
		isLoopback(settings.issuer) ? { execute: [client.allowInsecureRequests] } : undefined
	);
}

function cookieKey(settings: OidcSettings): Uint8Array {
	return new Uint8Array(
		hkdfSync('sha256', settings.clientSecret, 'rapport', 'oidc attempt cookie v1', 32)
	);
}

interface Attempt {
	state: string;
	nonce: string;
	verifier: string;
	next: string;
}

export interface BegunSignIn {
	/** Where to send the browser: the provider's authorization endpoint. */
	url: URL;
	/** The attempt cookie's value (encrypted); set it with `attemptCookieOptions`. */
	cookie: string;
}

export function attemptCookieOptions(origin: string) {
	return {
		path: OIDC_COOKIE_PATH,
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: origin.startsWith('https:'),
		maxAge: ATTEMPT_SECONDS
	};
}

/** Starts an attempt: fresh state, nonce and PKCE verifier, sealed into the cookie. */
export async function beginOidcSignIn(
	settings: OidcSettings,
	origin: string,
	next: string | null | undefined
): Promise<BegunSignIn> {
	let config;
	try {
		config = await discover(settings);
	} catch (e) {
		throw new OidcSignInError('provider-unreachable', (e as Error).message);
	}
	const attempt: Attempt = {
		state: client.randomState(),
		nonce: client.randomNonce(),
		verifier: client.randomPKCECodeVerifier(),
		next: safeNext(next)
	};
	const url = client.buildAuthorizationUrl(config, {
		redirect_uri: redirectUri(origin),
		scope: settings.scopes,
		code_challenge: await client.calculatePKCECodeChallenge(attempt.verifier),
		code_challenge_method: 'S256',
		state: attempt.state,
		nonce: attempt.nonce
	});
	const cookie = await new EncryptJWT({ ...attempt })
		.setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
		.setIssuedAt()
		.setExpirationTime(`${ATTEMPT_SECONDS}s`)
		.encrypt(cookieKey(settings));
	return { url, cookie };
}

async function openAttempt(
	settings: OidcSettings,
	cookie: string | undefined
): Promise<Attempt | undefined> {
	if (!cookie) return undefined;
	try {
		const { payload } = await jwtDecrypt(cookie, cookieKey(settings));
		const { state, nonce, verifier, next } = payload;
		if ([state, nonce, verifier, next].every((v) => typeof v === 'string')) {
			return { state, nonce, verifier, next } as Attempt;
		}
	} catch {
		// Expired, tampered with, or sealed with another secret: no attempt.
	}
	return undefined;
}

/** Maps what openid-client threw to a reason; anything unexpected is "token-invalid". */
function failureFor(e: unknown): OidcFailure {
	if (e instanceof client.AuthorizationResponseError) return 'provider-error';
	if (e instanceof client.ResponseBodyError) return 'code-refused';
	if (e instanceof client.ClientError) {
		// openid-client wraps oauth4webapi's error, whose cause names the claim compared.
		const inner = (e.cause as { cause?: { claim?: string } } | undefined)?.cause;
		const claim = inner?.claim;
		if (e.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'nonce')
			return 'nonce-mismatch';
		if (e.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') return 'token-expired';
		if (e.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') return 'state-mismatch';
		return 'token-invalid';
	}
	// fetch's own failure (connection refused, DNS): a TypeError.
	if (e instanceof TypeError) return 'provider-unreachable';
	return 'token-invalid';
}

export type FinishedSignIn = {
	user: PublicUser;
	token: string;
	expiresAt: Date;
	next: string;
};

/** Records a refused sign-in; the detail holds codes, never a token or a person's details. */
async function refuse(
	store: Store,
	settings: OidcSettings,
	reason: OidcFailure,
	detail: Record<string, unknown> = {},
	userId?: string
): Promise<never> {
	await store.appendAudit({
		actorId: null,
		action: 'oidc.refused',
		...(userId ? { targetType: 'user', targetId: userId } : {}),
		// The issuer as configured, without the slash URL adds to a bare host.
		detail: { reason, issuer: settings.issuer.href.replace(/\/$/, ''), ...detail }
	});
	throw new OidcSignInError(reason);
}

/**
 * Handles the provider's redirect back: checks the attempt cookie's state, exchanges the code
 * (PKCE verifier, nonce and the id_token's issuer, audience and times checked by openid-client),
 * merges the userinfo claims, finds or creates the account and starts the same session a
 * password sign-in starts. Every refusal is audited and thrown as OidcSignInError.
 */
export async function finishOidcSignIn(
	store: Store,
	settings: OidcSettings,
	callbackUrl: URL,
	cookie: string | undefined,
	options: { previousToken?: string; now?: Date } = {}
): Promise<FinishedSignIn> {
	const attempt = await openAttempt(settings, cookie);
	if (!attempt) return refuse(store, settings, 'no-attempt');
	if (callbackUrl.searchParams.get('state') !== attempt.state) {
		return refuse(store, settings, 'state-mismatch');
	}
	const providerError = callbackUrl.searchParams.get('error');
	if (providerError) {
		return refuse(store, settings, 'provider-error', {
			error: providerError.replace(/[^\w.-]/g, '').slice(0, 64)
		});
	}

	let claims: OidcClaims;
	let issuer: string;
	try {
		const config = await discover(settings);
		issuer = config.serverMetadata().issuer;
		const tokens = await client.authorizationCodeGrant(
			config,
			callbackUrl,
			{
				pkceCodeVerifier: attempt.verifier,
				expectedState: attempt.state,
				expectedNonce: attempt.nonce,
				idTokenExpected: true
			},
			{ redirect_uri: redirectUri(callbackUrl.origin) }
		);
		const idClaims = tokens.claims();
		if (!idClaims) throw new client.ClientError('no id_token');
		claims = { ...idClaims };
		// Profile, email and group claims often come only from userinfo (the subject must match).
		if (config.serverMetadata().userinfo_endpoint) {
			const info = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
			claims = { ...info, ...idClaims, sub: idClaims.sub };
		}
	} catch (e) {
		const reason = failureFor(e);
		const error =
			e instanceof client.AuthorizationResponseError || e instanceof client.ResponseBodyError
				? { error: e.error }
				: e instanceof client.ClientError && e.code
					? { code: e.code }
					: {};
		return refuse(store, settings, reason, error);
	}

	let user;
	try {
		user = await accountForClaims(store, settings, issuer, claims);
	} catch (e) {
		if (e instanceof OidcAccountError) {
			return refuse(store, settings, e.reason, e.detail, e.userId);
		}
		throw e;
	}
	if (options.previousToken) await endSession(store, options.previousToken);
	const { token, session } = await startSession(store, user.id, options.now);
	await store.appendAudit({
		actorId: user.id,
		action: 'session.signIn',
		targetType: 'user',
		targetId: user.id,
		detail: { method: 'oidc', issuer }
	});
	return {
		user: toPublicUser(user),
		token,
		expiresAt: new Date(session.expiresAt),
		next: attempt.next
	};
}
