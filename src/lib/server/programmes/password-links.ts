import { passwordProblem, resetPassword } from '../auth/accounts';
import { hashToken, isToken, newToken } from '../auth/tokens';
import type { PasswordToken, PublicUser, Role, Store, User } from '../store/types';

/**
 * Single-use set-password links for accounts made by an instructor or admin. No mail is sent:
 * the link is shown once to whoever made the account, to pass on. Only the token's SHA-256 is
 * stored, so a copy of the data folder holds no working link.
 */

export const LINK_TTL_DAYS = 7;
const LINK_TTL_MS = LINK_TTL_DAYS * 24 * 60 * 60 * 1000;

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
		token: newToken()
	}));
	await store.createPasswordTokens(
		issued.map(({ userId, token }) => ({
			tokenHash: hashToken(token),
			userId,
			createdBy: actorId,
			expiresAt
		}))
	);
	return issued.map(({ userId, token }) => ({ userId, path: `/set-password/${token}`, expiresAt }));
}

/**
 * An account made by an admin: no password yet (an empty hash matches nothing) and a link to
 * choose one. Throws StoreConflictError when the username is taken.
 */
export async function inviteAccount(
	store: Store,
	account: { username: string; displayName: string; email?: string; role: Role },
	actor: Pick<PublicUser, 'id'>
): Promise<IssuedLink> {
	const [user] = await store.createUsers([
		{
			username: account.username,
			displayName: account.displayName,
			...(account.email ? { email: account.email } : {}),
			role: account.role,
			passwordHash: ''
		}
	]);
	await store.appendAudit({
		actorId: actor.id,
		action: 'user.create',
		targetType: 'user',
		targetId: user.id,
		detail: { role: account.role }
	});
	const [link] = await issueLinks(store, [user.id], actor.id);
	return link;
}

/** The link's account, if the link is well formed, unused, unexpired and its account usable. */
export async function openLink(
	store: Store,
	token: string,
	now = new Date()
): Promise<{ link: PasswordToken; user: User } | undefined> {
	if (!isToken(token)) return undefined;
	const link = await store.getPasswordToken(hashToken(token));
	if (!link || link.expiresAt <= now.toISOString()) return undefined;
	const user = await store.getUser(link.userId);
	if (!user || user.erasedAt) return undefined;
	return { link, user };
}

/** A reason the password cannot be used for this account, or undefined (NIST SP 800-63B). */
export async function newPasswordProblem(
	user: Pick<User, 'username' | 'displayName'>,
	password: string,
	confirm: string
): Promise<string | undefined> {
	const problem = await passwordProblem(password, user);
	if (problem) return problem;
	if (user.username.length >= 3 && password.toLowerCase().includes(user.username.toLowerCase()))
		return 'The password cannot contain your username.';
	return password !== confirm ? 'The two passwords are not the same.' : undefined;
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
	const problem = await newPasswordProblem(opened.user, password, confirm);
	if (problem) return { ok: false, reason: 'password', message: problem };
	const taken = await store.takePasswordToken(hashToken(token), now.toISOString());
	if (!taken)
		return {
			ok: false,
			reason: 'invalid',
			message: 'This link has expired or has already been used.'
		};
	const user = await resetPassword(store, taken.userId, password, taken.userId, 'user.setPassword');
	return { ok: true, user };
}
