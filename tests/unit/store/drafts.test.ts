import { describe, expect, it } from 'vitest';
import { StoreConflictError, StoreNotFoundError } from '../../../src/lib/server/store/errors';
import type { Store } from '../../../src/lib/server/store/types';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore } from './helpers';

// The studio's drafts, the same on every store (vite.config.ts runs this file on both).
const backend = storeBackend();

async function seedAuthors(store: Store) {
	const make = (username: string) =>
		store.createUser({ username, displayName: username, role: 'instructor', passwordHash: 'x' });
	return { ada: await make('ada'), bo: await make('bo'), cy: await make('cy') };
}

describe(`${backend} store: scenario drafts`, () => {
	it('creates a draft with its first revision, owned by its author', async () => {
		const store = await openTestStore();
		const { ada, bo } = await seedAuthors(store);
		const draft = await store.createDraft({
			ownerId: ada.id,
			coAuthorIds: [bo.id],
			title: 'First',
			source: 'one'
		});
		expect(draft).toMatchObject({
			ownerId: ada.id,
			coAuthorIds: [bo.id],
			title: 'First',
			current: 1,
			publications: []
		});
		expect(draft.revisions).toEqual([
			{ number: 1, source: 'one', authorId: ada.id, savedAt: draft.createdAt }
		]);
		expect(draft.scenarioId).toMatch(/^studio-[a-z0-9_-]+$/);
		expect(await store.getDraft(draft.id)).toEqual(draft);
		expect(await store.getDraft('nosuchdraft')).toBeUndefined();
	});

	it('lists only the drafts a user owns or co-authors', async () => {
		const store = await openTestStore();
		const { ada, bo, cy } = await seedAuthors(store);
		const mine = await store.createDraft({ ownerId: ada.id, title: 'Mine', source: 'a' });
		const shared = await store.createDraft({
			ownerId: bo.id,
			coAuthorIds: [ada.id],
			title: 'Shared',
			source: 'b'
		});
		await store.createDraft({ ownerId: cy.id, title: 'Theirs', source: 'c' });

		const ids = (list: { id: string }[]) => list.map((d) => d.id).sort();
		expect(ids(await store.listDrafts({ userId: ada.id }))).toEqual(ids([mine, shared]));
		expect(ids(await store.listDrafts({ userId: bo.id }))).toEqual([shared.id]);
		expect(await store.listDrafts()).toHaveLength(3);
		const [summary] = await store.listDrafts({ userId: cy.id });
		expect(summary).toMatchObject({ title: 'Theirs', revisionCount: 1, current: 1 });
		expect(summary).not.toHaveProperty('revisions');
	});

	it('sets co-authors, each once and never the owner, and lists the draft for them', async () => {
		const store = await openTestStore();
		const { ada, bo, cy } = await seedAuthors(store);
		const draft = await store.createDraft({ ownerId: ada.id, title: 'T', source: 'a' });
		expect(await store.listDrafts({ userId: bo.id })).toEqual([]);
		const shared = await store.setDraftCoAuthors(draft.id, [bo.id, ada.id, bo.id, cy.id]);
		expect(shared.coAuthorIds).toEqual([bo.id, cy.id]);
		expect((await store.listDrafts({ userId: bo.id })).map((d) => d.id)).toEqual([draft.id]);
		await store.setDraftCoAuthors(draft.id, [cy.id]);
		expect(await store.listDrafts({ userId: bo.id })).toEqual([]);
		expect((await store.getDraft(draft.id))?.coAuthorIds).toEqual([cy.id]);
		await expect(store.setDraftCoAuthors('nosuchdraft', [])).rejects.toBeInstanceOf(
			StoreNotFoundError
		);
	});

	it('keeps every revision; a save on the current revision becomes current', async () => {
		const store = await openTestStore();
		const { ada, bo } = await seedAuthors(store);
		const draft = await store.createDraft({ ownerId: ada.id, title: 'T1', source: 'one' });
		const saved = await store.saveDraft(draft.id, {
			source: 'two',
			authorId: bo.id,
			title: 'T2',
			basedOn: 1
		});
		expect(saved.revision).toMatchObject({ number: 2, source: 'two', authorId: bo.id });
		expect(saved.revision.conflict).toBeUndefined();
		expect(saved.draft.current).toBe(2);
		expect(saved.draft.title).toBe('T2');

		const again = await reopenTestStore(store);
		const stored = await again.getDraft(draft.id);
		expect(stored?.revisions.map((r) => r.source)).toEqual(['one', 'two']);
		expect(stored?.current).toBe(2);
	});

	it('keeps a stale save as a conflict without changing the current revision', async () => {
		const store = await openTestStore();
		const { ada, bo } = await seedAuthors(store);
		const draft = await store.createDraft({ ownerId: ada.id, title: 'T', source: 'base' });
		// Two tabs (or two authors) both editing revision 1, saving at once.
		const [a, b] = await Promise.all([
			store.saveDraft(draft.id, { source: 'from A', authorId: ada.id, title: 'A', basedOn: 1 }),
			store.saveDraft(draft.id, { source: 'from B', authorId: bo.id, title: 'B', basedOn: 1 })
		]);
		const [winner, loser] = a.revision.conflict ? [b, a] : [a, b];
		expect(winner.revision.conflict).toBeUndefined();
		expect(loser.revision.conflict).toEqual({ basedOn: 1, current: winner.revision.number });

		const stored = (await store.getDraft(draft.id))!;
		expect(stored.revisions).toHaveLength(3);
		expect(stored.current).toBe(winner.revision.number);
		expect(stored.title).toBe(winner.revision.source === 'from A' ? 'A' : 'B');
		expect(stored.revisions.map((r) => r.source).sort()).toEqual(['base', 'from A', 'from B']);
	});

	it('refuses saves and publications on a missing draft', async () => {
		const store = await openTestStore();
		const { ada } = await seedAuthors(store);
		await expect(
			store.saveDraft('nosuchdraft', { source: 'x', authorId: ada.id, title: 'x', basedOn: 1 })
		).rejects.toBeInstanceOf(StoreNotFoundError);
		await expect(
			store.publishDraft('nosuchdraft', { revision: 1, hash: 'h', publishedBy: ada.id })
		).rejects.toBeInstanceOf(StoreNotFoundError);
	});

	it('publishes the current revision only, and lists each draft at its latest publication', async () => {
		const store = await openTestStore();
		const { ada } = await seedAuthors(store);
		const draft = await store.createDraft({ ownerId: ada.id, title: 'T', source: 'v1' });
		await store.createDraft({ ownerId: ada.id, title: 'Unpublished', source: 'never' });
		expect(await store.listPublishedScenarios()).toEqual([]);

		const published = await store.publishDraft(draft.id, {
			revision: 1,
			hash: 'hash-1',
			publishedBy: ada.id
		});
		expect(published.publications).toEqual([
			{ revision: 1, hash: 'hash-1', publishedBy: ada.id, publishedAt: expect.any(String) }
		]);

		// Editing after publishing leaves the published version as it was.
		await store.saveDraft(draft.id, { source: 'v2', authorId: ada.id, title: 'T', basedOn: 1 });
		let [listed] = await store.listPublishedScenarios();
		expect(listed).toMatchObject({ draftId: draft.id, scenarioId: draft.scenarioId, source: 'v1' });

		const stale = store.publishDraft(draft.id, { revision: 1, hash: 'x', publishedBy: ada.id });
		await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
		await expect(stale).rejects.toMatchObject({ code: 'draft-changed' });

		await store.publishDraft(draft.id, { revision: 2, hash: 'hash-2', publishedBy: ada.id });
		const again = await reopenTestStore(store);
		[listed] = await again.listPublishedScenarios();
		expect(listed.source).toBe('v2');
		expect(listed.publication).toMatchObject({ revision: 2, hash: 'hash-2' });
		expect((await again.getDraft(draft.id))?.publications).toHaveLength(2);
	});
});
