import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateScenario } from '../../bench/generate';

// SCENARIOS_DIR is rescanned at most once a second for trainees' pages, but the author's files
// page must always show the file as it is on disk now. Files compile on a worker thread: pages
// serve the last compiled version meanwhile, and the event loop is never blocked by a compile.

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
		// The scan starts the compile; the file is offered once it has compiled.
		expect(folderIds(library.allEntries())).toEqual([]);
		await library.compilesDone();
		expect(folderIds(library.allEntries())).toEqual(['first']);
		writeFileSync(join(folder, 'second.md'), source);
		// Within the second: the earlier scan stands.
		vi.setSystemTime(new Date('2026-11-27T09:00:00.999Z'));
		library.allEntries();
		await library.compilesDone();
		expect(folderIds(library.allEntries())).toEqual(['first']);
		vi.setSystemTime(new Date('2026-11-27T09:00:01Z'));
		library.allEntries();
		await library.compilesDone();
		expect(folderIds(library.allEntries()).sort()).toEqual(['first', 'second']);
	});

	it('shows a file saved a moment ago when asked for a fresh scan', async () => {
		const library = await freshLibrary();
		writeFileSync(join(folder, 'first.md'), source);
		expect(folderIds(await library.currentEntries())).toEqual(['first']);
		writeFileSync(join(folder, 'second.md'), source);
		expect(folderIds(await library.currentEntries()).sort()).toEqual(['first', 'second']);
		rmSync(join(folder, 'first.md'));
		expect(folderIds(await library.currentEntries())).toEqual(['second']);
	});

	it('compiles a saved file off the event loop and serves the last good version meanwhile', async () => {
		const library = await freshLibrary();
		writeFileSync(join(folder, 'first.md'), source);
		await library.currentEntries();
		const good = library.findScenario('first')!.scenario.hash;

		// An 800-beat save (about 800 KB): a long compile that used to run on this thread.
		writeFileSync(join(folder, 'first.md'), generateScenario(800));
		vi.setSystemTime(new Date('2026-11-27T09:00:05Z'));
		const ticks: number[] = [];
		const servedMeanwhile = new Set<string>();
		const timer = setInterval(() => {
			ticks.push(performance.now());
			servedMeanwhile.add(library.findScenario('first')!.scenario.hash);
		}, 5);
		const started = performance.now();
		// The request that notices the save is answered at once, with the version it had.
		expect(library.findScenario('first')!.scenario.hash).toBe(good);
		const answered = performance.now() - started;
		await library.compilesDone();
		const compiled = performance.now() - started;
		clearInterval(timer);

		expect(library.findScenario('first')!.scenario.hash).not.toBe(good);
		expect(library.findScenario('first')!.scenario.beats.length).toBeGreaterThan(800);
		expect(servedMeanwhile).toEqual(new Set([good]));
		expect(answered).toBeLessThan(50);
		// The event loop kept turning while the compile ran: no gap between ticks came near the
		// length of the compile.
		const gaps = ticks.slice(1).map((t, i) => t - ticks[i]);
		expect(ticks.length).toBeGreaterThan(5);
		expect(Math.max(...gaps)).toBeLessThan(Math.max(60, compiled / 3));
	});
});
