import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compileScenario, formatDiagnostic, idFromFile } from './index';
import { applyExceptions, lintResults, strict, type KnownException } from './lints';
import { graphDot, graphJson, graphMermaid } from './graph-export';
import { libraryMarkdown, scenarioStats, statsTable } from './stats';
import { normalise } from './score';
import { toMachineConfig } from '../machines/config';
import { evaluateCondition } from './condition';
import type { CompileResult, Scenario } from './types';

/**
 * `npm run scenarios -- <command>`: lint, stats, graph, machine and play, for authors.
 * Exit codes: 0 clean or warnings only, 1 errors in a scenario, 2 misuse.
 */

export const LIBRARY = resolve(dirname(fileURLToPath(import.meta.url)), 'library');

/** The library's known exceptions to the content lints (see lints/exceptions.ts). */
export function knownExceptions(): KnownException[] {
	return JSON.parse(readFileSync(join(LIBRARY, 'known-exceptions.json'), 'utf8')).exceptions;
}

/** A diagnostic's library scenario id; undefined for a file outside the library. */
function libraryScenario(d: { file: string }): string | undefined {
	const path = resolve(d.file);
	return dirname(path) === LIBRARY ? idFromFile(path) : undefined;
}

const USAGE = `usage: npm run scenarios -- <command> [options]

  lint [paths...] [--json] [--strict]
                                   check scenarios (default: the built-in library);
                                   --strict makes the content lints errors
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
	const isStrict = flag(args, '--strict');
	rejectUnknownOptions(args);
	const files = scenarioFiles(args);
	const linted = lintResults(files.map(compileFile));
	// Strict, the library's known exceptions stay warnings (and say why).
	const all = isStrict
		? applyExceptions(strict(linted), knownExceptions(), libraryScenario).diagnostics
		: linted;
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

async function play(args: string[]): Promise<number> {
	rejectUnknownOptions(args);
	const { scenario, result } = requireScenario(args[0]);
	const analysis = result.analysis!;
	const byId = new Map(scenario.beats.map((b) => [b.id, b]));
	const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
	const meters = Object.fromEntries(Object.entries(scenario.meters).map(([k, m]) => [k, m.start]));
	let total = 0;
	const scores: Record<string, number> = {};
	console.log(`${scenario.title}\n${scenario.summary}\n`);
	if (scenario.intro) console.log(plain(scenario.intro) + '\n');
	let beat = byId.get(scenario.start)!;
	for (;;) {
		for (const block of beat.prose)
			console.log(
				block.kind === 'line' ? `${block.speaker}: ${plain(block.markdown)}` : plain(block.markdown)
			);
		if (beat.kind === 'ending') {
			console.log(`\n== Ending: ${beat.title} (${beat.outcome}) ==\n${plain(beat.debrief ?? '')}`);
			console.log(
				`\nScore ${normalise(total, analysis.total)}/100 (raw ${total}, range ${analysis.total.min}..${analysis.total.max})`
			);
			for (const [p, v] of Object.entries(scores)) console.log(`  ${p}: ${v}`);
			return 0;
		}
		if (beat.kind === 'route') {
			const route = beat.routes.find(
				(r) => !r.condition || evaluateCondition(r.condition, meters)
			)!;
			beat = byId.get(route.target)!;
			continue;
		}
		const offered = beat.choices.filter(
			(c) => !c.condition || evaluateCondition(c.condition, meters)
		);
		offered.forEach((c, i) => console.log(`  ${i + 1}. "${c.text}"`));
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
		for (const [m, d] of Object.entries(picked.effects)) {
			const range = scenario.meters[m];
			meters[m] = Math.min(range.max, Math.max(range.min, meters[m] + d));
		}
		for (const [p, d] of Object.entries(picked.scores)) {
			scores[p] = (scores[p] ?? 0) + d;
			total += d;
		}
		console.log(`\n[${picked.verdict}] ${plain(picked.feedback)}`);
		if (picked.better) console.log(`Better: "${picked.better}"`);
		console.log(
			`(${Object.entries(meters)
				.map(([k, v]) => `${k} ${v}`)
				.join(', ')})\n`
		);
		beat = byId.get(picked.target)!;
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
