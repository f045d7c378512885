import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// An attempt's scenario version must outlive the file it came from and the process that read it.

const data = mkdtempSync(join(tmpdir(), 'rapport-versions-'));
const folder = mkdtempSync(join(tmpdir(), 'rapport-scenarios-'));
process.env.DATA_DIR = data;
process.env.SCENARIOS_DIR = folder;
afterAll(() => {
	rmSync(data, { recursive: true, force: true });
	rmSync(folder, { recursive: true, force: true });
});

// Retitled, so its hash differs from the built-in library's copy of the same scenario.
const original = readFileSync('src/lib/scenarios/library/coat-still-on.md', 'utf8').replace(
	'title: Coat still on',
	'title: Coat still on, version A'
);
const file = join(folder, 'dropped-in.md');

async function freshLibrary() {
	// A new module instance stands for a restarted server: nothing compiled is remembered.
	vi.resetModules();
	return import('../../src/lib/server/scenario-library');
}

describe('scenario versions', () => {
	it('replays a version from the archive after the file changed and the process restarted', async () => {
		writeFileSync(file, original);
		let library = await freshLibrary();
		await library.currentEntries();
		const first = library.findScenario('dropped-in');
		expect(first).toBeDefined();
		const oldHash = first!.scenario.hash;
		await library.archiveVersion(oldHash);

		writeFileSync(file, original.replace('version A', 'version B'));
		library = await freshLibrary();
		await library.currentEntries();
		const current = library.findScenario('dropped-in')!;
		expect(current.scenario.hash).not.toBe(oldHash);
		expect(library.findVersion(oldHash)).toBeUndefined();

		const restored = await library.loadVersion(oldHash);
		expect(restored?.scenario.hash).toBe(oldHash);
		expect(restored?.scenario.id).toBe('dropped-in');
		expect(restored?.scenario.title).toBe('Coat still on, version A');
		expect(restored?.analysis).toEqual(first!.analysis);
	});

	it('answers undefined for a hash it never saw, and refuses to archive one', async () => {
		const library = await freshLibrary();
		expect(await library.loadVersion('0'.repeat(64))).toBeUndefined();
		expect(await library.loadVersion('../../etc/passwd')).toBeUndefined();
		await expect(library.archiveVersion('f'.repeat(64))).rejects.toThrow();
	});
});

describe('the version archive', () => {
	it('takes many saves of one version at once without a failed write', async () => {
		const { FileScenarioVersionArchive } =
			await import('../../src/lib/server/store/scenario-versions');
		const dir = mkdtempSync(join(tmpdir(), 'rapport-archive-'));
		try {
			const archive = new FileScenarioVersionArchive(dir);
			const version = {
				hash: 'a'.repeat(64),
				scenarioId: 'x',
				file: 'x.md',
				source: 'text',
				savedAt: new Date(0).toISOString()
			};
			await Promise.all(Array.from({ length: 20 }, () => archive.save(version)));
			// A second archive (a restarted process) finds it on disk.
			expect(await new FileScenarioVersionArchive(dir).get(version.hash)).toEqual(version);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
