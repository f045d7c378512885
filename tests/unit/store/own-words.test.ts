import { describe, expect, it } from 'vitest';
import { StoreNotFoundError } from '../../../src/lib/server/store/errors';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore, seedTrainee } from './helpers';

/**
 * Typed responses ("say it your way first"): the contract both stores keep (vite.config.ts
 * STORE_TESTS). The privacy rules built on it are tested in tests/unit/attempts/own-words.test.ts.
 */
const backend = storeBackend();

const words = (attemptId: string, step: number, text: string, beat = `beat-${step}`) => ({
	attemptId,
	step,
	beat,
	text,
	skipped: false
});

describe(`${backend} store: typed responses`, () => {
	it('keeps them per decision, first write wins, across a restart', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		const { attempt: other } = await seedTrainee(store, 'other');
		expect(await store.listOwnWords(attempt.id)).toEqual([]);

		const second = await store.saveOwnWords(words(attempt.id, 1, 'And how was that for you?'));
		const first = await store.saveOwnWords(words(attempt.id, 0, 'That sounds exhausting.'));
		expect(first.duplicate).toBe(false);
		expect(first.words).toMatchObject({ step: 0, text: 'That sounds exhausting.' });
		expect(first.words.at).toEqual(expect.any(String));
		// Once the choices were shown the words cannot change: a second post keeps the first.
		const again = await store.saveOwnWords(words(attempt.id, 0, 'Something better, now I know'));
		expect(again).toEqual({ words: first.words, duplicate: true });
		// The same step at another beat (after a rewind took a different route) is its own moment.
		await store.saveOwnWords({ ...words(attempt.id, 1, '', 'beat-x'), skipped: true });
		await store.saveOwnWords(words(other.id, 0, 'Not yours'));

		const reopened = await reopenTestStore(store);
		const kept = await reopened.listOwnWords(attempt.id);
		expect(kept.map((w) => [w.step, w.beat, w.text, w.skipped])).toEqual([
			[0, 'beat-0', 'That sounds exhausting.', false],
			[1, 'beat-1', 'And how was that for you?', false],
			[1, 'beat-x', '', true]
		]);
		expect(kept[1]).toEqual(second.words);
		expect(await reopened.listOwnWords(other.id)).toHaveLength(1);
		expect(await reopened.listOwnWords('no-such-attempt')).toEqual([]);
	});

	it('refuses words for an attempt that does not exist', async () => {
		const store = await openTestStore();
		await expect(store.saveOwnWords(words('no-such-attempt', 0, 'Hello'))).rejects.toBeInstanceOf(
			StoreNotFoundError
		);
	});

	it('keeps the trainee’s switches on the attempt: say first, and sharing', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		await store.updateAttempt(attempt.id, { sayFirst: true, ownWordsShared: true });
		await store.updateAttempt(attempt.id, { ownWordsShared: false });
		const reopened = await reopenTestStore(store);
		expect(await reopened.getAttempt(attempt.id)).toMatchObject({
			sayFirst: true,
			ownWordsShared: false
		});
	});

	it('deletes them with the trainee', async () => {
		const store = await openTestStore();
		const { user, attempt } = await seedTrainee(store);
		await store.saveOwnWords(words(attempt.id, 0, 'That sounds exhausting.'));
		await store.deleteUser(user.id);
		expect(await store.listOwnWords(attempt.id)).toEqual([]);
	});

	it('erasure deletes them whole, reports how many, and leaves other trainees’ alone', async () => {
		const store = await openTestStore();
		const { user, attempt } = await seedTrainee(store, 'quillonby');
		const drill = await store.createAttempt({
			userId: user.id,
			scenarioId: 'withdrawal-shrug',
			scenarioHash: 'def',
			mode: 'practice',
			drill: true
		});
		const { attempt: other } = await seedTrainee(store, 'other');
		await store.saveOwnWords(words(attempt.id, 0, 'My name is Quillonby and I would say this.'));
		await store.saveOwnWords(words(attempt.id, 1, 'A private thought.'));
		await store.saveOwnWords(words(drill.id, 0, 'A drill answer.'));
		await store.saveOwnWords(words(other.id, 0, 'Somebody else’s words.'));

		const report = await store.eraseUser(user.id);
		expect(report.ownWordsRemoved).toBe(3);
		expect(report.remaining).toEqual([]);
		expect(await store.listOwnWords(attempt.id)).toEqual([]);
		expect(await store.listOwnWords(drill.id)).toEqual([]);
		// The attempts stay for statistics, under the pseudonym; the other trainee keeps theirs.
		expect(await store.getAttempt(attempt.id)).toBeDefined();
		expect((await store.listOwnWords(other.id)).map((w) => w.text)).toEqual([
			'Somebody else’s words.'
		]);
		const reopened = await reopenTestStore(store);
		expect(await reopened.listOwnWords(attempt.id)).toEqual([]);
		expect((await reopened.eraseUser(user.id)).ownWordsRemoved).toBe(0);
	});
});
