import { describe, expect, it } from 'vitest';
import { StoreConflictError, StoreNotFoundError } from '../../../src/lib/server/store/errors';
import type { NewLtiPlatform, Store } from '../../../src/lib/server/store/types';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore, seedTrainee } from './helpers';

/** LTI platforms, signing keys, nonces and resource links: the contract both stores keep. */
const backend = storeBackend();

async function newPlatform(store: Store, over: Partial<NewLtiPlatform> = {}) {
	const { user } = await seedTrainee(store, `admin-${Math.random().toString(36).slice(2)}`);
	return store.createLtiPlatform({
		name: 'Canvas',
		issuer: 'https://canvas.instructure.com',
		clientId: '10000000000001',
		authEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect',
		tokenEndpoint: 'https://sso.canvaslms.com/login/oauth2/token',
		jwksUrl: 'https://sso.canvaslms.com/api/lti/security/jwks',
		deploymentIds: ['1:abc'],
		trustInstructorRoles: false,
		createdBy: user.id,
		...over
	});
}

function key(kid: string) {
	return { kid, privateJwk: { kty: 'RSA', kid, d: 'secret' }, publicJwk: { kty: 'RSA', kid } };
}

describe(`${backend} store: LTI`, () => {
	it('registers, finds, edits and removes platforms; one per issuer and client id', async () => {
		let now = new Date('2026-05-01T09:00:00.000Z');
		const store = await openTestStore({ clock: () => now });
		const canvas = await newPlatform(store);
		expect(canvas.createdAt).toBe('2026-05-01T09:00:00.000Z');
		expect(await store.findLtiPlatform(canvas.issuer, canvas.clientId)).toEqual(canvas);
		expect(await store.findLtiPlatform(canvas.issuer, 'other')).toBeUndefined();
		const taken = newPlatform(store, { name: 'Again' });
		await expect(taken).rejects.toBeInstanceOf(StoreConflictError);
		await expect(taken).rejects.toMatchObject({ code: 'platform-taken' });
		// Canvas uses one issuer for every school: another client id is another platform.
		const moodle = await newPlatform(store, { name: 'Another Canvas', clientId: '2' });
		expect((await store.listLtiPlatforms()).map((p) => p.name)).toEqual([
			'Another Canvas',
			'Canvas'
		]);

		now = new Date('2026-05-02T09:00:00.000Z');
		const edited = await store.updateLtiPlatform(canvas.id, {
			deploymentIds: ['1:abc', '2:def'],
			trustInstructorRoles: true
		});
		expect(edited).toMatchObject({ deploymentIds: ['1:abc', '2:def'], trustInstructorRoles: true });
		expect(edited.updatedAt).toBe('2026-05-02T09:00:00.000Z');
		await expect(
			store.updateLtiPlatform(moodle.id, { clientId: canvas.clientId })
		).rejects.toMatchObject({ code: 'platform-taken' });
		await expect(store.updateLtiPlatform('nope', { name: 'x' })).rejects.toBeInstanceOf(
			StoreNotFoundError
		);

		const again = await reopenTestStore(store);
		expect(await again.getLtiPlatform(canvas.id)).toEqual(edited);
		await again.deleteLtiPlatform(moodle.id);
		expect(await again.getLtiPlatform(moodle.id)).toBeUndefined();
		await expect(again.deleteLtiPlatform(moodle.id)).rejects.toBeInstanceOf(StoreNotFoundError);
	});

	it('rotates signing keys: one current, the retired kept until forgotten', async () => {
		let now = new Date('2026-05-01T09:00:00.000Z');
		const store = await openTestStore({ clock: () => now });
		expect(await store.listLtiKeys()).toEqual([]);
		const first = await store.rotateLtiKey(key('k1'), { ifNone: true });
		expect(first).toEqual([{ ...key('k1'), createdAt: '2026-05-01T09:00:00.000Z' }]);
		// A second start makes no second key.
		expect(await store.rotateLtiKey(key('k-other'), { ifNone: true })).toEqual(first);

		now = new Date('2026-05-03T09:00:00.000Z');
		const rotated = await store.rotateLtiKey(key('k2'));
		expect(rotated.map((k) => [k.kid, k.retiredAt])).toEqual([
			['k2', undefined],
			['k1', '2026-05-03T09:00:00.000Z']
		]);
		const again = await reopenTestStore(store);
		expect(await again.listLtiKeys()).toEqual(rotated);

		now = new Date('2026-05-10T09:00:00.000Z');
		const later = await again.rotateLtiKey(key('k3'), {
			forgetRetiredBefore: '2026-05-04T00:00:00.000Z'
		});
		expect(later.map((k) => [k.kid, k.retiredAt])).toEqual([
			['k3', undefined],
			['k2', '2026-05-10T09:00:00.000Z']
		]);
	});

	it('takes each nonce once per issuer, and prunes expired ones', async () => {
		const store = await openTestStore();
		const at = '2026-05-01T09:00:00.000Z';
		const until = '2026-05-01T09:10:00.000Z';
		expect(await store.useLtiNonce('https://a', 'n1', until, at)).toBe(true);
		expect(await store.useLtiNonce('https://a', 'n1', until, at)).toBe(false);
		expect(await store.useLtiNonce('https://b', 'n1', until, at)).toBe(true);
		const results = await Promise.all(
			[1, 2, 3].map(() => store.useLtiNonce('https://a', 'race', until, at))
		);
		expect(results.filter(Boolean)).toHaveLength(1);
		// After expiry the record is pruned (the token carrying it is refused as expired anyway).
		expect(await store.useLtiNonce('https://a', 'n1', until, '2026-05-01T10:00:00.000Z')).toBe(
			true
		);
	});

	it('keeps resource links per platform and deployment, gone with the platform', async () => {
		let now = new Date('2026-05-01T09:00:00.000Z');
		const store = await openTestStore({ clock: () => now });
		const platform = await newPlatform(store);
		const link = {
			platformId: platform.id,
			deploymentId: '1:abc',
			resourceLinkId: 'rl-1',
			target: { kind: 'scenario' as const, scenarioId: 'coat-still-on' },
			mode: 'assessment' as const,
			passMark: 70,
			title: 'Week 3'
		};
		const saved = await store.saveLtiResourceLink(link);
		expect(saved).toEqual({
			...link,
			createdAt: '2026-05-01T09:00:00.000Z',
			updatedAt: '2026-05-01T09:00:00.000Z'
		});
		now = new Date('2026-05-02T09:00:00.000Z');
		const changed = await store.saveLtiResourceLink({
			...link,
			target: { kind: 'assignment', assignmentId: 'as-1' },
			lineItemUrl: 'https://lms/lineitems/1'
		});
		expect(changed.createdAt).toBe('2026-05-01T09:00:00.000Z');
		expect(changed.updatedAt).toBe('2026-05-02T09:00:00.000Z');
		expect(await store.getLtiResourceLink(platform.id, '1:abc', 'rl-1')).toEqual(changed);
		expect(await store.getLtiResourceLink(platform.id, '2:def', 'rl-1')).toBeUndefined();
		await expect(store.saveLtiResourceLink({ ...link, platformId: 'nope' })).rejects.toBeInstanceOf(
			StoreNotFoundError
		);
		const again = await reopenTestStore(store);
		expect(await again.listLtiResourceLinks({ platformId: platform.id })).toEqual([changed]);
		await again.deleteLtiPlatform(platform.id);
		expect(await again.listLtiResourceLinks()).toEqual([]);
	});
});
