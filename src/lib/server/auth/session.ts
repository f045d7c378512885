import { createHash, randomBytes } from 'node:crypto';
import type { PublicUser, Session, Store } from '../store/types';
import { toPublicUser } from './accounts';

export const SESSION_COOKIE = 'rapport_session';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** 256 random bits; only its hash is stored, so a copy of the data folder signs nobody in. */
export function newSessionToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashSessionToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export interface CookieOptions {
	path: string;
	httpOnly: boolean;
	sameSite: 'lax';
	secure: boolean;
	expires: Date;
}

/**
 * Secure whenever the site is served over https, which is every production deployment
 * (adapter-node takes the protocol from ORIGIN); plain-http local runs still get a cookie.
 */
export function sessionCookieOptions(url: URL, expires: Date): CookieOptions {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires };
}

export async function startSession(
	store: Store,
	userId: string,
	now = new Date()
): Promise<{ token: string; session: Session }> {
	const token = newSessionToken();
	const session = await store.createSession({
		tokenHash: hashSessionToken(token),
		userId,
		expiresAt: new Date(now.getTime() + SESSION_TTL_MS).toISOString()
	});
	return { token, session };
}

export interface ResolvedSession {
	user: PublicUser;
	session: Session;
	/** The expiry moved forward: send the cookie again with the new date. */
	renewed: boolean;
}

/**
 * The user behind a cookie token, or null. Expiry slides: a session used when less than half its
 * life is left is extended to a full week again, so active users stay signed in and idle ones
 * do not.
 */
export async function resolveSession(
	store: Store,
	token: string,
	now = new Date()
): Promise<ResolvedSession | null> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const tokenHash = hashSessionToken(token);
	let session = await store.getSession(tokenHash);
	if (!session) return null;
	const left = Date.parse(session.expiresAt) - now.getTime();
	if (left <= 0) {
		await store.deleteSession(tokenHash);
		return null;
	}
	const user = await store.getUser(session.userId);
	if (!user) {
		await store.deleteSession(tokenHash);
		return null;
	}
	let renewed = false;
	if (left < SESSION_TTL_MS / 2) {
		session = await store.extendSession(
			tokenHash,
			new Date(now.getTime() + SESSION_TTL_MS).toISOString()
		);
		renewed = true;
	}
	return { user: toPublicUser(user), session, renewed };
}

export async function endSession(store: Store, token: string): Promise<void> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return;
	await store.deleteSession(hashSessionToken(token));
}
