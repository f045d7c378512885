import { layoutScenarioMap, type MapLayout } from '$lib/scenarios/map';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileScenario, formatDiagnostic, idFromFile } from '$lib/scenarios';
import type { Analysis, CompileResult, Diagnostic, Scenario } from '$lib/scenarios/types';
import { createCompileWorker } from './compile-worker';
import { scenarioVersions, type PublishedScenario, type Store } from './store';

/**
 * Where scenarios come from at run time: the built-in library (bundled into the build), an
 * optional folder named by SCENARIOS_DIR that is rescanned on use, so an instructor can drop a
 * file into a running deployment, and the scenarios published in the studio (kept in the store,
 * read again at most once a second so every instance sees a publication). Folder files compile on a worker thread, off the request path. A file with errors is never offered to trainees; its
 * diagnostics are kept for the instructor screens and logged once per version.
 */

export interface LibraryEntry {
	id: string;
	origin: 'library' | 'folder' | 'studio';
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

/** Drills (`kind: drill`): played from /practice only, never listed with the scenarios. */
const BUILT_IN_DRILLS = import.meta.glob('/src/lib/scenarios/drills/*.md', {
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
let builtInDrills: { scenario: Scenario; analysis: Analysis }[] | undefined;
/** Folder files as last compiled: what every page serves while a newer save compiles. */
const folder = new Map<string, FolderFile>();
/** Compiles in flight on the worker thread, by file name, with the signature being compiled. */
const compiling = new Map<string, { signature: string; done: Promise<void> }>();
let lastScan = 0;
/**
 * Studio publications by scenario id, compiled from the store's texts. An unpublished one stays
 * here (`unpublished`), out of the catalogue but known by title and pass mark to the pages that
 * show attempts and assignments already made on it.
 */
const published = new Map<string, { hash: string; unpublished: boolean; entry: LibraryEntry }>();
let lastPublishedRead = 0;
let readingPublished: Promise<void> | undefined;
/** Every version compiled in this process, by hash, so old attempts still replay. */
const versions = new Map<
	string,
	{ scenario: Scenario; analysis: Analysis; source: string; map?: Promise<MapLayout> }
>();
/**
 * Folder files compile on a worker thread: a 2,000-beat file takes a third of a second, and no
 * request may wait for that (or stall every other request while the event loop is busy).
 */
const worker = createCompileWorker();

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

function toEntry(
	result: CompileResult,
	source: string | Uint8Array,
	file: string,
	origin: LibraryEntry['origin']
): LibraryEntry {
	const entry: LibraryEntry = { id: idFromFile(file), origin, file, ...result };
	remember(entry, typeof source === 'string' ? source : new TextDecoder().decode(source));
	return entry;
}

function loadBuiltIn(): Map<string, LibraryEntry> {
	if (!builtIn) {
		builtIn = new Map();
		for (const [path, source] of Object.entries(BUILT_IN).sort(([a], [b]) => a.localeCompare(b))) {
			const file = path.replace(/^\//, '');
			const entry = toEntry(compileScenario(source, file), source, file, 'library');
			builtIn.set(entry.id, entry);
		}
	}
	return builtIn;
}

/** An entry that is only a diagnostic: the file cannot be offered. */
function refused(name: string, code: string, message: string, hint: string): LibraryEntry {
	const entry: LibraryEntry = {
		id: idFromFile(name),
		origin: 'folder',
		file: name,
		diagnostics: [{ file: name, line: 1, column: 1, severity: 'error', code, message, hint }]
	};
	remember(entry, '');
	return entry;
}

/** Compiles one folder file on the worker; the result replaces the served entry if still current. */
function compileFolderFile(name: string, path: string, signature: string): Promise<void> {
	let source: Uint8Array;
	try {
		source = new Uint8Array(readFileSync(path));
	} catch (error) {
		console.warn(`[scenarios] cannot read ${path}: ${(error as Error).message}`);
		return Promise.resolve();
	}
	return worker.compile(source, name).then(
		(result) => {
			if (compiling.get(name)?.signature !== signature) return; // Saved again, or deleted.
			compiling.delete(name);
			const entry = loadBuiltIn().has(idFromFile(name))
				? refused(
						name,
						'RAP004',
						`the built-in library already has a scenario \`${idFromFile(name)}\``,
						'rename the file'
					)
				: toEntry(result, source, name, 'folder');
			folder.set(name, { signature, entry });
		},
		(error: Error) => {
			if (compiling.get(name)?.signature !== signature) return;
			compiling.delete(name);
			console.warn(`[scenarios] cannot compile ${path}: ${error.message}`);
			folder.set(name, {
				signature,
				entry: refused(
					name,
					'RAP021',
					`the file could not be compiled (${error.message.split('\n')[0]})`,
					'make it smaller or less deeply nested'
				)
			});
		}
	);
}

/** Stats the folder and starts a compile for each new or changed file; never compiles here. */
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
		compiling.clear();
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
		if (folder.get(name)?.signature === signature) {
			compiling.delete(name); // Saved back as it was: the served entry is current again.
			continue;
		}
		if (compiling.get(name)?.signature === signature) continue;
		compiling.set(name, { signature, done: compileFolderFile(name, path, signature) });
	}
	for (const name of [...folder.keys()]) if (!seen.has(name)) folder.delete(name);
	for (const name of [...compiling.keys()]) if (!seen.has(name)) compiling.delete(name);
}

function entries(): LibraryEntry[] {
	return [
		...loadBuiltIn().values(),
		...[...folder.values()].map((f) => f.entry),
		...[...published.values()].filter((p) => !p.unpublished).map((p) => p.entry)
	];
}

/** The file name a studio scenario compiles under: its id, so `idFromFile` gives it back. */
export function studioFile(scenarioId: string): string {
	return `${scenarioId}.md`;
}

/** Compiles each publication that is new or changed since the last read, on the worker. */
async function readPublished(store: Store): Promise<void> {
	const list: PublishedScenario[] = await store.listPublishedScenarios();
	const seen = new Set<string>();
	for (const p of list) {
		seen.add(p.scenarioId);
		const known = published.get(p.scenarioId);
		if (known?.hash === p.publication.hash) {
			known.unpublished = p.unpublished;
			continue;
		}
		const file = studioFile(p.scenarioId);
		const result = await worker.compile(p.source, file);
		// Only a text that compiled cleanly is ever published; anything else is not offered.
		if (result.scenario?.hash !== p.publication.hash) {
			console.warn(`[scenarios] studio scenario ${p.scenarioId} no longer compiles; not offered`);
			continue;
		}
		published.set(p.scenarioId, {
			hash: p.publication.hash,
			unpublished: p.unpublished,
			entry: toEntry(result, p.source, file, 'studio')
		});
	}
	for (const id of [...published.keys()]) if (!seen.has(id)) published.delete(id);
}

/**
 * Brings the studio's published scenarios up to date from the store: at most once a second
 * (every instance sees a publication within that), or now with `fresh` (just after publishing).
 */
export async function refreshPublished(store: Store, fresh = false): Promise<void> {
	const now = Date.now();
	if (!fresh && now - lastPublishedRead < RESCAN_MS) return readingPublished;
	lastPublishedRead = now;
	// One read at a time: a fresh one waits for the one in flight, then reads again.
	const reading = (readingPublished ?? Promise.resolve())
		.catch(() => {})
		.then(() => readPublished(store));
	readingPublished = reading;
	reading
		.finally(() => {
			if (readingPublished === reading) readingPublished = undefined;
		})
		.catch(() => {});
	return reading;
}

/**
 * Every scenario file as last compiled, playable or not. A file saved since is compiling on the
 * worker thread meanwhile, and its previous version (or nothing, for a new file) is served.
 */
export function allEntries(): LibraryEntry[] {
	scanFolder(false);
	return entries();
}

/**
 * Every scenario file as it is on disk now, for the authors' files page: skips the once-a-second
 * throttle and waits for the compiles that scan starts, so an author who has just saved a file
 * sees that save. The wait is on the worker thread; other requests are served meanwhile.
 */
export async function currentEntries(): Promise<LibraryEntry[]> {
	scanFolder(true);
	await compilesDone();
	return entries();
}

/** Resolves once every compile in flight has finished (for tests and `currentEntries`). */
export async function compilesDone(): Promise<void> {
	while (compiling.size > 0) {
		await Promise.all([...compiling.values()].map((c) => c.done));
	}
}

/** Scenarios a trainee may play: compiled without errors. Drills are not scenarios. */
export function playableScenarios(): { scenario: Scenario; analysis: Analysis }[] {
	return allEntries()
		.filter((e) => e.scenario && e.analysis && e.scenario.kind !== 'drill')
		.map((e) => ({ scenario: e.scenario!, analysis: e.analysis! }));
}

/**
 * The built-in drills (src/lib/scenarios/drills), compiled once; a file there that does not
 * compile, or is not a drill, is left out (and its diagnostics logged).
 */
export function drills(): { scenario: Scenario; analysis: Analysis }[] {
	if (!builtInDrills) {
		builtInDrills = [];
		for (const [path, source] of Object.entries(BUILT_IN_DRILLS).sort(([a], [b]) =>
			a.localeCompare(b)
		)) {
			const file = path.replace(/^\//, '');
			const entry = toEntry(compileScenario(source, file), source, file, 'library');
			if (!entry.scenario || !entry.analysis) continue;
			if (entry.scenario.kind !== 'drill') {
				console.warn(`[scenarios] ${file} is in the drills folder but has no \`kind: drill\``);
				continue;
			}
			builtInDrills.push({ scenario: entry.scenario, analysis: entry.analysis });
		}
	}
	return builtInDrills;
}

export function findDrill(id: string): { scenario: Scenario; analysis: Analysis } | undefined {
	return drills().find((d) => d.scenario.id === id);
}

/** The scenario offered under this id now: what new attempts and assignments may use. */
export function findScenario(id: string): { scenario: Scenario; analysis: Analysis } | undefined {
	return playableScenarios().find((s) => s.scenario.id === id);
}

/**
 * Like `findScenario`, but also a studio scenario its authors have unpublished: for the pages
 * that name or mark attempts and assignments made while it was offered (titles, pass marks),
 * never for starting anything new.
 */
export function knownScenario(id: string): { scenario: Scenario; analysis: Analysis } | undefined {
	const offered = findScenario(id);
	if (offered) return offered;
	const { scenario, analysis } = published.get(id)?.entry ?? {};
	return scenario && analysis ? { scenario, analysis } : undefined;
}

/** Whether the studio's authors have taken this scenario out of the catalogue. */
export function isUnpublished(id: string): boolean {
	return published.get(id)?.unpublished === true;
}

/** A specific version, for replaying an attempt recorded on it. */
export function findVersion(hash: string): { scenario: Scenario; analysis: Analysis } | undefined {
	allEntries();
	drills();
	return versions.get(hash);
}

/**
 * A version's map laid out once (ELK takes 100 ms or more on a library scenario, and every debrief
 * of that version draws the same graph); each debrief marks its own path on it (`markPath`).
 */
export function versionMap(scenario: Scenario): Promise<MapLayout> {
	const version = versions.get(scenario.hash);
	if (!version) return layoutScenarioMap(scenario);
	if (!version.map) {
		const map = layoutScenarioMap(version.scenario);
		// A failed layout is not kept, so the next debrief tries again.
		map.catch(() => {
			if (version.map === map) version.map = undefined;
		});
		version.map = map;
	}
	return version.map;
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
	// Compiled on the worker thread too: the request waits, the event loop does not.
	const result = await worker.compile(archived.source, archived.file);
	if (!result.scenario || !result.analysis || result.scenario.hash !== hash) return undefined;
	// Compiled under the id it had then, whatever its file is called now.
	const scenario = { ...result.scenario, id: archived.scenarioId };
	versions.set(hash, { scenario, analysis: result.analysis, source: archived.source });
	return { scenario, analysis: result.analysis };
}

/**
 * The markdown of a library or SCENARIOS_DIR scenario as the server has it (for the studio's
 * "Duplicate to edit"); undefined when it cannot be read.
 */
export function entrySource(entry: LibraryEntry): string | undefined {
	if (entry.scenario) {
		const known = versions.get(entry.scenario.hash)?.source;
		if (known !== undefined) return known;
	}
	if (entry.origin === 'library') return BUILT_IN[`/${entry.file}`];
	const dir = process.env.SCENARIOS_DIR;
	if (entry.origin !== 'folder' || !dir) return undefined;
	try {
		return readFileSync(join(resolve(dir), entry.file), 'utf-8');
	} catch {
		return undefined;
	}
}

/** Test hook: forget folder state so a test can point SCENARIOS_DIR elsewhere. */
export function resetScenarioLibrary() {
	folder.clear();
	compiling.clear();
	lastScan = 0;
	published.clear();
	lastPublishedRead = 0;
}
