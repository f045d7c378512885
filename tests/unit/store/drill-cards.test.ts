import { describe, expect, it } from 'vitest';
import { StoreNotFoundError } from '../../../src/lib/server/store/errors';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore, seedTrainee } from './helpers';

/** Drill cards and drill attempts: the contract both stores keep (vite.config.ts STORE_TESTS). */
const backend = storeBackend();

const card = (userId: string, drillId: string, due: string) => ({
	userId,
	drillId,
	due,
	schedule: { due, stability: 2.3, reps: 1, stage: 'review' }
});

describe(`${backend} store: drill cards`, () => {
	it('keeps one card per trainee and drill, replaced on save, across a restart', async () => {
		const store = await openTestStore();
		const { user } = await seedTrainee(store);
		const { user: other } = await seedTrainee(store, 'other');
		expect(await store.listDrillCards(user.id)).toEqual([]);

		await store.saveDrillCard(card(user.id, 'withdrawal-shrug', '2026-03-03T09:00:00.000Z'));
		await store.saveDrillCard(card(user.id, 'advice-request', '2026-03-05T09:00:00.000Z'));
		const saved = await store.saveDrillCard(
			card(user.id, 'withdrawal-shrug', '2026-03-10T09:00:00.000Z')
		);
		expect(saved.updatedAt).toEqual(expect.any(String));
		await store.saveDrillCard(card(other.id, 'withdrawal-shrug', '2026-03-04T09:00:00.000Z'));

		const again = await reopenTestStore(store);
		const cards = await again.listDrillCards(user.id);
		expect(cards.map((c) => [c.drillId, c.due]).sort()).toEqual([
			['advice-request', '2026-03-05T09:00:00.000Z'],
			['withdrawal-shrug', '2026-03-10T09:00:00.000Z']
		]);
		expect(cards.find((c) => c.drillId === 'withdrawal-shrug')).toEqual(saved);
		expect(await again.listDrillCards(other.id)).toHaveLength(1);
	});

	it('refuses a card for a user who does not exist', async () => {
		const store = await openTestStore();
		await expect(
			store.saveDrillCard(card('no-such-user', 'advice-request', '2026-03-05T09:00:00.000Z'))
		).rejects.toBeInstanceOf(StoreNotFoundError);
	});

	it('deletes a trainee’s cards with the trainee', async () => {
		const store = await openTestStore();
		const { user } = await seedTrainee(store);
		await store.saveDrillCard(card(user.id, 'advice-request', '2026-03-05T09:00:00.000Z'));
		await store.deleteUser(user.id);
		expect(await store.listDrillCards(user.id)).toEqual([]);
	});
});

describe(`${backend} store: drill attempts`, () => {
	it('lists drill attempts only when asked, so they count towards nothing else', async () => {
		const store = await openTestStore();
		const { user, attempt } = await seedTrainee(store);
		const drill = await store.createAttempt({
			userId: user.id,
			scenarioId: 'withdrawal-shrug',
			scenarioHash: 'def',
			mode: 'practice',
			drill: true
		});
		expect((await store.listAttemptsByUser(user.id)).map((a) => a.id)).toEqual([attempt.id]);
		expect((await store.listAttemptsByUser(user.id, 'drill')).map((a) => a.id)).toEqual([drill.id]);
		expect((await store.listAttemptsByUser(user.id, 'any')).map((a) => a.id)).toEqual([
			attempt.id,
			drill.id
		]);
		expect((await store.listAttempts()).map((a) => a.id)).toEqual([attempt.id]);
		expect((await store.listAttempts({ kind: 'drill' })).map((a) => a.id)).toEqual([drill.id]);
		expect(await store.listAttempts({ scenarioId: 'withdrawal-shrug' })).toEqual([]);
		expect((await store.getAttempt(drill.id))?.drill).toBe(true);
	});
});
