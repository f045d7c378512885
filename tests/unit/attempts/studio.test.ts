import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../../src/lib/server/attempts';
import {
	findScenario,
	loadVersion,
	refreshPublished,
	resetScenarioLibrary
} from '../../../src/lib/server/scenario-library';
import { getStore } from '../../../src/lib/server/store';
import {
	checkSource,
	createDraft,
	draftFor,
	duplicateScenario,
	publishDraft,
	saveDraft,
	setCoAuthors,
	StudioError,
	TEMPLATE
} from '../../../src/lib/server/studio';
import { storeBackend } from '../store/backend';
import { makeUser } from './setup';

// The studio service on the store of this test project (both, see STORE_TESTS).
describe(`studio (${storeBackend()} store)`, () => {
	it('starts from a template that compiles and passes every content lint', () => {
		const check = checkSource(TEMPLATE, 'template.md');
		expect(check.diagnostics).toEqual([]);
		expect(check.title).toBe('Untitled scenario');
	});

	it('keeps a text with errors as a revision and reports its problems', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const draft = await createDraft(store, ada, TEMPLATE);
		const broken = TEMPLATE.replace(
			'-> quiet\n  scores: safe-space +0',
			'-> nowhere\n  scores: safe-space +0'
		);
		const saved = await saveDraft(store, ada, draft.id, broken, 1);
		expect(saved.conflict).toBe(false);
		expect(saved.draft.current).toBe(2);
		const check = checkSource(broken, 'x.md');
		expect(check.errors).toBeGreaterThan(0);
		expect(check.diagnostics.map((d) => d.code)).toContain('RAP005');
		// Not publishable until fixed.
		await expect(publishDraft(store, ada, draft.id, 2)).rejects.toMatchObject({ status: 409 });
	});

	it('refuses a text over 1 MB and stores nothing', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const draft = await createDraft(store, ada, TEMPLATE);
		const huge = TEMPLATE + 'x'.repeat(1_000_001);
		await expect(saveDraft(store, ada, draft.id, huge, 1)).rejects.toMatchObject({ status: 413 });
		await expect(createDraft(store, ada, huge)).rejects.toBeInstanceOf(StudioError);
		expect((await store.getDraft(draft.id))?.revisions).toHaveLength(1);
		expect(await store.listDrafts()).toHaveLength(1);
	});

	it('keeps a stale save aside as a conflict, and the current text stays', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const draft = await createDraft(store, ada, TEMPLATE);
		await saveDraft(store, ada, draft.id, TEMPLATE + '\n<!-- tab A -->\n', 1);
		const stale = await saveDraft(store, ada, draft.id, TEMPLATE + '\n<!-- tab B -->\n', 1);
		expect(stale.conflict).toBe(true);
		const stored = (await store.getDraft(draft.id))!;
		expect(stored.current).toBe(2);
		expect(stored.revisions.map((r) => r.source.slice(TEMPLATE.length))).toEqual([
			'',
			'\n<!-- tab A -->\n',
			'\n<!-- tab B -->\n'
		]);
	});

	it('hides drafts from instructors who neither own nor co-author them', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const bo = await makeUser('bo', 'instructor');
		const admin = await makeUser('root', 'admin');
		const draft = await createDraft(store, ada, TEMPLATE);
		await expect(draftFor(store, bo, draft.id)).rejects.toMatchObject({ status: 404 });
		await expect(saveDraft(store, bo, draft.id, TEMPLATE, 1)).rejects.toMatchObject({
			status: 404
		});
		expect((await draftFor(store, admin, draft.id)).id).toBe(draft.id);
	});

	it('lets the owner share a draft with instructors, who may then edit it', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const bo = await makeUser('bo', 'instructor');
		await makeUser('tia');
		const draft = await createDraft(store, ada, TEMPLATE);
		await expect(setCoAuthors(store, ada, draft.id, 'bo, tia')).rejects.toThrow(/tia/);
		await expect(setCoAuthors(store, ada, draft.id, 'nobody')).rejects.toMatchObject({
			status: 400
		});
		expect((await store.getDraft(draft.id))?.coAuthorIds).toEqual([]);
		await setCoAuthors(store, ada, draft.id, 'BO');
		const saved = await saveDraft(store, bo, draft.id, TEMPLATE + '\n', 1);
		expect(saved.revision.authorId).toBe(bo.id);
		// A co-author edits, but does not choose who else may.
		await expect(setCoAuthors(store, bo, draft.id, '')).rejects.toMatchObject({ status: 403 });
	});

	it('publishes an immutable version that attempts pin, and that survives a restart', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const trainee = await makeUser('tia');
		const source = TEMPLATE.replace('Untitled scenario', 'Late arrival');
		const draft = await createDraft(store, ada, source);
		await publishDraft(store, ada, draft.id, 1);

		const found = findScenario(draft.scenarioId);
		expect(found?.scenario.title).toBe('Late arrival');
		const attempt = await startAttempt(store, trainee, draft.scenarioId, 'practice');
		expect(attempt.scenarioHash).toBe(found?.scenario.hash);

		// Editing the draft changes nothing in the catalogue until it is published again.
		const edited = source.replace('Late arrival', 'Late arrival, edited');
		await saveDraft(store, ada, draft.id, edited, 1);
		await refreshPublished(store, true);
		expect(findScenario(draft.scenarioId)?.scenario.title).toBe('Late arrival');

		// A restart: nothing in memory, everything read back from the store.
		resetScenarioLibrary();
		expect(findScenario(draft.scenarioId)).toBeUndefined();
		await refreshPublished(store, true);
		expect(findScenario(draft.scenarioId)?.scenario.hash).toBe(attempt.scenarioHash);
		expect((await loadVersion(attempt.scenarioHash))?.scenario.id).toBe(draft.scenarioId);

		await publishDraft(store, ada, draft.id, 2);
		expect(findScenario(draft.scenarioId)?.scenario.title).toBe('Late arrival, edited');
		// The old attempt still replays on the version it was played on.
		expect((await loadVersion(attempt.scenarioHash))?.scenario.title).toBe('Late arrival');
	});

	it('refuses to publish a library text unchanged, and a revision that is no longer current', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const copy = await duplicateScenario(store, ada, 'coat-still-on');
		await expect(publishDraft(store, ada, copy.id, 1)).rejects.toThrow(/identical/);
		await saveDraft(store, ada, copy.id, TEMPLATE, 1);
		await expect(publishDraft(store, ada, copy.id, 1)).rejects.toThrow(/changed/);
		await expect(duplicateScenario(store, ada, 'no-such-scenario')).rejects.toMatchObject({
			status: 404
		});
	});
});
