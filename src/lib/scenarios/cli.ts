import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compileScenario, formatDiagnostic, MAX_BYTES } from './index';
import { lintResults, strict } from './lints';
import { graphDot, graphJson, graphMermaid } from './graph-export';
import { libraryMarkdown, scenarioStats, statsTable } from './stats';
import { scoreCard } from './score';
import { responseLabel } from './build';
import { StartError, toMachineConfig, type ScenarioContext } from '../machines/config';
import type { CompileResult, ProseBlock, Scenario } from './types';

/**
 * `rapport-scenarios <command>` (or `npm run scenarios -- <command>`): lint, stats, graph,
 * machine, test and play, for authors. Exit codes: 0 clean or warnings only, 1 errors in a
 * scenario, 2 misuse. `npm install` bundles this file into dist/rapport-scenarios.js
 * (scripts/build-cli.js), so the command starts without compiling TypeScript.
 */

const HERE = dirname(fileURLToPath(import.meta.url));
/** Beside this file in the source tree; from dist/, the same folder in the source tree. */
export const LIBRARY = existsSync(join(HERE, 'library'))
	? join(HERE, 'library')
	: resolve(HERE, '../src/lib/scenarios/library');

/** Paths played in full up to this many; above it, a seeded sample of this many. */
const TEST_PATHS = 1000;

const USAGE = `usage: rapport-scenarios <command> [options]   (or: npm run scenarios -- <command>)

  lint [paths...] [--json] [--strict] [--max-bytes N]
                                   check scenarios (default: the built-in library);
                                   --strict makes the content lints errors; --max-bytes
                                   raises the ${MAX_BYTES}-byte file limit the app keeps
  stats [paths...] [--json|--markdown]
                                   beats, choices, endings, paths, score ranges, principles
  graph <file> [--format mermaid|dot|json]
                                   the beat graph
  machine <file>                   the compiled XState config as JSON
  test <file> [--sample N] [--seed S]
                                   play every path (or N sampled paths when there are more
                                   than N, default ${TEST_PATHS}); print beat and choice coverage
  play <file> [--from <beat>] [--set meter=value ...] [--flag name ...]
                                   play in the terminal: type a choice's number`;

class Misuse extends Error {}

function scenarioFiles(paths: string[]): string[] {
	const files: string[] = [];
	for (const path of paths.length ? paths : [LIBRARY]) {
		let stat;
		try {
			stat = statSync(path);
		} catch {
			throw new Misuse(`no such file or folder: ${path}`);
		}
		if (stat.isDirectory())
			files.push(
				...readdirSync(path)
					.filter((f) => f.endsWith('.md'))
					.sort()
					.map((f) => join(path, f))
			);
		else files.push(path);
	}
	return files;
}

function compileFile(file: string, maxBytes?: number): CompileResult {
	const shown = relative(process.cwd(), file) || file;
	return compileScenario(new Uint8Array(readFileSync(file)), shown, { maxBytes });
}

function requireScenario(file: string | undefined): { scenario: Scenario; result: CompileResult } {
	if (!file) throw new Misuse('name a scenario file');
	const result = compileFile(scenarioFiles([file])[0]);
	if (!result.scenario) {
		for (const d of result.diagnostics) console.error(formatDiagnostic(d));
		process.exit(1);
	}
	return { scenario: result.scenario, result };
}

function option(args: string[], name: string): string | undefined {
	const i = args.indexOf(name);
	if (i === -1) return undefined;
	const value = args[i + 1];
	if (!value || value.startsWith('--')) throw new Misuse(`${name} needs a value`);
	args.splice(i, 2);
	return value;
}

function flag(args: string[], name: string): boolean {
	const i = args.indexOf(name);
	if (i !== -1) args.splice(i, 1);
	return i !== -1;
}

function rejectUnknownOptions(args: string[]) {
	const unknown = args.find((a) => a.startsWith('--'));
	if (unknown) throw new Misuse(`unknown option ${unknown}`);
}

function lint(args: string[]): number {
	const json = flag(args, '--json');
	const isStrict = flag(args, '--strict');
	const limit = option(args, '--max-bytes');
	// The app refuses files over MAX_BYTES (an upload limit); on an author's own machine a
	// longer story can still be checked.
	const maxBytes = limit === undefined ? undefined : Number(limit);
	if (maxBytes !== undefined && !(Number.isInteger(maxBytes) && maxBytes > 0))
		throw new Misuse('--max-bytes needs a whole number of bytes');
	rejectUnknownOptions(args);
	const files = scenarioFiles(args);
	const linted = lintResults(files.map((f) => compileFile(f, maxBytes)));
	const all = isStrict ? strict(linted) : linted;
	const errors = all.filter((d) => d.severity === 'error').length;
	if (json) console.log(JSON.stringify(all, null, 2));
	else {
		for (const d of all) console.log(formatDiagnostic(d));
		console.log(
			`${files.length} file${files.length === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${all.length - errors} warning${all.length - errors === 1 ? '' : 's'}`
		);
	}
	return errors > 0 ? 1 : 0;
}

function stats(args: string[]): number {
	const json = flag(args, '--json');
	const markdown = flag(args, '--markdown');
	rejectUnknownOptions(args);
	const rows = [];
	let failed = false;
	for (const file of scenarioFiles(args)) {
		const result = compileFile(file);
		if (!result.scenario || !result.analysis) {
			failed = true;
			for (const d of result.diagnostics) console.error(formatDiagnostic(d));
			continue;
		}
		rows.push(scenarioStats(result.scenario, result.analysis));
	}
	if (json) console.log(JSON.stringify(rows, null, 2));
	else if (markdown) process.stdout.write(libraryMarkdown(rows));
	else console.log(statsTable(rows));
	return failed ? 1 : 0;
}

function graph(args: string[]): number {
	const format = option(args, '--format') ?? 'mermaid';
	rejectUnknownOptions(args);
	const { scenario } = requireScenario(args[0]);
	if (format === 'mermaid') console.log(graphMermaid(scenario));
	else if (format === 'dot') console.log(graphDot(scenario));
	else if (format === 'json') console.log(JSON.stringify(graphJson(scenario), null, 2));
	else throw new Misuse(`unknown format ${format}: use mermaid, dot or json`);
	return 0;
}

function machine(args: string[]): number {
	rejectUnknownOptions(args);
	const { scenario } = requireScenario(args[0]);
	console.log(JSON.stringify(toMachineConfig(scenario), null, 2));
	return 0;
}

/** Strips the markdown an author is most likely to use, for a readable terminal. */
function plain(markdown: string): string {
	return markdown.replace(/\*\*([^*]+)\*\*/g, '$1').replace(/\*([^*]+)\*/g, '$1');
}

/** Every `--set meter=value`, checked against the scenario's meters and their ranges. */
function meterSettings(args: string[]): [string, string][] {
	const sets: [string, string][] = [];
	for (let value = option(args, '--set'); value; value = option(args, '--set')) {
		const match = /^([a-z][a-z0-9-]*)=(-?\d+)$/.exec(value);
		if (!match) throw new Misuse(`--set ${value}: write it as meter=number, e.g. --set trust=4`);
		sets.push([match[1], match[2]]);
	}
	return sets;
}

/** A prose block for the terminal: a cue in brackets, a line with its speaker. */
function proseLine(block: ProseBlock): string {
	if (block.kind === 'cue') return `[${plain(block.markdown)}]`;
	return block.kind === 'line'
		? `${block.speaker}: ${plain(block.markdown)}`
		: plain(block.markdown);
}

/**
 * Plays through the compiled machine, as the server does, so flags, conditional prose, debrief
 * notes and the critical-action cap behave exactly as in the player.
 */
async function play(args: string[]): Promise<number> {
	const from = option(args, '--from');
	const sets = meterSettings(args);
	const flagged: string[] = [];
	for (let flag = option(args, '--flag'); flag; flag = option(args, '--flag')) flagged.push(flag);
	rejectUnknownOptions(args);
	const { scenario, result } = requireScenario(args[0]);
	const analysis = result.analysis!;
	const byId = new Map(scenario.beats.map((b) => [b.id, b]));
	const flags = [...new Set(flagged)];
	// The compiled machine, as the server runs it, started where asked: at --from, with the
	// meters and flags given, checked by the machine's own rule (as the studio's preview is).
	// Loaded here, not at start: XState is a third of the CLI, and `lint` must start fast.
	const [{ replay }, { createScenarioMachine }] = await Promise.all([
		import('../machines/replay'),
		import('../machines/scenario-machine')
	]);
	let config;
	try {
		config = toMachineConfig(scenario, {
			...(from !== undefined ? { beat: from } : {}),
			meters: Object.fromEntries(sets.map(([name, value]) => [name, Number(value)])),
			flags
		});
	} catch (e) {
		if (e instanceof StartError) throw new Misuse(e.message);
		throw e;
	}
	const machine = createScenarioMachine(config);
	const meters = (config.context as ScenarioContext).meters;
	const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
	console.log(`${scenario.title}\n${scenario.summary}\n`);
	if (from === undefined && scenario.intro) console.log(plain(scenario.intro) + '\n');
	if (from !== undefined || sets.length > 0 || flags.length > 0)
		console.log(
			`(from ${from ?? scenario.start}, ${Object.entries(meters)
				.map(([k, v]) => `${k} ${v}`)
				.join(
					', '
				)}${flags.length ? `, flags ${flags.join(', ')}` : ''}; the score counts from here)\n`
		);
	const chosen: string[] = [];
	let shown = 0;
	for (;;) {
		const state = replay(machine, chosen);
		// The beats entered since the last choice, with the prose that showed in each.
		for (const visit of state.visits.slice(shown)) {
			const beat = byId.get(visit.beat)!;
			const blocks = visit.prose ? visit.prose.map((k) => beat.prose[k]) : beat.prose;
			for (const block of blocks) console.log(proseLine(block));
		}
		shown = state.visits.length;
		if (state.status === 'done') {
			const ending = byId.get(state.beat)!;
			const notes = (state.visits.at(-1)?.notes ?? []).map((k) => ending.debriefNotes![k]);
			console.log(
				`\n== Ending: ${ending.title} (${ending.outcome}) ==\n${plain(ending.debrief ?? '')}`
			);
			for (const note of notes) console.log(`\n${proseLine(note)}`);
			const card = scoreCard(scenario, analysis, state);
			console.log(
				`\nScore ${card.normalised}/100 (raw ${card.total}, range ${analysis.total.min}..${analysis.total.max})`
			);
			if (card.uncapped !== undefined)
				console.log(`  capped from ${card.uncapped}: a critical action was missed`);
			for (const c of card.critical) console.log(`  ${c.met ? 'met' : 'MISSED'}: ${c.title}`);
			for (const r of card.ruptures)
				console.log(
					`  rupture at ${r.beat}: ${r.handled === 'never' ? 'never repaired' : `repaired ${r.handled === 'late' ? `late, at ${r.repairedAt}` : 'at once'}`}`
				);
			for (const [p, v] of Object.entries(state.scores)) console.log(`  ${p}: ${v}`);
			return 0;
		}
		const choices = byId.get(state.beat)!.choices;
		const offered = state.available.map((id) => choices.find((c) => c.id === id)!);
		offered.forEach((c, i) => console.log(`  ${i + 1}. ${responseLabel(c)}`));
		let picked;
		while (!picked) {
			process.stdout.write('> ');
			const next = await lines.next();
			if (next.done) {
				console.log('\n(input ended)');
				return 0;
			}
			picked = offered[Number(next.value.trim()) - 1];
			if (!picked) console.log(`Type a number from 1 to ${offered.length}.`);
		}
		chosen.push(picked.id);
		const after = replay(machine, chosen);
		console.log(`\n[${picked.verdict}] ${plain(picked.feedback)}`);
		if (picked.better) console.log(`Better: "${picked.better}"`);
		console.log(
			`(${Object.entries(after.meters)
				.map(([k, v]) => `${k} ${v}`)
				.join(', ')})\n`
		);
	}
}

/** A positive whole number option, or the default. */
function count(args: string[], name: string, fallback: number): number {
	const value = option(args, name);
	if (value === undefined) return fallback;
	if (!/^\d+$/.test(value) || Number(value) < 1)
		throw new Misuse(`${name} ${value}: give a whole number of at least 1`);
	return Number(value);
}

/**
 * Plays the scenario's machine (the one the server runs) down every path, or a seeded sample,
 * and reports which beats and choices no path reached. A path that stops before an ending is
 * an error: a trainee there would have nothing to choose.
 */
async function test(args: string[]): Promise<number> {
	const sample = count(args, '--sample', TEST_PATHS);
	const seed = count(args, '--seed', 1);
	rejectUnknownOptions(args);
	const { scenario, result } = requireScenario(args[0]);
	// Loaded here, not at start: XState is a third of the CLI, and `lint` must start fast.
	const [{ createScenarioMachine }, { machineModel, walkPaths }] = await Promise.all([
		import('../machines/scenario-machine'),
		import('../machines/walk')
	]);
	const machine = createScenarioMachine(toMachineConfig(scenario));
	const beatsSeen = new Set<string>();
	const choicesTaken = new Set<string>();
	const endings = new Map<string, number>();
	const stuck = new Map<string, number>();
	const { exhaustive, walked } = walkPaths(
		machineModel(machine, scenario),
		{ cap: sample, expectedPaths: result.analysis!.paths, samples: sample, seed },
		(states, events) => {
			const last = states[states.length - 1];
			for (const beat of last.context.path) beatsSeen.add(beat);
			for (const event of events) choicesTaken.add(event.choiceId);
			const where = String(last.value);
			const tally = last.status === 'done' ? endings : stuck;
			tally.set(where, (tally.get(where) ?? 0) + 1);
		}
	);
	const choices = scenario.beats.flatMap((b) => b.choices.map((c) => ({ beat: b.id, id: c.id })));
	const unvisited = scenario.beats.filter((b) => !beatsSeen.has(b.id)).map((b) => b.id);
	const untaken = choices.filter((c) => !choicesTaken.has(c.id)).map((c) => c.id);
	const percent = (n: number, of: number) => (of === 0 ? 100 : Math.floor((100 * n) / of));
	console.log(
		exhaustive
			? `${scenario.file}: played all ${walked} paths`
			: `${scenario.file}: played ${walked} of ${result.analysis!.paths} paths (a sample, seed ${seed})`
	);
	console.log(
		`beats: ${scenario.beats.length - unvisited.length}/${scenario.beats.length} visited (${percent(scenario.beats.length - unvisited.length, scenario.beats.length)}%)`
	);
	console.log(
		`choices: ${choices.length - untaken.length}/${choices.length} taken (${percent(choices.length - untaken.length, choices.length)}%)`
	);
	console.log(
		`endings: ${[...endings]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([id, n]) => `${id} ${n}`)
			.join(', ')}`
	);
	if (unvisited.length > 0) console.log(`never visited: ${unvisited.join(', ')}`);
	if (untaken.length > 0) console.log(`never taken: ${untaken.join(', ')}`);
	for (const [beat, n] of stuck)
		console.error(`error: ${n} path${n === 1 ? '' : 's'} stop at ${beat} with no choice offered`);
	return stuck.size > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
	const [command, ...args] = argv;
	try {
		switch (command) {
			case 'lint':
				return lint(args);
			case 'stats':
				return stats(args);
			case 'graph':
				return graph(args);
			case 'machine':
				return machine(args);
			case 'test':
				return await test(args);
			case 'play':
				return await play(args);
			case undefined:
			case 'help':
			case '--help':
				console.log(USAGE);
				return command ? 0 : 2;
			default:
				throw new Misuse(`unknown command ${command}`);
		}
	} catch (error) {
		if (error instanceof Misuse) {
			console.error(`${error.message}\n\n${USAGE}`);
			return 2;
		}
		throw error;
	}
}

/** True when node was started on this file, through a link (an npm bin) or not. */
function isEntry(): boolean {
	if (!process.argv[1]) return false;
	try {
		return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
	} catch {
		return false;
	}
}

if (isEntry()) {
	main(process.argv.slice(2)).then((code) => process.exit(code));
}
