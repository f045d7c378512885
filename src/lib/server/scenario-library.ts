import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileScenario, formatDiagnostic } from '$lib/scenarios';
import type { Analysis, Diagnostic, Scenario } from '$lib/scenarios/types';
import { scenarioVersions } from './store';

/**
 * Where scenarios come from at run time: the built-in library (bundled into the build) and an
 * optional folder named by SCENARIOS_DIR that is rescanned on use, so an instructor can drop a
 * file into a running deployment. A file with errors is never offered to trainees; its
 * diagnostics are kept for the instructor screens and logged once per version.
 */

export interface LibraryEntry {
	id: string;
	origin: 'library' | 'folder';
	file: string;
	scenario?: Scenario;
	analysis?: Analysis;
	diagnostics: Diagnostic[];
}

const BUILT_IN = import.meta.glob('/src/lib/scenarios/library/*.md', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

/** Folder files are stat'ed at most this often; a changed size or mtime means recompile. */
const RESCAN_MS = 1000;

interface FolderFile {
	signature: string;
	entry: LibraryEntry;
}

let builtIn: Map<string, LibraryEntry> | undefined;
const folder = new Map<string, FolderFile>();
let lastScan = 0;
/** Every version compiled in this process, by hash, so old attempts still replay. */
const versions = new Map<string, { scenario: Scenario; analysis: Analysis; source: string }>();

function remember(entry: LibraryEntry, source: string) {
	if (entry.scenario && entry.analysis)
		versions.set(entry.scenario.hash, {
			scenario: entry.scenario,
			analysis: entry.analysis,
			source
		});
	if (entry.diagnostics.length > 0)
		for (const d of entry.diagnostics) console.warn(`[scenarios] ${formatDiagnostic(d)}`);
}

function compileEntry(source: string | Uint8Array, file: string, origin: LibraryEntry['origin']) {
	const result = compileScenario(source, file);
	const id = (file.split('/').pop() ?? file).replace(/\.md$/, '');
	const entry: LibraryEntry = { id, origin, file, ...result };
	remember(entry, typeof source === 'string' ? source : new TextDecoder().decode(source));
	return entry;
}

function loadBuiltIn(): Map<string, LibraryEntry> {
	if (!builtIn) {
		builtIn = new Map();
		for (const [path, source] of Object.entries(BUILT_IN).sort(([a], [b]) => a.localeCompare(b))) {
			const file = path.replace(/^\//, '');
			const entry = compileEntry(source, file, 'library');
			builtIn.set(entry.id, entry);
		}
	}
	return builtIn;
}

function scanFolder(fresh: boolean) {
	const dir = process.env.SCENARIOS_DIR;
	if (!dir) return;
	const now = Date.now();
	if (!fresh && now - lastScan < RESCAN_MS) return;
	lastScan = now;
	let names: string[];
	try {
		names = readdirSync(dir).filter((n) => n.endsWith('.md'));
	} catch (error) {
		console.warn(`[scenarios] cannot read SCENARIOS_DIR ${dir}: ${(error as Error).message}`);
		folder.clear();
		return;
	}
	const seen = new Set<string>();
	for (const name of names) {
		const path = join(resolve(dir), name);
		let signature: string;
		try {
			const stat = statSync(path);
			if (!stat.isFile()) continue;
			signature = `${stat.size}:${stat.mtimeMs}`;
		} catch {
			continue;
		}
		seen.add(name);
		if (folder.get(name)?.signature === signature) continue;
		let entry: LibraryEntry;
		try {
			entry = compileEntry(new Uint8Array(readFileSync(path)), name, 'folder');
		} catch (error) {
			console.warn(`[scenarios] cannot read ${path}: ${(error as Error).message}`);
			continue;
		}
		if (loadBuiltIn().has(entry.id)) {
			entry = {
				id: entry.id,
				origin: 'folder',
				file: name,
				diagnostics: [
					{
						file: name,
						line: 1,
						column: 1,
						severity: 'error',
						code: 'RAP004',
						message: `the built-in library already has a scenario \`${entry.id}\``,
						hint: 'rename the file'
					}
				]
			};
			remember(entry, '');
		}
		folder.set(name, { signature, entry });
	}
	for (const name of [...folder.keys()]) if (!seen.has(name)) folder.delete(name);
}

/**
 * Every scenario file, playable or not (for instructors). `fresh` skips the once-a-second
 * throttle: an author who has just saved a file and opens the files page must see that save,
 * not the scan a trainee's page load made a moment before it.
 */
export function allEntries(options: { fresh?: boolean } = {}): LibraryEntry[] {
	scanFolder(options.fresh ?? false);
	return [...loadBuiltIn().values(), ...[...folder.values()].map((f) => f.entry)];
}

/** Scenarios a trainee may play: compiled without errors. */
export function playableScenarios(): { scenario: Scenario; analysis: Analysis }[] {
	return allEntries()
		.filter((e) => e.scenario && e.analysis)
		.map((e) => ({ scenario: e.scenario!, analysis: e.analysis! }));
}

export function findScenario(id: string): { scenario: Scenario; analysis: Analysis } | undefined {
	return playableScenarios().find((s) => s.scenario.id === id);
}

/** A specific version, for replaying an attempt recorded on it. */
export function findVersion(hash: string): { scenario: Scenario; analysis: Analysis } | undefined {
	allEntries();
	return versions.get(hash);
}

/** Keeps a version's source on disk; called when an attempt starts on it. */
export async function archiveVersion(hash: string): Promise<void> {
	const version = versions.get(hash);
	if (!version) throw new Error(`scenarios: no version ${hash} to archive`);
	await scenarioVersions().save({
		hash,
		scenarioId: version.scenario.id,
		file: version.scenario.file,
		source: version.source,
		savedAt: new Date().toISOString()
	});
}

/** Like findVersion, but also looks in the archive (after a restart or a file change). */
export async function loadVersion(
	hash: string
): Promise<{ scenario: Scenario; analysis: Analysis } | undefined> {
	const known = findVersion(hash);
	if (known) return known;
	const archived = await scenarioVersions().get(hash);
	if (!archived) return undefined;
	const result = compileScenario(archived.source, archived.file);
	if (!result.scenario || !result.analysis || result.scenario.hash !== hash) return undefined;
	// Compiled under the id it had then, whatever its file is called now.
	const scenario = { ...result.scenario, id: archived.scenarioId };
	versions.set(hash, { scenario, analysis: result.analysis, source: archived.source });
	return { scenario, analysis: result.analysis };
}

/** Test hook: forget folder state so a test can point SCENARIOS_DIR elsewhere. */
export function resetScenarioLibrary() {
	folder.clear();
	lastScan = 0;
}
