import { describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import { hashToken } from '../../../src/lib/server/auth/tokens';
import {
	inviteAccount,
	issueLinks,
	linkState,
	openLink,
	redeemLink,
	unusableLinkMessage
} from '../../../src/lib/server/programmes/password-links';
import { accountProblems } from '../../../src/lib/server/programmes/roster-file';

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
		expect(results.filter((r) => !r.ok)).toEqual([
			expect.objectContaining({ message: expect.stringMatching(/already used/) })
		]);
		expect((await store.getPasswordToken(hashToken(token)))?.usedAt).toBeDefined();
		expect(await openLink(store, token)).toBeUndefined();
	});

	it('says whether a link that does not work was used, expired or is unknown', async () => {
		const store = await getStore();
		const user = await makeUser('ida');
		const issued = new Date('2026-03-02T10:00:00Z');
		const [link] = await issueLinks(store, [user.id], null, issued);
		const token = tokenOf(link.path);
		const later = new Date('2026-03-20T10:00:00Z');
		expect(await linkState(store, token, later)).toEqual({
			state: 'expired',
			at: '2026-03-09T10:00:00.000Z'
		});
		expect(unusableLinkMessage({ state: 'expired', at: '2026-03-09T10:00:00.000Z' })).toMatch(
			/^This link expired on 9 March 2026: links work for 7 days/
		);
		const expired = await redeemLink(store, token, 'a fine passphrase', 'a fine passphrase', later);
		expect(expired).toMatchObject({ ok: false, message: expect.stringMatching(/expired on/) });

		const soon = new Date('2026-03-03T09:00:00Z');
		expect(
			await redeemLink(store, token, 'a fine passphrase', 'a fine passphrase', soon)
		).toMatchObject({ ok: true });
		expect(await linkState(store, token, soon)).toEqual({
			state: 'used',
			at: '2026-03-03T09:00:00.000Z'
		});
		const again = await redeemLink(store, token, 'another passphrase', 'another passphrase', soon);
		expect(again).toMatchObject({
			ok: false,
			reason: 'invalid',
			message: expect.stringMatching(/^This link was already used, on 3 March 2026/)
		});
		expect(await linkState(store, 'x'.repeat(43))).toEqual({ state: 'unknown' });
		expect(unusableLinkMessage({ state: 'unknown' })).toMatch(/not valid/);
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

	it('invites an account: no password until its link is used, audited, a taken name refused', async () => {
		const store = await getStore();
		const admin = await makeUser('ada', 'admin');
		const link = await inviteAccount(
			store,
			{ username: 'ivo', displayName: 'Ivo Example', email: 'ivo@example.org', role: 'instructor' },
			admin
		);
		const opened = await openLink(store, tokenOf(link.path));
		expect(opened?.user).toMatchObject({
			username: 'ivo',
			displayName: 'Ivo Example',
			email: 'ivo@example.org',
			role: 'instructor',
			passwordHash: ''
		});
		expect((await store.listAudit()).find((e) => e.action === 'user.create')).toMatchObject({
			actorId: admin.id,
			targetId: opened!.user.id,
			detail: { role: 'instructor' }
		});
		await expect(
			inviteAccount(store, { username: 'ivo', displayName: 'Another', role: 'trainee' }, admin)
		).rejects.toMatchObject({ code: 'username-taken' });
	});
});

describe('checking an account’s details', () => {
	it('lists every problem, wording a missing username for where it is missing', () => {
		expect(accountProblems({ username: 'ok-name', displayName: 'Ok', email: '' })).toEqual([]);
		const problems = accountProblems(
			{ username: '', displayName: '', email: 'nope' },
			'Enter a username.'
		);
		expect(problems).toEqual([
			'Enter a username.',
			'The display name is empty.',
			'"nope" is not an email address.'
		]);
		expect(accountProblems({ username: '', displayName: 'A' })).toEqual(['The username is empty.']);
	});
});
