import { createHash, randomBytes } from 'node:crypto';
import { passwordProblem } from '../auth/accounts';
import { hashPassword } from '../auth/password';
import type { PasswordToken, Store, User } from '../store/types';

/**
 * Single-use set-password links for accounts made by an instructor or admin. No mail is sent:
 * the link is shown once to whoever made the account, to pass on. Only the token's SHA-256 is
 * stored, so a copy of the data folder holds no working link.
 */

export const LINK_TTL_DAYS = 7;
const LINK_TTL_MS = LINK_TTL_DAYS * 24 * 60 * 60 * 1000;

export function hashLinkToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export interface IssuedLink {
	userId: string;
	/** The path to pass on: `/set-password/<token>`. */
	path: string;
	expiresAt: string;
}

/** New links for these accounts; any earlier link of theirs stops working. */
export async function issueLinks(
	store: Store,
	userIds: readonly string[],
	actorId: string | null,
	now = new Date()
): Promise<IssuedLink[]> {
	const expiresAt = new Date(now.getTime() + LINK_TTL_MS).toISOString();
	const issued = userIds.map((userId) => ({
		userId,
		token: randomBytes(32).toString('base64url')
	}));
	await store.createPasswordTokens(
		issued.map(({ userId, token }) => ({
			tokenHash: hashLinkToken(token),
			userId,
			createdBy: actorId,
			expiresAt
		}))
	);
	return issued.map(({ userId, token }) => ({ userId, path: `/set-password/${token}`, expiresAt }));
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The link's account, if the link is well formed, unused, unexpired and its account usable. */
export async function openLink(
	store: Store,
	token: string,
	now = new Date()
): Promise<{ link: PasswordToken; user: User } | undefined> {
	if (!TOKEN.test(token)) return undefined;
	const link = await store.getPasswordToken(hashLinkToken(token));
	if (!link || link.expiresAt <= now.toISOString()) return undefined;
	const user = await store.getUser(link.userId);
	if (!user || user.erasedAt) return undefined;
	return { link, user };
}

/** A reason the password cannot be used for this account, or undefined (NIST SP 800-63B). */
export function newPasswordProblem(
	user: Pick<User, 'username' | 'displayName'>,
	password: string,
	confirm: string
) {
	const basic = passwordProblem(password);
	if (basic) return basic;
	const lower = password.toLowerCase();
	if (lower.includes(user.username.toLowerCase()) && user.username.length >= 3)
		return 'The password cannot contain your username.';
	if (password !== confirm) return 'The two passwords are not the same.';
	return undefined;
}

export type RedeemResult =
	{ ok: true; user: User } | { ok: false; reason: 'invalid' | 'password'; message: string };

/**
 * Sets the password and uses the link up. Taking the token out of the store is one step, so two
 * posts of the same link cannot both succeed.
 */
export async function redeemLink(
	store: Store,
	token: string,
	password: string,
	confirm: string,
	now = new Date()
): Promise<RedeemResult> {
	const opened = await openLink(store, token, now);
	if (!opened)
		return {
			ok: false,
			reason: 'invalid',
			message: 'This link has expired or has already been used.'
		};
	const problem = newPasswordProblem(opened.user, password, confirm);
	if (problem) return { ok: false, reason: 'password', message: problem };
	const passwordHash = await hashPassword(password);
	const taken = await store.takePasswordToken(hashLinkToken(token), now.toISOString());
	if (!taken)
		return {
			ok: false,
			reason: 'invalid',
			message: 'This link has expired or has already been used.'
		};
	const user = await store.updateUser(taken.userId, { passwordHash });
	await store.deleteSessionsForUser(taken.userId);
	await store.appendAudit({
		actorId: taken.userId,
		action: 'user.setPassword',
		targetType: 'user',
		targetId: taken.userId
	});
	return { ok: true, user };
}
