import { describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import { hashToken } from '../../../src/lib/server/auth/tokens';
import {
	issueLinks,
	openLink,
	redeemLink
} from '../../../src/lib/server/programmes/password-links';

const tokenOf = (path: string) => path.split('/').pop()!;

describe('set-password links', () => {
	it('works for exactly one of two simultaneous uses', async () => {
		const store = await getStore();
		const user = await makeUser('fay');
		const [link] = await issueLinks(store, [user.id], null);
		const token = tokenOf(link.path);
		const results = await Promise.all([
			redeemLink(store, token, 'first passphrase!', 'first passphrase!'),
			redeemLink(store, token, 'second passphrase', 'second passphrase')
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await store.getPasswordToken(hashToken(token))).toBeUndefined();
	});

	it('replaces an account’s earlier link, and signs the account out when used', async () => {
		const store = await getStore();
		const user = await makeUser('gus');
		const [first] = await issueLinks(store, [user.id], null);
		const [second] = await issueLinks(store, [user.id], null);
		expect(await openLink(store, tokenOf(first.path))).toBeUndefined();
		await store.createSession({
			tokenHash: 's'.repeat(64),
			userId: user.id,
			expiresAt: '2999-01-01T00:00:00Z'
		});
		expect(
			await redeemLink(store, tokenOf(second.path), 'a fine passphrase', 'a fine passphrase')
		).toMatchObject({
			ok: true
		});
		expect(await store.getSession('s'.repeat(64))).toBeUndefined();
		expect((await store.listAudit()).map((e) => e.action)).toContain('user.setPassword');
	});

	it('does not work for an erased account', async () => {
		const store = await getStore();
		const user = await makeUser('hal');
		const [link] = await issueLinks(store, [user.id], null);
		await store.updateUser(user.id, { displayName: 'Hal' });
		await store.eraseUser(user.id);
		expect(await openLink(store, tokenOf(link.path))).toBeUndefined();
	});
});
