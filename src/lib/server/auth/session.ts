import { hashToken, isToken, newToken } from './tokens';
import type { PublicUser, Session, Store } from '../store/types';
import { toPublicUser } from './accounts';

export const SESSION_COOKIE = 'rapport_session';
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

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
	// Only the token's hash is stored (tokens.ts).
	const token = newToken();
	const session = await store.createSession({
		tokenHash: hashToken(token),
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
	if (!isToken(token)) return null;
	const tokenHash = hashToken(token);
	let session = await store.getSession(tokenHash);
	if (!session) return null;
	const left = Date.parse(session.expiresAt) - now.getTime();
	if (left <= 0) {
		await store.deleteSession(tokenHash);
		return null;
	}
	const user = await store.getUser(session.userId);
	// Suspending deletes the sessions; this also ends any that a race let through.
	if (!user || user.suspendedAt) {
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
	if (!isToken(token)) return;
	await store.deleteSession(hashToken(token));
}
