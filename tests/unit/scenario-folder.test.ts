import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// SCENARIOS_DIR is rescanned at most once a second for trainees' pages, but the author's files
// page must always show the file as it is on disk now.

const folder = mkdtempSync(join(tmpdir(), 'rapport-folder-'));
process.env.SCENARIOS_DIR = folder;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const source = readFileSync('src/lib/scenarios/library/coat-still-on.md', 'utf8');

async function freshLibrary() {
	vi.resetModules();
	return import('../../src/lib/server/scenario-library');
}

function folderIds(entries: { id: string; origin: string }[]) {
	return entries.filter((e) => e.origin === 'folder').map((e) => e.id);
}

describe('the SCENARIOS_DIR scan', () => {
	beforeEach(() => {
		for (const name of ['first.md', 'second.md']) rmSync(join(folder, name), { force: true });
		// The clock stands still, so a slow machine cannot let the second pass between calls.
		vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-27T09:00:00Z') });
	});
	afterEach(() => vi.useRealTimers());

	it('waits up to a second before seeing a new file on the trainee side', async () => {
		const library = await freshLibrary();
		writeFileSync(join(folder, 'first.md'), source);
		expect(folderIds(library.allEntries())).toEqual(['first']);
		writeFileSync(join(folder, 'second.md'), source);
		// Within the second: the earlier scan stands.
		vi.setSystemTime(new Date('2026-11-27T09:00:00.999Z'));
		expect(folderIds(library.allEntries())).toEqual(['first']);
		vi.setSystemTime(new Date('2026-11-27T09:00:01Z'));
		expect(folderIds(library.allEntries()).sort()).toEqual(['first', 'second']);
	});

	it('shows a file saved a moment ago when asked for a fresh scan', async () => {
		const library = await freshLibrary();
		writeFileSync(join(folder, 'first.md'), source);
		expect(folderIds(library.allEntries())).toEqual(['first']);
		writeFileSync(join(folder, 'second.md'), source);
		expect(folderIds(library.allEntries({ fresh: true })).sort()).toEqual(['first', 'second']);
		rmSync(join(folder, 'first.md'));
		expect(folderIds(library.allEntries({ fresh: true }))).toEqual(['second']);
	});
});
