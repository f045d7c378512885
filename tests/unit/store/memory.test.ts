import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentRegistry, type DocumentKind } from '../../../src/lib/server/store/lowdb/documents';
import { openStore, seedTrainee, tempDataDir } from './helpers';

// The embedded store keeps each trainee's files in memory once opened; with thousands of trainees
// that would grow without end, so past a limit the least recently used files' data is released
// and read again from disk when next used (issue 15, item 7).

const choice = () => ({
	id: randomUUID(),
	type: 'choice' as const,
	choiceId: 'opening.a',
	at: new Date().toISOString()
});

describe('embedded store: memory bounded by files in memory', () => {
	it('holds at most the limit however many trainees are opened, and loses nothing', async () => {
		const store = await openStore(await tempDataDir(), { filesInMemory: 5 });
		const trainees = [];
		for (let i = 0; i < 40; i++) {
			const { user, attempt } = await seedTrainee(store, `trainee-${i}`);
			await store.recordEvent(attempt.id, choice());
			await store.recordEvent(attempt.id, choice());
			trainees.push({ user, attempt });
			expect(store.filesInMemory).toBeLessThanOrEqual(5);
		}
		// Everything released comes back from disk as it was written.
		for (const { user, attempt } of trainees) {
			expect(await store.listAttemptsByUser(user.id)).toEqual([
				expect.objectContaining({ id: attempt.id, userId: user.id })
			]);
			expect((await store.listEvents(attempt.id)).map((e) => e.seq)).toEqual([1, 2]);
			expect(store.filesInMemory).toBeLessThanOrEqual(5);
		}
		expect(await store.listAttempts()).toHaveLength(40);
		expect(store.filesInMemory).toBeLessThanOrEqual(5);
	});

	it('records concurrent choices of many trainees exactly once while files come and go', async () => {
		const store = await openStore(await tempDataDir(), { filesInMemory: 3 });
		const attempts = [];
		for (let i = 0; i < 30; i++) attempts.push((await seedTrainee(store, `t-${i}`)).attempt);
		const posts = attempts.flatMap((a) =>
			Array.from({ length: 5 }, () => store.recordEvent(a.id, choice()))
		);
		const recorded = await Promise.all(posts);
		expect(recorded.filter((r) => r.duplicate)).toEqual([]);
		for (const a of attempts) {
			expect((await store.listEvents(a.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
		}
		// A completed attempt stays completed after its file was released and read again.
		await store.updateAttempt(attempts[0].id, { status: 'completed' });
		for (const a of attempts.slice(1)) await store.listEvents(a.id);
		await expect(store.recordEvent(attempts[0].id, choice())).rejects.toThrow(/completed/);
		expect(store.filesInMemory).toBeLessThanOrEqual(3);
	});
});

describe('DocumentRegistry: releasing the least recently used', () => {
	const kind: DocumentKind<{ n: number }> = {
		check: (data) => data as { n: number },
		empty: () => ({ n: 0 })
	};

	it('keeps one document per file, and one held across a release still reads and writes', async () => {
		const dir = await tempDataDir();
		const registry = new DocumentRegistry({ filesInMemory: 1 });
		const a = await registry.get(path.join(dir, 'a.json'), kind);
		await a.mutate((d) => (d.n = 1));
		const b = await registry.get(path.join(dir, 'b.json'), kind);
		await b.mutate((d) => (d.n = 2));
		expect(a.inMemory).toBe(false);
		expect(registry.inMemory).toBe(1);

		// The holder of `a` reads the file again, and its change reaches the disk.
		expect(a.data.n).toBe(1);
		await a.mutate((d) => (d.n = 3));
		expect(await registry.get(path.join(dir, 'a.json'), kind)).toBe(a);
		expect(b.inMemory).toBe(false);
		expect(registry.inMemory).toBe(1);

		const fresh = new DocumentRegistry();
		expect((await fresh.get(path.join(dir, 'a.json'), kind)).data.n).toBe(3);
		expect((await fresh.get(path.join(dir, 'b.json'), kind)).data.n).toBe(2);
	});

	it('does not release a file with a write pending', async () => {
		const dir = await tempDataDir();
		const registry = new DocumentRegistry({ filesInMemory: 1 });
		const a = await registry.get(path.join(dir, 'a.json'), kind);
		const writing = a.mutate((d) => (d.n = 7));
		await registry.get(path.join(dir, 'b.json'), kind);
		expect(a.inMemory).toBe(true);
		await writing;
		await registry.get(path.join(dir, 'c.json'), kind);
		expect(a.inMemory).toBe(false);
		expect(a.data.n).toBe(7);
	});
});
