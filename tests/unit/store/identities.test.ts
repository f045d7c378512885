import { describe, expect, it } from 'vitest';
import { StoreConflictError, StoreNotFoundError } from '../../../src/lib/server/store/errors';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore, seedTrainee } from './helpers';

/** Linked outside accounts (OpenID, LTI): the contract both stores keep (vite.config.ts STORE_TESTS). */
const backend = storeBackend();
const ISSUER = 'https://idp.example.ac.uk';

describe(`${backend} store: linked outside accounts`, () => {
	it('finds a linked account by kind, issuer and subject, across a restart', async () => {
		let now = new Date('2026-03-01T09:00:00.000Z');
		const store = await openTestStore({ clock: () => now });
		const { user } = await seedTrainee(store);
		expect(await store.findIdentity('oidc', ISSUER, 'sub-1')).toBeUndefined();

		const linked = await store.linkIdentity({
			kind: 'oidc',
			issuer: ISSUER,
			subject: 'sub-1',
			userId: user.id,
			email: 'a@example.ac.uk'
		});
		expect(linked).toEqual({
			kind: 'oidc',
			issuer: ISSUER,
			subject: 'sub-1',
			userId: user.id,
			email: 'a@example.ac.uk',
			linkedAt: '2026-03-01T09:00:00.000Z',
			lastSeenAt: '2026-03-01T09:00:00.000Z'
		});
		// The same subject at another issuer, or through LTI, is another account.
		expect(await store.findIdentity('oidc', 'https://other.example', 'sub-1')).toBeUndefined();
		expect(await store.findIdentity('lti', ISSUER, 'sub-1')).toBeUndefined();

		now = new Date('2026-03-02T10:00:00.000Z');
		const seen = await store.linkIdentity({
			kind: 'oidc',
			issuer: ISSUER,
			subject: 'sub-1',
			userId: user.id
		});
		expect(seen.linkedAt).toBe('2026-03-01T09:00:00.000Z');
		expect(seen.lastSeenAt).toBe('2026-03-02T10:00:00.000Z');
		expect(seen.email).toBeUndefined();

		const again = await reopenTestStore(store);
		expect(await again.findIdentity('oidc', ISSUER, 'sub-1')).toEqual(seen);
		expect(await again.listIdentities(user.id)).toEqual([seen]);
	});

	it('refuses to link an account that signs in as someone else, or a missing user', async () => {
		const store = await openTestStore();
		const { user } = await seedTrainee(store);
		const { user: other } = await seedTrainee(store, 'other');
		await store.linkIdentity({ kind: 'lti', issuer: ISSUER, subject: 's', userId: user.id });
		const taken = store.linkIdentity({
			kind: 'lti',
			issuer: ISSUER,
			subject: 's',
			userId: other.id
		});
		await expect(taken).rejects.toBeInstanceOf(StoreConflictError);
		await expect(taken).rejects.toMatchObject({ code: 'identity-taken' });
		expect((await store.findIdentity('lti', ISSUER, 's'))?.userId).toBe(user.id);
		await expect(
			store.linkIdentity({ kind: 'lti', issuer: ISSUER, subject: 't', userId: 'nobody' })
		).rejects.toBeInstanceOf(StoreNotFoundError);
		expect(await store.listIdentities(other.id)).toEqual([]);
	});

	it('forgets the links when the user is erased or deleted', async () => {
		const store = await openTestStore();
		const { user } = await seedTrainee(store);
		const { user: other } = await seedTrainee(store, 'other');
		await store.linkIdentity({ kind: 'oidc', issuer: ISSUER, subject: 'u', userId: user.id });
		await store.linkIdentity({ kind: 'lti', issuer: ISSUER, subject: 'o', userId: other.id });
		await store.eraseUser(user.id);
		expect(await store.findIdentity('oidc', ISSUER, 'u')).toBeUndefined();
		expect(await store.listIdentities(user.id)).toEqual([]);
		await store.deleteUser(other.id);
		expect(await store.findIdentity('lti', ISSUER, 'o')).toBeUndefined();
	});
});
