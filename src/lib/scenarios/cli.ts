import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compileScenario, formatDiagnostic } from './index';
import { graphDot, graphJson, graphMermaid } from './graph-export';
import { libraryMarkdown, scenarioStats, statsTable } from './stats';
import { scoreCard } from './score';
import { responseLabel } from './build';
import { toMachineConfig } from '../machines/config';
import { replay } from '../machines/replay';
import { machineForScenario } from '../machines/scenario-machine';
import type { CompileResult, ProseBlock, Scenario } from './types';

/**
 * `npm run scenarios -- <command>`: lint, stats, graph, machine and play, for authors.
 * Exit codes: 0 clean or warnings only, 1 errors in a scenario, 2 misuse.
 */

export const LIBRARY = resolve(dirname(fileURLToPath(import.meta.url)), 'library');

const USAGE = `usage: npm run scenarios -- <command> [options]

  lint [paths...] [--json]         check scenarios (default: the built-in library)
  stats [paths...] [--json|--markdown]
                                   beats, choices, endings, paths, score ranges, principles
  graph <file> [--format mermaid|dot|json]
                                   the beat graph
  machine <file>                   the compiled XState config as JSON
  play <file>                      play in the terminal: type a choice's number`;

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

function compileFile(file: string): CompileResult {
	const shown = relative(process.cwd(), file) || file;
	return compileScenario(new Uint8Array(readFileSync(file)), shown);
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
	rejectUnknownOptions(args);
	const files = scenarioFiles(args);
	const all = files.flatMap((f) => compileFile(f).diagnostics);
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
	rejectUnknownOptions(args);
	const { scenario, result } = requireScenario(args[0]);
	const analysis = result.analysis!;
	const byId = new Map(scenario.beats.map((b) => [b.id, b]));
	const machine = machineForScenario(scenario);
	const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
	console.log(`${scenario.title}\n${scenario.summary}\n`);
	if (scenario.intro) console.log(plain(scenario.intro) + '\n');
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

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2)).then((code) => process.exit(code));
}
