import { strFromU8, strToU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { startAttempt } from '../../../src/lib/server/attempts';
import { readAssignmentForm, scenarioTitle } from '../../../src/lib/server/programmes/assignments';
import { scenarioPassMark } from '../../../src/lib/server/pass-mark';
import {
	findScenario,
	knownScenario,
	loadVersion,
	playableScenarios,
	refreshPublished,
	resetScenarioLibrary
} from '../../../src/lib/server/scenario-library';
import { getStore } from '../../../src/lib/server/store';
import {
	createDraft,
	publishDraft,
	saveDraft,
	setCoAuthors,
	TEMPLATE
} from '../../../src/lib/server/studio';
import {
	authorArchive,
	autosaveDraft,
	importDraft,
	restoreRevision,
	revisionDownload,
	unpublishScenario
} from '../../../src/lib/server/studio-history';
import { storeBackend } from '../store/backend';
import { makeUser } from './setup';

// The studio's history, files and unpublishing on the store of this test project (both).
describe(`studio history (${storeBackend()} store)`, () => {
	it('autosaves through the stale-copy check: a stale autosave is kept aside, never current', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const draft = await createDraft(store, ada, TEMPLATE);
		// Unchanged text adds nothing.
		const same = await autosaveDraft(store, ada, draft.id, TEMPLATE, 1, 'tab-one-1234');
		expect(same.unchanged).toBe(true);
		const a = await autosaveDraft(store, ada, draft.id, TEMPLATE + '\nA', 1, 'tab-one-1234');
		expect(a).toMatchObject({ conflict: false, revision: { number: 2, kind: 'autosave' } });
		const b = await autosaveDraft(store, ada, draft.id, TEMPLATE + '\nB', 1, 'tab-two-5678');
		expect(b.conflict).toBe(true);
		expect(b.revision.conflict).toEqual({ basedOn: 1, current: 2 });
		const stored = (await store.getDraft(draft.id))!;
		expect(stored.current).toBe(2);
		expect(stored.revisions.map((r) => r.source.slice(-2))).toEqual(['.\n', '\nA', '\nB']);
		await expect(autosaveDraft(store, ada, draft.id, 'x', 2, 'bad id!')).rejects.toMatchObject({
			status: 400
		});
	});

	it('restores any revision as a new one, refusing a stale or empty restore', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const draft = await createDraft(store, ada, TEMPLATE);
		await saveDraft(store, ada, draft.id, TEMPLATE + '\nsecond', 1);
		await expect(restoreRevision(store, ada, draft.id, 1, 1)).rejects.toMatchObject({
			status: 409,
			message: expect.stringMatching(/changed \(revision 2\)/)
		});
		await expect(restoreRevision(store, ada, draft.id, 2, 2)).rejects.toMatchObject({
			status: 409,
			message: expect.stringMatching(/nothing to restore/)
		});
		await expect(restoreRevision(store, ada, draft.id, 9, 2)).rejects.toMatchObject({
			status: 404
		});
		const restored = await restoreRevision(store, ada, draft.id, 1, 2);
		expect(restored.revision).toMatchObject({ number: 3, kind: 'restore', restoredFrom: 1 });
		const stored = (await store.getDraft(draft.id))!;
		expect(stored.revisions.map((r) => r.source)).toEqual([
			TEMPLATE,
			TEMPLATE + '\nsecond',
			TEMPLATE
		]);
	});

	it('imports a file with errors as a draft, and exports revisions and archives to their authors only', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor', 'Ada');
		const bo = await makeUser('bo', 'instructor');
		const cy = await makeUser('cy', 'instructor');
		const broken = TEMPLATE.replace('title: Untitled scenario', 'title: Imported one').replace(
			'-> quiet\n  scores: safe-space +0',
			'-> nowhere\n  scores: safe-space +0'
		);
		const imported = await importDraft(store, ada, 'one.md', strToU8(broken));
		expect(imported.title).toBe('Imported one');
		expect(imported.revisions[0]).toMatchObject({ kind: 'import', source: broken });

		const published = await createDraft(
			store,
			bo,
			TEMPLATE.replace('Untitled scenario', 'Shared one')
		);
		await setCoAuthors(store, bo, published.id, 'ada');
		await publishDraft(store, bo, published.id, 1);
		await saveDraft(
			store,
			bo,
			published.id,
			TEMPLATE.replace('Untitled scenario', 'Shared two'),
			1
		);
		await createDraft(store, cy, TEMPLATE.replace('Untitled scenario', 'Not hers'));

		const file = await revisionDownload(store, ada, imported.id, 1);
		expect(file.name).toBe('imported-one-r1.md');
		expect(strFromU8(file.body)).toBe(broken);
		await expect(revisionDownload(store, cy, imported.id, 1)).rejects.toMatchObject({
			status: 404
		});

		const archive = await authorArchive(store, ada, new Date('2026-12-07T12:00:00Z'));
		expect(archive.name).toBe('rapport-scenarios-2026-12-07.zip');
		const files = unzipSync(archive.body);
		const names = Object.keys(files).sort();
		const own = `imported-one-${imported.id.toLowerCase()}`;
		const shared = `shared-two-${published.id.toLowerCase()}`;
		expect(names).toEqual([
			'README.txt',
			`${own}/current-r1.md`,
			`${shared}/current-r2.md`,
			`${shared}/published-r1.md`
		]);
		expect(strFromU8(files[`${own}/current-r1.md`])).toBe(broken);
		expect(strFromU8(files[`${shared}/published-r1.md`])).toContain('title: Shared one');
		expect(strFromU8(files['README.txt'])).toContain('Shared two (published)');
		expect(Object.keys(unzipSync((await authorArchive(store, cy)).body))).toHaveLength(2);
	});

	it('unpublishes: out of the catalogue for new attempts, attempts on it still known; publish restores', async () => {
		const store = await getStore();
		const ada = await makeUser('ada', 'instructor');
		const trainee = await makeUser('tia');
		const draft = await createDraft(store, ada, TEMPLATE.replace('Untitled scenario', 'Gone soon'));
		await expect(unpublishScenario(store, ada, draft.id)).rejects.toMatchObject({ status: 409 });
		await publishDraft(store, ada, draft.id, 1);
		const attempt = await startAttempt(store, trainee, draft.scenarioId, 'practice');

		await unpublishScenario(store, ada, draft.id);
		expect(findScenario(draft.scenarioId)).toBeUndefined();
		expect(playableScenarios().some((s) => s.scenario.id === draft.scenarioId)).toBe(false);
		await expect(startAttempt(store, trainee, draft.scenarioId, 'practice')).rejects.toMatchObject({
			status: 404
		});
		const form = new FormData();
		form.append('scenarioId', draft.scenarioId);
		form.append('mode', 'practice');
		expect(readAssignmentForm(form).errors.scenarioIds).toMatch(/not in the library/);
		// What was played on it still has its title, mark and version, after a restart too.
		resetScenarioLibrary();
		await refreshPublished(store, true);
		expect(findScenario(draft.scenarioId)).toBeUndefined();
		expect(knownScenario(draft.scenarioId)?.scenario.title).toBe('Gone soon');
		expect(scenarioTitle(draft.scenarioId)).toBe('Gone soon');
		expect(scenarioPassMark(draft.scenarioId)).toBe(70);
		expect((await loadVersion(attempt.scenarioHash))?.scenario.id).toBe(draft.scenarioId);

		// Publishing the same text again puts it back.
		await publishDraft(store, ada, draft.id, 1);
		expect(findScenario(draft.scenarioId)?.scenario.hash).toBe(attempt.scenarioHash);
		const other = await makeUser('bo', 'instructor');
		await expect(unpublishScenario(store, other, draft.id)).rejects.toMatchObject({ status: 404 });
	});
});
