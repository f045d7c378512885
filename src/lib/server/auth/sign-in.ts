import type { PublicUser, Store } from '../store/types';
import { normaliseUsername, toPublicUser } from './accounts';
import { dummyHash, verifyPassword } from './password';
import { endSession, startSession } from './session';
import type { SignInThrottle } from './throttle';

export type SignInResult =
	| { ok: true; user: PublicUser; token: string; expiresAt: Date }
	| { ok: false; reason: 'invalid' }
	/** The password was right, but an admin has suspended the account. */
	| { ok: false; reason: 'suspended' }
	| { ok: false; reason: 'throttled'; retryAfter: number };

/**
 * Checks a username and password. An unknown username and a wrong password give the same answer
 * after the same work (one Argon2id verification), and both count against the throttle.
 * On success a brand-new session is started; `previousToken`'s session, if any, is ended.
 */
export async function signIn(
	store: Store,
	throttle: SignInThrottle,
	input: { username: string; password: string; previousToken?: string },
	now = new Date()
): Promise<SignInResult> {
	const key = normaliseUsername(input.username);
	const verdict = await throttle.begin(key, now.getTime());
	if (!verdict.allowed) return { ok: false, reason: 'throttled', retryAfter: verdict.retryAfter };

	const user = key ? await store.getUserByUsername(key) : undefined;
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
	if (!user || !valid) return { ok: false, reason: 'invalid' };

	await throttle.succeeded(key);
	// Said only after the right password, so it reveals nothing to someone guessing.
	if (user.suspendedAt) return { ok: false, reason: 'suspended' };
	if (input.previousToken) await endSession(store, input.previousToken);
	const { token, session } = await startSession(store, user.id, now);
	await store.appendAudit({
		actorId: user.id,
		action: 'session.signIn',
		targetType: 'user',
		targetId: user.id
	});
	return { ok: true, user: toPublicUser(user), token, expiresAt: new Date(session.expiresAt) };
}
