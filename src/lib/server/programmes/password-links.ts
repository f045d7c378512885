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

/**
 * What a set-password link is now, so its page can say exactly why it does not work: usable
 * (with its account), used (when), expired (when), or unknown (mistyped, replaced by a newer
 * link, or its account erased).
 */
export type LinkState =
	| { state: 'usable'; link: PasswordToken; user: User }
	| { state: 'used'; at: string }
	| { state: 'expired'; at: string }
	| { state: 'unknown' };

export async function linkState(store: Store, token: string, now = new Date()): Promise<LinkState> {
	if (!isToken(token)) return { state: 'unknown' };
	const link = await store.getPasswordToken(hashToken(token));
	if (!link) return { state: 'unknown' };
	const user = await store.getUser(link.userId);
	if (!user || user.erasedAt) return { state: 'unknown' };
	if (link.usedAt) return { state: 'used', at: link.usedAt };
	if (link.expiresAt <= now.toISOString()) return { state: 'expired', at: link.expiresAt };
	return { state: 'usable', link, user };
}

/** The link's account, if the link is well formed, unused, unexpired and its account usable. */
export async function openLink(
	store: Store,
	token: string,
	now = new Date()
): Promise<{ link: PasswordToken; user: User } | undefined> {
	const found = await linkState(store, token, now);
	return found.state === 'usable' ? { link: found.link, user: found.user } : undefined;
}

/** Why a link that is not usable does not work, in words for the person holding it. */
export function unusableLinkMessage(found: Exclude<LinkState, { state: 'usable' }>): string {
	const day = (iso: string) =>
		new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
	switch (found.state) {
		case 'used':
			return `This link was already used, on ${day(found.at)}, to set a password: each link works once. Sign in with that password, or ask your instructor or administrator for a new link if you have forgotten it.`;
		case 'expired':
			return `This link expired on ${day(found.at)}: links work for ${LINK_TTL_DAYS} days. Ask your instructor or administrator for a new one.`;
		default:
			return 'This link is not valid: check that you copied all of it. A newer link for the same account replaces older ones. Ask your instructor or administrator for a new one.';
	}
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
	const found = await linkState(store, token, now);
	if (found.state !== 'usable')
		return { ok: false, reason: 'invalid', message: unusableLinkMessage(found) };
	const problem = await newPasswordProblem(found.user, password, confirm);
	if (problem) return { ok: false, reason: 'password', message: problem };
	const taken = await store.takePasswordToken(hashToken(token), now.toISOString());
	if (!taken) {
		const after = await linkState(store, token, now);
		return {
			ok: false,
			reason: 'invalid',
			message: unusableLinkMessage(after.state === 'usable' ? { state: 'unknown' } : after)
		};
	}
	const user = await resetPassword(store, taken.userId, password, taken.userId, 'user.setPassword');
	return { ok: true, user };
}
