import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../../../src/lib/server/store/errors';
import type { Store } from '../../../src/lib/server/store/types';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore } from './helpers';

// Autosaves, restores, unpublishing and erasure of drafts, the same on every store
// (vite.config.ts runs this file on both).
const backend = storeBackend();

async function seedAuthors(store: Store) {
	const make = (username: string, displayName: string) =>
		store.createUser({ username, displayName, role: 'instructor', passwordHash: 'x' });
	return {
		ada: await make('ada', 'Ada Author'),
		bo: await make('bo', 'Bo Baker'),
		cy: await make('cy', 'Cy Cole')
	};
}

describe(`${backend} store: draft history`, () => {
	it('lets autosaves of one page visit replace each other, and nothing else', async () => {
		const store = await openTestStore();
		const { ada, bo } = await seedAuthors(store);
		const draft = await store.createDraft({ ownerId: ada.id, title: 'T', source: 'one' });
		const auto = (source: string, basedOn: number, sitting = 'visit-a', authorId = ada.id) =>
			store.saveDraft(draft.id, {
				source,
				authorId,
				title: 'T',
				basedOn,
				kind: 'autosave',
				sitting
			});
		const first = await auto('one two', 1);
		expect(first.revision).toMatchObject({ number: 2, kind: 'autosave', sitting: 'visit-a' });
		// The next autosave of the same visit takes its place, under the next number.
		const second = await auto('one two three', 2);
		expect(second.revision).toMatchObject({ number: 3, source: 'one two three' });
		expect(second.revision.conflict).toBeUndefined();
		let stored = (await store.getDraft(draft.id))!;
		expect(stored.revisions.map((r) => r.number)).toEqual([1, 3]);
		expect(stored.current).toBe(3);

		// A copy still based on the replaced revision is stale: kept as a conflict, not current.
		const stale = await auto('from the other tab', 2, 'visit-b');
		expect(stale.revision.conflict).toEqual({ basedOn: 2, current: 3 });
		// After that, the first visit's autosave adds a revision again (the run was broken).
		const after = await auto('one two three four', 3);
		expect(after.revision.number).toBe(5);
		stored = (await store.getDraft(draft.id))!;
		expect(stored.revisions.map((r) => r.number)).toEqual([1, 3, 4, 5]);

		// Another author's autosave, or a published autosave, is never replaced.
		await store.publishDraft(draft.id, { revision: 5, hash: 'h5', publishedBy: ada.id });
		expect((await auto('six', 5)).revision.number).toBe(6);
		expect((await auto('seven', 6, 'visit-a', bo.id)).revision.number).toBe(7);
		expect((await auto('eight', 7)).revision.number).toBe(8);
		const again = await reopenTestStore(store);
		stored = (await again.getDraft(draft.id))!;
		expect(stored.revisions.map((r) => r.source)).toEqual([
			'one',
			'one two three',
			'from the other tab',
			'one two three four',
			'six',
			'seven',
			'eight'
		]);
	});

	it('makes an autosave an ordinary revision when Save draft saves the same text', async () => {
		const store = await openTestStore();
		const { ada, bo } = await seedAuthors(store);
		const draft = await store.createDraft({ ownerId: ada.id, title: 'T', source: 'one' });
		const save = (source: string, basedOn: number, authorId = ada.id) =>
			store.saveDraft(draft.id, { source, authorId, title: 'T2', basedOn });
		await store.saveDraft(draft.id, {
			source: 'two',
			authorId: ada.id,
			title: 'T',
			basedOn: 1,
			kind: 'autosave',
			sitting: 'visit-a'
		});
		// Another author's save of the same text, or a different text, adds a revision.
		expect((await save('two', 2, bo.id)).revision.number).toBe(3);
		await store.saveDraft(draft.id, {
			source: 'four',
			authorId: ada.id,
			title: 'T',
			basedOn: 3,
			kind: 'autosave',
			sitting: 'visit-a'
		});
		const confirmed = await save('four', 4);
		expect(confirmed.revision).toEqual({
			number: 4,
			source: 'four',
			authorId: ada.id,
			savedAt: expect.any(String)
		});
		const stored = (await store.getDraft(draft.id))!;
		expect(stored.revisions.map((r) => [r.number, r.kind])).toEqual([
			[1, undefined],
			[2, 'autosave'],
			[3, undefined],
			[4, undefined]
		]);
		expect(stored.title).toBe('T2');
	});

	it('keeps a restore as a new revision that names its source', async () => {
		const store = await openTestStore();
		const { ada } = await seedAuthors(store);
		const draft = await store.createDraft({
			ownerId: ada.id,
			title: 'T',
			source: 'one',
			kind: 'import'
		});
		expect(draft.revisions[0].kind).toBe('import');
		await store.saveDraft(draft.id, { source: 'two', authorId: ada.id, title: 'T', basedOn: 1 });
		const restored = await store.saveDraft(draft.id, {
			source: 'one',
			authorId: ada.id,
			title: 'T',
			basedOn: 2,
			kind: 'restore',
			restoredFrom: 1
		});
		expect(restored.revision).toMatchObject({ number: 3, kind: 'restore', restoredFrom: 1 });
		expect(restored.draft.current).toBe(3);
		expect(restored.draft.revisions.map((r) => r.source)).toEqual(['one', 'two', 'one']);
	});

	it('unpublishes and publishes again', async () => {
		const store = await openTestStore();
		const { ada } = await seedAuthors(store);
		const draft = await store.createDraft({ ownerId: ada.id, title: 'T', source: 'v1' });
		const never = store.unpublishDraft(draft.id, ada.id);
		await expect(never).rejects.toBeInstanceOf(StoreConflictError);
		await expect(never).rejects.toMatchObject({ code: 'not-published' });

		await store.publishDraft(draft.id, { revision: 1, hash: 'h1', publishedBy: ada.id });
		const off = await store.unpublishDraft(draft.id, ada.id);
		expect(off.unpublished).toEqual({ at: expect.any(String), by: ada.id });
		expect(await store.listPublishedScenarios()).toMatchObject([
			{ draftId: draft.id, unpublished: true, source: 'v1' }
		]);
		await expect(store.unpublishDraft(draft.id, ada.id)).rejects.toMatchObject({
			code: 'not-published'
		});

		const on = await store.publishDraft(draft.id, {
			revision: 1,
			hash: 'h1',
			publishedBy: ada.id
		});
		expect(on.unpublished).toBeUndefined();
		const again = await reopenTestStore(store);
		expect(await again.listPublishedScenarios()).toMatchObject([{ unpublished: false }]);
	});

	it('erases an author: deletes unshared drafts, hands shared ones over, keeps what was published', async () => {
		const store = await openTestStore();
		const { ada, bo, cy } = await seedAuthors(store);
		const solo = await store.createDraft({
			ownerId: ada.id,
			title: 'Solo',
			source: 'Ada Author wrote this'
		});
		const shared = await store.createDraft({
			ownerId: ada.id,
			coAuthorIds: [bo.id, cy.id],
			title: 'Shared',
			source: 's1'
		});
		const played = await store.createDraft({ ownerId: ada.id, title: 'Played', source: 'p1' });
		await store.publishDraft(played.id, { revision: 1, hash: 'hp1', publishedBy: ada.id });
		await store.saveDraft(played.id, { source: 'p2', authorId: ada.id, title: 'P', basedOn: 1 });
		await store.saveDraft(played.id, { source: 'p3', authorId: ada.id, title: 'P', basedOn: 2 });
		await store.publishDraft(played.id, { revision: 3, hash: 'hp3', publishedBy: ada.id });
		await store.saveDraft(played.id, { source: 'p4', authorId: ada.id, title: 'P', basedOn: 3 });
		const theirs = await store.createDraft({
			ownerId: cy.id,
			coAuthorIds: [ada.id, bo.id],
			title: 'Theirs',
			source: 't1'
		});

		const report = await store.eraseUser(ada.id);
		expect(report.drafts).toEqual({ deleted: 1, handedOver: 1, kept: 1 });

		const again = await reopenTestStore(store);
		expect(await again.getDraft(solo.id)).toBeUndefined();
		const handed = (await again.getDraft(shared.id))!;
		expect(handed).toMatchObject({ ownerId: bo.id, coAuthorIds: [cy.id] });
		expect(handed.revisions.map((r) => r.source)).toEqual(['s1']);
		const kept = (await again.getDraft(played.id))!;
		expect(kept.ownerId).toBe(ada.id);
		expect(kept.revisions.map((r) => r.source)).toEqual(['p1', 'p3']);
		expect(kept.current).toBe(3);
		expect(await again.listPublishedScenarios()).toMatchObject([
			{ draftId: played.id, source: 'p3', publication: { hash: 'hp3' } }
		]);
		expect((await again.getDraft(theirs.id))?.coAuthorIds).toEqual([bo.id]);
		expect((await again.listDrafts({ userId: ada.id })).map((d) => d.id)).toEqual([played.id]);
		// The deleted draft's text named the author; nothing in the store does now.
		expect(report.remaining).toEqual([]);
	});
});
