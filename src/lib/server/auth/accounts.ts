import { randomBytes } from 'node:crypto';
import type { PublicUser, Role, Store, User } from '../store/types';
import { hashPassword } from './password';
import { guessableProblem } from './password-strength';

export function normaliseUsername(raw: string): string {
	return raw.trim().toLowerCase();
}

/** A reason the username cannot be used, or undefined. */
export function usernameProblem(username: string): string | undefined {
	if (!/^[a-z0-9][a-z0-9._-]{1,39}$/.test(username)) {
		return 'Usernames are 2 to 40 characters: lower-case letters, digits, dot, dash or underscore, starting with a letter or digit.';
	}
	return undefined;
}

/**
 * A reason this new password cannot be used, or undefined: the one check for every place a
 * password is set (set-password links, the admin CLI, first run). NIST SP 800-63B: 10 to 256
 * characters, no composition rules, and not common, breached or otherwise easy to guess, the
 * account's own names counted as easy (checked offline: password-strength.ts).
 */
export async function passwordProblem(
	password: string,
	account: { username?: string; displayName?: string } = {}
): Promise<string | undefined> {
	if (password.length < 10) return 'Passwords need at least 10 characters.';
	if (password.length > 256) return 'Passwords can have at most 256 characters.';
	// The names whole and word by word: "Okafor" alone is as guessable as the full name.
	const names = [account.username ?? '', ...(account.displayName ?? '').split(/\s+/)];
	return guessableProblem(password, [...names, account.displayName ?? ''].filter(Boolean));
}

/** 120 random bits, easy to copy: no characters that look alike. */
export function generatePassword(): string {
	const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
	const bytes = randomBytes(24);
	let out = '';
	for (const b of bytes) out += alphabet[b % alphabet.length];
	return `${out.slice(0, 6)}-${out.slice(6, 12)}-${out.slice(12, 18)}-${out.slice(18, 24)}`;
}

export function toPublicUser(user: User): PublicUser {
	const { passwordHash: _hidden, ...rest } = user;
	return rest;
}

export interface AccountInput {
	username: string;
	password: string;
	role: Role;
	displayName?: string;
	email?: string;
}

export class AccountError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'AccountError';
	}
}

export async function createAccount(
	store: Store,
	input: AccountInput,
	actorId: string | null = null
): Promise<User> {
	const username = normaliseUsername(input.username);
	const problem =
		usernameProblem(username) ??
		(await passwordProblem(input.password, { username, displayName: input.displayName }));
	if (problem) throw new AccountError(problem);
	const user = await store.createUser({
		username,
		displayName: input.displayName?.trim() || username,
		...(input.email ? { email: input.email.trim() } : {}),
		role: input.role,
		passwordHash: await hashPassword(input.password)
	});
	await store.appendAudit({
		actorId,
		action: 'user.create',
		targetType: 'user',
		targetId: user.id,
		detail: { role: user.role }
	});
	return user;
}

/**
 * Sets a new password and signs the user out everywhere. `action` names it in the audit log:
 * an admin's reset, or the user's own choice through a set-password link.
 */
export async function resetPassword(
	store: Store,
	userId: string,
	password: string,
	actorId: string | null = null,
	action: 'user.resetPassword' | 'user.setPassword' = 'user.resetPassword'
): Promise<User> {
	const account = await store.getUser(userId);
	const problem = await passwordProblem(password, account ?? {});
	if (problem) throw new AccountError(problem);
	const user = await store.updateUser(userId, { passwordHash: await hashPassword(password) });
	await store.deleteSessionsForUser(userId);
	await store.appendAudit({ actorId, action, targetType: 'user', targetId: userId });
	return user;
}

/**
 * An admin changes a person's display name and email (the caller checks them first, with
 * `accountProblems`, as every account form does). The audit
 * entry names the fields changed, not their values: an erased person's details must not survive
 * in the audit log.
 */
export async function changeDetails(
	store: Store,
	actorId: string,
	user: User,
	details: { displayName: string; email: string }
): Promise<User> {
	const changed = [
		...(details.displayName !== user.displayName ? ['displayName'] : []),
		...(details.email !== (user.email ?? '') ? ['email'] : [])
	];
	if (changed.length === 0) return user;
	const updated = await store.updateUser(user.id, {
		displayName: details.displayName,
		email: details.email === '' ? null : details.email
	});
	await store.appendAudit({
		actorId,
		action: 'user.details',
		targetType: 'user',
		targetId: user.id,
		detail: { changed }
	});
	return updated;
}

/**
 * Suspends an account or lifts the suspension. A suspended person cannot sign in and every
 * session they have ends now; their attempts, cohorts and records stay as they are.
 */
export async function setSuspended(
	store: Store,
	actorId: string,
	userId: string,
	suspended: boolean,
	now = new Date()
): Promise<User> {
	const user = await store.updateUser(userId, {
		suspendedAt: suspended ? now.toISOString() : null
	});
	if (suspended) await store.deleteSessionsForUser(userId);
	await store.appendAudit({
		actorId,
		action: suspended ? 'user.suspend' : 'user.unsuspend',
		targetType: 'user',
		targetId: userId
	});
	return user;
}

export type AccountState = 'erased' | 'suspended' | 'waiting' | 'active';

/**
 * Erased, suspended by an admin, waiting for its first password (made by an instructor or admin,
 * link not used yet: an empty hash matches nothing), or active.
 */
export function accountState(
	user: Pick<User, 'erasedAt' | 'suspendedAt' | 'passwordHash'>
): AccountState {
	if (user.erasedAt) return 'erased';
	if (user.suspendedAt) return 'suspended';
	return user.passwordHash === '' ? 'waiting' : 'active';
}
