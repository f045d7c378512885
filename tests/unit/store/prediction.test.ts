import { describe, expect, it } from 'vitest';
import { StoreConflictError, StoreNotFoundError } from '../../../src/lib/server/store/errors';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore, seedTrainee } from './helpers';

/** The trainee's prediction of the client's rating: the contract both stores keep. */
const backend = storeBackend();

describe(`${backend} store: rating predictions`, () => {
	it('keeps a prediction with its attempt, across a restart', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		const saved = await store.predictRating(attempt.id, {
			overall: 7,
			at: '2026-03-03T09:00:00.000Z'
		});
		expect(saved.prediction).toEqual({ overall: 7, at: '2026-03-03T09:00:00.000Z' });
		expect(saved.id).toBe(attempt.id);
		const again = await reopenTestStore(store);
		expect((await again.getAttempt(attempt.id))!.prediction).toEqual({
			overall: 7,
			at: '2026-03-03T09:00:00.000Z'
		});
		expect((await again.listAttemptsByUser(attempt.userId))[0].prediction?.overall).toBe(7);
	});

	it('keeps a skip (null) and refuses a second answer, leaving the first as it was', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		await store.predictRating(attempt.id, { overall: null, at: '2026-03-03T09:00:00.000Z' });
		const second = store.predictRating(attempt.id, {
			overall: 9,
			at: '2026-03-03T09:01:00.000Z'
		});
		await expect(second).rejects.toBeInstanceOf(StoreConflictError);
		await expect(second).rejects.toMatchObject({ code: 'prediction-made' });
		expect((await store.getAttempt(attempt.id))!.prediction).toEqual({
			overall: null,
			at: '2026-03-03T09:00:00.000Z'
		});
	});

	it('of two predictions at once, exactly one is kept', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		const results = await Promise.allSettled(
			[3, 8].map((overall) =>
				store.predictRating(attempt.id, { overall, at: '2026-03-03T09:00:00.000Z' })
			)
		);
		const kept = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
		expect(kept).toHaveLength(1);
		expect(results.find((r) => r.status === 'rejected')).toMatchObject({
			reason: { code: 'prediction-made' }
		});
		expect((await store.getAttempt(attempt.id))!.prediction).toEqual(kept[0].prediction);
	});

	it('refuses a prediction for an attempt that does not exist', async () => {
		const store = await openTestStore();
		await expect(
			store.predictRating('no-such-attempt', { overall: 5, at: '2026-03-03T09:00:00.000Z' })
		).rejects.toBeInstanceOf(StoreNotFoundError);
	});

	it('leaves the rest of the attempt as it was', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		await store.updateAttempt(attempt.id, {
			status: 'completed',
			result: { normalised: 64, rating: { overall: 8.4 } }
		});
		const before = (await store.getAttempt(attempt.id))!;
		const after = await store.predictRating(attempt.id, {
			overall: 6,
			at: '2026-03-03T09:00:00.000Z'
		});
		const { prediction, ...rest } = after;
		expect(prediction).toEqual({ overall: 6, at: '2026-03-03T09:00:00.000Z' });
		expect(rest).toEqual(before);
	});
});
