import { randomBytes } from 'node:crypto';
import { StoreConflictError } from '../store/errors';
import type { Role, Store, User } from '../store/types';
import { ROLES } from '../store/types';
import { usernameProblem } from './accounts';
import { hashPassword } from './password';
import type { OidcSettings } from './sign-in-settings';

/** The claims Rapport reads, from the id_token and the userinfo endpoint together. */
export interface OidcClaims {
	sub: string;
	[claim: string]: unknown;
}

/** Why a valid OpenID sign-in still does not get a session. */
export type AccountRefusal = 'domain-not-allowed' | 'suspended';

export class OidcAccountError extends Error {
	readonly reason: AccountRefusal;
	readonly userId?: string;
	readonly detail: Record<string, unknown>;
	constructor(reason: AccountRefusal, detail: Record<string, unknown> = {}, userId?: string) {
		super(`OpenID sign-in refused: ${reason}`);
		this.name = 'OidcAccountError';
		this.reason = reason;
		this.detail = detail;
		this.userId = userId;
	}
}

function text(claims: OidcClaims, name: string): string | undefined {
	const v = claims[name];
	return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

function emailOf(claims: OidcClaims): string | undefined {
	const email = text(claims, 'email');
	return email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : undefined;
}

/**
 * The email domain check. Only an email the provider has not said is unverified counts: a
 * provider that marks it `email_verified: false` lets people type any address. (Entra ID sends no
 * `email_verified` at all; its addresses are set by the tenant, so they count.)
 */
function checkDomain(settings: OidcSettings, claims: OidcClaims, userId?: string): void {
	if (settings.allowedDomains.length === 0) return;
	const email = emailOf(claims);
	const domain = email?.split('@')[1].toLowerCase();
	if (!email || !domain || claims.email_verified === false) {
		throw new OidcAccountError('domain-not-allowed', { domain: null }, userId);
	}
	if (!settings.allowedDomains.includes(domain)) {
		throw new OidcAccountError('domain-not-allowed', { domain }, userId);
	}
}

/**
 * The role the claim gives, the highest of its mapped values; `undefined` when the claim is
 * absent (then the role is left as it is: a provider that stops sending groups, or Entra's
 * "groups overage", must not demote everyone). Present but matching nothing: trainee.
 */
export function roleFromClaims(settings: OidcSettings, claims: OidcClaims): Role | undefined {
	if (!settings.roleClaim) return undefined;
	const raw = claims[settings.roleClaim];
	if (raw === undefined || raw === null) return undefined;
	const values = (Array.isArray(raw) ? raw : [raw]).map(String);
	let best: Role = 'trainee';
	for (const v of values) {
		const role = settings.roleMap.get(v);
		if (role && ROLES.indexOf(role) > ROLES.indexOf(best)) best = role;
	}
	return best;
}

/**
 * A username from preferred_username or email: the part before any @, lower-case, accents
 * dropped, anything else outside [a-z0-9._-] turned into a dash, cut to fit the username rule.
 */
export function baseUsername(claims: OidcClaims): string {
	const source = text(claims, 'preferred_username') ?? emailOf(claims) ?? '';
	const cleaned = source
		.split('@')[0]
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9._-]+/g, '-')
		.replace(/^[^a-z0-9]+/, '')
		.replace(/[-._]+$/, '')
		.slice(0, 32);
	return usernameProblem(cleaned) ? 'user' : cleaned;
}

/** name, else given and family name, else the username; control characters removed. */
export function displayNameFrom(claims: OidcClaims, username: string): string {
	const given = [text(claims, 'given_name'), text(claims, 'family_name')].filter(Boolean).join(' ');
	const name = text(claims, 'name') ?? (given || undefined) ?? username;
	// eslint-disable-next-line no-control-regex
	return name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 100);
}

/** Creates the trainee account, trying `base`, `base-2`, `base-3`... until a name is free. */
async function createFromClaims(store: Store, claims: OidcClaims, role: Role): Promise<User> {
	const base = baseUsername(claims);
	const email = emailOf(claims);
	// The hash of a random password nobody is told: the account is active (not waiting for a
	// set-password link), a password sign-in with its username takes the usual time and fails,
	// and an admin can still send a set-password link while passwords are on.
	const passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
	for (let n = 1; n < 1000; n++) {
		const username = n === 1 ? base : `${base}-${n}`;
		if (await store.getUserByUsername(username)) continue;
		try {
			return await store.createUser({
				username,
				displayName: displayNameFrom(claims, username),
				...(email ? { email } : {}),
				role,
				passwordHash
			});
		} catch (e) {
			// Taken between the look-up and the write: try the next name.
			if (e instanceof StoreConflictError && e.code === 'username-taken') continue;
			throw e;
		}
	}
	throw new Error(`No free username near "${base}".`);
}

function isActiveAdmin(user: User): boolean {
	return user.role === 'admin' && !user.erasedAt && !user.suspendedAt;
}

/**
 * Roles follow the provider on every sign-in when OIDC_ROLE_CLAIM is set (leaving a group there
 * takes the role away here), except that the last active admin is never demoted by a claim:
 * the change is skipped and recorded, and an admin fixes the provider or promotes someone else.
 */
async function applyRole(store: Store, user: User, role: Role | undefined): Promise<User> {
	if (!role || role === user.role) return user;
	if (isActiveAdmin(user) && role !== 'admin') {
		const admins = (await store.listUsers()).filter(isActiveAdmin);
		if (admins.length <= 1) {
			await store.appendAudit({
				actorId: null,
				action: 'oidc.roleKept',
				targetType: 'user',
				targetId: user.id,
				detail: { role: user.role, claimed: role, why: 'last-admin' }
			});
			return user;
		}
	}
	const updated = await store.updateUser(user.id, { role });
	await store.appendAudit({
		actorId: null,
		action: 'user.role',
		targetType: 'user',
		targetId: user.id,
		detail: { from: user.role, to: role, via: 'oidc' }
	});
	return updated;
}

/**
 * With OIDC_LINK_BY_EMAIL=verified, the one local account whose email matches a verified email
 * from the provider. Only verified emails: otherwise anyone who can put an address on their
 * provider account could take over the Rapport account that has it. Never when two accounts share
 * the address (which one would it be?).
 */
async function accountByEmail(
	store: Store,
	settings: OidcSettings,
	claims: OidcClaims
): Promise<User | undefined> {
	const email = emailOf(claims)?.toLowerCase();
	if (!settings.linkByEmail || !email || claims.email_verified !== true) return undefined;
	const matches = (await store.listUsers()).filter(
		(u) => !u.erasedAt && u.email?.trim().toLowerCase() === email
	);
	return matches.length === 1 ? matches[0] : undefined;
}

/**
 * The Rapport account a signed-in provider account stands for: linked before, linked now by
 * verified email, or created as a trainee. Refused (OidcAccountError) for an email domain not
 * allowed and for a suspended or erased account. Audit entries record every link and creation.
 */
export async function accountForClaims(
	store: Store,
	settings: OidcSettings,
	issuer: string,
	claims: OidcClaims
): Promise<User> {
	const linked = await store.findIdentity('oidc', issuer, claims.sub);
	const email = emailOf(claims);
	let user = linked ? await store.getUser(linked.userId) : undefined;
	checkDomain(settings, claims, user?.id);
	const role = roleFromClaims(settings, claims);

	if (!user) {
		user = await accountByEmail(store, settings, claims);
		if (user) {
			if (user.suspendedAt) throw new OidcAccountError('suspended', {}, user.id);
			await store.linkIdentity({
				kind: 'oidc',
				issuer,
				subject: claims.sub,
				userId: user.id,
				email
			});
			await store.appendAudit({
				actorId: null,
				action: 'oidc.link',
				targetType: 'user',
				targetId: user.id,
				detail: { issuer, by: 'verified-email' }
			});
		} else {
			user = await createFromClaims(store, claims, role ?? 'trainee');
			await store.linkIdentity({
				kind: 'oidc',
				issuer,
				subject: claims.sub,
				userId: user.id,
				email
			});
			await store.appendAudit({
				actorId: null,
				action: 'user.create',
				targetType: 'user',
				targetId: user.id,
				detail: { role: user.role, via: 'oidc', issuer }
			});
			return user;
		}
	}
	if (user.erasedAt || user.suspendedAt) throw new OidcAccountError('suspended', {}, user.id);
	// Seen now, with the email the provider gives today.
	await store.linkIdentity({ kind: 'oidc', issuer, subject: claims.sub, userId: user.id, email });
	return applyRole(store, user, role);
}
