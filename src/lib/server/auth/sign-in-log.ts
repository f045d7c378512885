import type { Store } from '../store/types';

/** One line of the admins' sign-in log: who, when, how, and for refusals why. */
export interface SignInLogItem {
	id: string;
	at: string;
	what: string;
	/** The account concerned, when there is one (a refusal may have none). */
	user: { id: string; displayName: string } | null;
	detail: string;
}

const WHY: Record<string, string> = {
	'no-attempt':
		'no sign-in in progress in that browser (expired, already used, or not started here)',
	'state-mismatch': 'state did not match the browser’s attempt',
	'provider-error': 'the provider returned an error',
	'nonce-mismatch': 'the token’s nonce did not match',
	'token-expired': 'the token had expired',
	'token-invalid': 'the token failed its checks (issuer, audience or format)',
	'code-refused': 'the provider refused the code (used twice or expired)',
	'provider-unreachable': 'the provider could not be reached',
	'domain-not-allowed': 'email domain not allowed',
	suspended: 'the account is suspended or erased'
};

const SHOWN = new Set([
	'session.signIn',
	'oidc.refused',
	'oidc.link',
	'oidc.roleKept',
	'user.create',
	'user.role'
]);

function describe(action: string, d: Record<string, unknown>): { what: string; detail: string } {
	const text = (v: unknown) => (typeof v === 'string' ? v : '');
	switch (action) {
		case 'session.signIn':
			return {
				what: 'Signed in',
				detail: d.method === 'oidc' ? `single sign-on (${text(d.issuer)})` : 'password'
			};
		case 'oidc.refused': {
			const extra = [text(d.error), d.domain ? `domain ${text(d.domain)}` : '', text(d.code)]
				.filter(Boolean)
				.join(', ');
			const why = WHY[text(d.reason)] ?? text(d.reason);
			return { what: 'Sign-in refused', detail: extra ? `${why} (${extra})` : why };
		}
		case 'oidc.link':
			return { what: 'Linked by verified email', detail: text(d.issuer) };
		case 'oidc.roleKept':
			return {
				what: 'Role kept',
				detail: `the provider said ${text(d.claimed)}, but this is the last admin`
			};
		case 'user.create':
			return { what: 'Account created at first sign-in', detail: `as ${text(d.role)}` };
		default:
			return {
				what: 'Role changed by the provider',
				detail: `${text(d.from)} to ${text(d.to)}`
			};
	}
}

/**
 * The newest sign-in events from the audit log: every sign-in, every refused single sign-on and
 * what single sign-on did to accounts (created, linked, roles), for admins to follow problems.
 */
export async function signInLog(store: Store, limit = 200): Promise<SignInLogItem[]> {
	const entries = (await store.listAudit({ limit: 5000 })).filter(
		(e) =>
			SHOWN.has(e.action) &&
			// Account creation and role changes only when single sign-on made them.
			(!['user.create', 'user.role'].includes(e.action) || e.detail?.via === 'oidc')
	);
	const names = new Map((await store.listUsers()).map((u) => [u.id, u.displayName]));
	return entries.slice(0, limit).map((e) => {
		const userId = e.targetType === 'user' ? e.targetId : undefined;
		return {
			id: e.id,
			at: e.at,
			...describe(e.action, e.detail ?? {}),
			user: userId ? { id: userId, displayName: names.get(userId) ?? 'A deleted account' } : null
		};
	});
}
