import { randomBytes } from 'node:crypto';
import type { LtiPlatform, Store } from '../store/types';
import { signLtiJwt } from './keys';

/**
 * Access tokens for the platform's services (IMS Security Framework 1.0, 4.1): the OAuth 2
 * client_credentials grant, Rapport authenticating with a JWT client assertion signed with its
 * own key (keys.ts) rather than a shared secret. Tokens are cached until shortly before they
 * expire, per platform and set of scopes.
 */

export const AGS_SCOPE = {
	lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
	lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
	score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score'
} as const;
export const NRPS_SCOPE =
	'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

/** A token is used until this long before it expires, so a request never carries a stale one. */
const EXPIRY_MARGIN_MS = 60_000;

export type ServiceErrorCode = 'token-refused' | 'service-error' | 'unreachable' | 'bad-response';

/** A call to an LMS service that failed; `message` is safe to show an instructor. */
export class LtiServiceError extends Error {
	readonly code: ServiceErrorCode;
	/** The HTTP status the LMS answered with, if it answered. */
	readonly status?: number;
	constructor(code: ServiceErrorCode, message: string, status?: number) {
		super(message);
		this.name = 'LtiServiceError';
		this.code = code;
		this.status = status;
	}
}

export type Fetch = typeof fetch;

/** What the services share: the store, a fetch, a clock, and the token cache. */
export interface ServiceContext {
	store: Store;
	tokens: TokenCache;
	fetch?: Fetch;
	now?: () => Date;
}

/** A fetch that turns a network failure into `LtiServiceError` `unreachable`. */
export async function call(
	ctx: ServiceContext,
	url: string,
	init: RequestInit,
	what: string
): Promise<Response> {
	try {
		return await (ctx.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(15_000) });
	} catch (e) {
		throw new LtiServiceError(
			'unreachable',
			`The LMS could not be reached for ${what} (${(e as Error).message}).`
		);
	}
}

/** The start of an LMS's error answer, for the instructor and the audit log (never a token). */
export async function answerOf(response: Response): Promise<string> {
	const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim();
	return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Cached access tokens, one per platform and scope set. One per process, held by whoever sends
 * (the score sender, the roster route): no module state.
 */
export class TokenCache {
	readonly #tokens = new Map<string, { token: string; expiresAt: number }>();

	async get(ctx: ServiceContext, platform: LtiPlatform, scopes: string[]): Promise<string> {
		const scope = [...new Set(scopes)].sort().join(' ');
		const key = `${platform.id}\n${platform.tokenEndpoint}\n${scope}`;
		const now = (ctx.now ?? (() => new Date()))();
		const cached = this.#tokens.get(key);
		if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now.getTime()) return cached.token;
		const fresh = await requestToken(ctx, platform, scope, now);
		this.#tokens.set(key, fresh);
		return fresh.token;
	}

	/** Forgets a token the service refused (revoked early), so the next call gets a new one. */
	forget(platform: LtiPlatform): void {
		for (const key of this.#tokens.keys()) {
			if (key.startsWith(`${platform.id}\n`)) this.#tokens.delete(key);
		}
	}
}

async function requestToken(
	ctx: ServiceContext,
	platform: LtiPlatform,
	scope: string,
	now: Date
): Promise<{ token: string; expiresAt: number }> {
	const assertion = await signLtiJwt(
		ctx.store,
		{
			iss: platform.clientId,
			sub: platform.clientId,
			aud: platform.tokenEndpoint,
			jti: randomBytes(16).toString('base64url')
		},
		{ expiresIn: 300, now }
	);
	const body = new URLSearchParams({
		grant_type: 'client_credentials',
		client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		client_assertion: assertion,
		scope
	});
	const response = await call(
		ctx,
		platform.tokenEndpoint,
		{
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json'
			},
			body
		},
		'an access token'
	);
	if (!response.ok) {
		throw new LtiServiceError(
			'token-refused',
			`The LMS refused Rapport an access token (HTTP ${response.status}: ${await answerOf(response)}). Check the client ID and that the LMS has Rapport's JWKS URL.`,
			response.status
		);
	}
	const json = (await response.json().catch(() => undefined)) as
		{ access_token?: unknown; expires_in?: unknown } | undefined;
	if (typeof json?.access_token !== 'string') {
		throw new LtiServiceError(
			'bad-response',
			'The LMS answered the token request without a token.'
		);
	}
	const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
	return { token: json.access_token, expiresAt: now.getTime() + expiresIn * 1000 };
}
