import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { LtiKey, Store } from '../store/types';

/**
 * Rapport's own LTI signing keys. Rapport signs deep-linking responses and the client assertions
 * that get access tokens for the platform's services (AGS, NRPS); platforms check them against the
 * public keys at /lti/jwks. The private halves stay in the store: nothing here returns or logs
 * one outside this module.
 */

export const LTI_ALG = 'RS256';
/** How long a retired key stays published: longer than any platform caches a JWKS. */
export const KEY_GRACE_MS = 7 * 24 * 60 * 60 * 1000;

async function newKey(): Promise<{
	kid: string;
	privateJwk: Record<string, unknown>;
	publicJwk: Record<string, unknown>;
}> {
	const { privateKey, publicKey } = await generateKeyPair(LTI_ALG, {
		modulusLength: 2048,
		extractable: true
	});
	const kid = randomBytes(12).toString('base64url');
	const meta = { kid, alg: LTI_ALG, use: 'sig' };
	return {
		kid,
		privateJwk: { ...(await exportJWK(privateKey)), ...meta },
		publicJwk: { ...(await exportJWK(publicKey)), ...meta }
	};
}

/** Makes the first signing key if there is none (at start; several instances make one). */
export async function ensureSigningKey(store: Store): Promise<void> {
	if ((await store.listLtiKeys()).some((k) => !k.retiredAt)) return;
	await store.rotateLtiKey(await newKey(), { ifNone: true });
}

/** What a rotation reports: the new key's id and the retired keys still published. */
export interface Rotation {
	kid: string;
	stillPublished: { kid: string; until: string }[];
}

/**
 * A new signing key replaces the current one, which stays published for `KEY_GRACE_MS`; keys
 * retired longer ago than that are deleted.
 */
export async function rotateSigningKey(store: Store, now = new Date()): Promise<Rotation> {
	const key = await newKey();
	const forgetRetiredBefore = new Date(now.getTime() - KEY_GRACE_MS).toISOString();
	const keys = await store.rotateLtiKey(key, { forgetRetiredBefore });
	return { kid: key.kid, stillPublished: published(keys, now).filter((k) => k.kid !== key.kid) };
}

function graceEnds(key: LtiKey): string | undefined {
	return key.retiredAt && new Date(Date.parse(key.retiredAt) + KEY_GRACE_MS).toISOString();
}

function published(keys: LtiKey[], now: Date): { kid: string; until: string }[] {
	return keys
		.filter((k) => !k.retiredAt || graceEnds(k)! > now.toISOString())
		.map((k) => ({ kid: k.kid, until: graceEnds(k) ?? '' }));
}

/** Public summary of the keys for the admin page: never the private halves. */
export interface KeySummary {
	kid: string;
	createdAt: string;
	retiredAt?: string;
	/** When a retired key stops being published. */
	publishedUntil?: string;
}

export async function keySummaries(store: Store, now = new Date()): Promise<KeySummary[]> {
	const shown = new Set(published(await store.listLtiKeys(), now).map((k) => k.kid));
	return (await store.listLtiKeys())
		.filter((k) => shown.has(k.kid))
		.map((k) => ({
			kid: k.kid,
			createdAt: k.createdAt,
			...(k.retiredAt ? { retiredAt: k.retiredAt, publishedUntil: graceEnds(k) } : {})
		}));
}

/** The public JWKS: the current key and the retired ones still in their grace period. */
export async function publicJwks(store: Store, now = new Date()): Promise<{ keys: JWK[] }> {
	const keys = await store.listLtiKeys();
	const shown = new Set(published(keys, now).map((k) => k.kid));
	return {
		keys: keys.filter((k) => shown.has(k.kid)).map((k) => publicOnly(k.publicJwk))
	};
}

/** Only the public members of an RSA key, whatever was stored beside them. */
function publicOnly(jwk: Record<string, unknown>): JWK {
	const { kty, n, e, kid, alg, use } = jwk as JWK;
	return { kty, n, e, kid, alg, use };
}

/**
 * Signs a JWT with the current key (made now if there is none), `kid` in the header so the
 * platform picks the right public key. `issuedAt` defaults to now; `expiresIn` in seconds.
 */
export async function signLtiJwt(
	store: Store,
	payload: JWTPayload,
	options: { expiresIn?: number; now?: Date } = {}
): Promise<string> {
	await ensureSigningKey(store);
	const current = (await store.listLtiKeys()).find((k) => !k.retiredAt)!;
	const key = await importJWK(current.privateJwk as JWK, LTI_ALG);
	const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
	return new SignJWT(payload)
		.setProtectedHeader({ alg: LTI_ALG, kid: current.kid, typ: 'JWT' })
		.setIssuedAt(now)
		.setExpirationTime(now + (options.expiresIn ?? 600))
		.sign(key);
}
