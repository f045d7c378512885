import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { runAdmin, type AdminIo } from '../../../src/lib/server/admin/commands';
import {
	ensureSigningKey,
	KEY_GRACE_MS,
	keySummaries,
	publicJwks,
	rotateSigningKey,
	signLtiJwt
} from '../../../src/lib/server/lti/keys';
import { openStore, openTestStore, tempDataDir } from '../store/helpers';

describe('LTI signing keys', () => {
	it('are made once at first start, and publish only their public halves', async () => {
		const store = await openTestStore();
		await Promise.all([ensureSigningKey(store), ensureSigningKey(store)]);
		const keys = await store.listLtiKeys();
		expect(keys).toHaveLength(1);
		const jwks = await publicJwks(store);
		expect(jwks.keys).toHaveLength(1);
		expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: keys[0].kid });
		for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
			expect(jwks.keys[0]).not.toHaveProperty(secret);
			expect(JSON.stringify(await keySummaries(store))).not.toContain(
				String(keys[0].privateJwk[secret])
			);
		}
	});

	it('sign JWTs the published JWKS verifies, before and after a rotation', async () => {
		// The store's clock, so retirement times do not depend on how long a key takes to make.
		const now = new Date();
		const store = await openTestStore({ clock: () => now });
		const before = await signLtiJwt(store, { iss: 'rapport', aud: 'lms' });
		const oldKid = decodeProtectedHeader(before).kid;
		const rotation = await rotateSigningKey(store, now);
		expect(rotation.kid).not.toBe(oldKid);
		expect(rotation.stillPublished.map((k) => k.kid)).toEqual([oldKid]);

		const after = await signLtiJwt(store, { iss: 'rapport', aud: 'lms' });
		expect(decodeProtectedHeader(after).kid).toBe(rotation.kid);
		const jwks = createLocalJWKSet(await publicJwks(store, now));
		// A message the old key signed just before the rotation still verifies in the grace period.
		await expect(jwtVerify(before, jwks, { audience: 'lms' })).resolves.toBeTruthy();
		await expect(jwtVerify(after, jwks, { audience: 'lms' })).resolves.toBeTruthy();

		const later = new Date(now.getTime() + KEY_GRACE_MS + 1000);
		const laterJwks = await publicJwks(store, later);
		expect(laterJwks.keys.map((k) => k.kid)).toEqual([rotation.kid]);
		await expect(jwtVerify(before, createLocalJWKSet(laterJwks))).rejects.toThrow();
		// The next rotation deletes keys whose grace has ended.
		await rotateSigningKey(store, later);
		expect((await store.listLtiKeys()).map((k) => k.kid)).not.toContain(oldKid);
	});

	it('rotate from the admin CLI, which prints key ids and never a private key', async () => {
		const dir = await tempDataDir();
		const first = await openStore(dir, { backupOnOpen: false });
		await ensureSigningKey(first);
		const [old] = await first.listLtiKeys();
		await first.close();
		const lines: string[] = [];
		const io: AdminIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), env: {} };
		expect(await runAdmin(['--data-dir', dir, 'rotate-lti-key'], io)).toBe(0);
		const text = lines.join('\n');
		expect(text).toContain(`Key ${old.kid} is retired and stays published until`);
		expect(text).not.toContain(String(old.privateJwk.d));
		const store = await openStore(dir, { backupOnOpen: false });
		const keys = await store.listLtiKeys();
		expect(keys).toHaveLength(2);
		expect(text).toContain(`New LTI signing key ${keys[0].kid}`);
		expect(text).not.toContain(String(keys[0].privateJwk.d));
	});
});
