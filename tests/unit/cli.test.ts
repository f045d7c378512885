import { spawnSync } from 'node:child_process';
import {
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor, createMachine } from 'xstate';
import { createScenarioMachine } from '../../src/lib/machines/scenario-machine';
import { main } from '../../src/lib/scenarios/cli';
import { compileScenario, MAX_BYTES } from '../../src/lib/scenarios/index';
import { LIBRARY, SAMPLES, libraryScenarios } from '../scenarios/walk';

/**
 * `npm run scenarios -- ...`. Most commands run in-process through `main`, with the console
 * captured; exit codes of a real process and `play` (which reads stdin) run in a child.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'src/lib/scenarios/cli.ts');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const libraryFiles = readdirSync(LIBRARY).filter((f) => f.endsWith('.md'));
const FIRST = join(LIBRARY, libraryFiles.sort()[0]);
const MINIMAL = join(SAMPLES, 'valid-minimal/input.md');

let out: string[];
let err: string[];
beforeEach(() => {
	out = [];
	err = [];
	vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')));
	vi.spyOn(console, 'error').mockImplementation((...args) => void err.push(args.join(' ')));
	vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
});
afterEach(() => vi.restoreAllMocks());

const stdout = () => out.join('\n');

function cli(args: string[], input?: string) {
	const run = spawnSync(TSX, [CLI, ...args], {
		cwd: ROOT,
		input,
		encoding: 'utf8',
		timeout: 30_000
	});
	return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A temp copy of a library file whose first `-> target` names a beat that does not exist. */
const temp = mkdtempSync(join(tmpdir(), 'rapport-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
function brokenCopy() {
	const lines = readFileSync(FIRST, 'utf8').split('\n');
	const index = lines.findIndex((l) => /->\s*\S/.test(l));
	const arrow = lines[index].lastIndexOf('->');
	const target = /->\s*([a-z0-9-]+)/.exec(lines[index].slice(arrow))!;
	const column = arrow + target[0].indexOf(target[1]) + 1;
	lines[index] = lines[index].slice(0, column - 1) + 'no-such-beat';
	const file = join(temp, 'broken.md');
	writeFileSync(file, lines.join('\n'));
	return { file, line: index + 1, column };
}

describe('lint', () => {
	it('passes the library', async () => {
		expect(await main(['lint'])).toBe(0);
		expect(stdout()).toMatch(new RegExp(`${libraryFiles.length} files: 0 errors`));
		expect(stdout()).not.toMatch(/ error RAP/);
	});

	it('fails a broken copy, naming the file, line and column of the bad target', async () => {
		const broken = brokenCopy();
		expect(await main(['lint', broken.file])).toBe(1);
		const shown = relative(process.cwd(), broken.file);
		expect(stdout()).toContain(`${shown}:${broken.line}:${broken.column} error RAP005`);
		expect(stdout()).toContain('no-such-beat');
		expect(stdout()).toMatch(/1 file: 1 error/);
	});

	it('prints diagnostics as JSON with --json', async () => {
		const broken = brokenCopy();
		expect(await main(['lint', broken.file, '--json'])).toBe(1);
		const diagnostics = JSON.parse(stdout());
		expect(diagnostics).toEqual([
			expect.objectContaining({
				code: 'RAP005',
				severity: 'error',
				line: broken.line,
				column: broken.column
			})
		]);
		out = [];
		expect(await main(['lint', '--json'])).toBe(0);
		// The library compiles clean, content lints included.
		expect(JSON.parse(stdout())).toEqual([]);
	});

	it('makes content lints errors with --strict; the library has none', async () => {
		const sample = join(SAMPLES, 'rap051-always-first-passes', 'input.md');
		expect(await main(['lint', sample])).toBe(0);
		expect(stdout()).toMatch(/ warning RAP051 /);
		out = [];
		expect(await main(['lint', sample, '--strict'])).toBe(1);
		expect(stdout()).toMatch(/ error RAP051 /);
		out = [];
		expect(await main(['lint', '--strict'])).toBe(0);
		expect(stdout()).toMatch(new RegExp(`${libraryFiles.length} files: 0 errors, 0 warnings`));
	});

	it('refuses a file over the app size limit unless --max-bytes raises it', async () => {
		const big = join(temp, 'big.md');
		const source = readFileSync(MINIMAL, 'utf8');
		// Padding in the intro: the same scenario, just over the limit.
		writeFileSync(big, source.replace(/\n## /, `\n${'x'.repeat(MAX_BYTES)}\n\n## `));
		expect(await main(['lint', big])).toBe(1);
		expect(stdout()).toMatch(/ error RAP021 .*at most 1000000/);
		out = [];
		expect(await main(['lint', big, '--max-bytes', String(2 * MAX_BYTES)])).toBe(0);
		expect(stdout()).not.toMatch(/RAP021/);
		await expect(main(['lint', big, '--max-bytes', 'lots'])).resolves.toBe(2);
		expect(err.join('\n')).toMatch(/--max-bytes needs a whole number of bytes/);
	});

	it('exits 1 from a real process', () => {
		const broken = brokenCopy();
		const run = cli(['lint', broken.file]);
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(new RegExp(`:${broken.line}:${broken.column} error RAP005`));
	});
});

describe('misuse', () => {
	it.each([
		[['frobnicate']],
		[[]],
		[['lint', '--bogus']],
		[['lint', join(temp, 'no-such-file.md')]],
		[['graph']],
		[['graph', MINIMAL, '--format', 'png']],
		[['graph', MINIMAL, '--format']],
		[['machine', MINIMAL, '--verbose']]
	])('exits 2 for %j with the usage', async (args) => {
		expect(await main(args)).toBe(2);
		expect([...err, ...out].join('\n')).toContain('usage: rapport-scenarios');
	});

	it('exits 0 for help', async () => {
		expect(await main(['help'])).toBe(0);
		expect(stdout()).toContain('usage:');
	});

	it('exits 2 from a real process', () => {
		const run = cli(['frobnicate']);
		expect(run.code).toBe(2);
		expect(run.stderr).toContain('unknown command frobnicate');
	});

	it('exits 1 when the scenario to show has errors', () => {
		const run = cli(['graph', brokenCopy().file]);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('error RAP005');
	});
});

describe('graph', () => {
	const scenario = compileScenario(readFileSync(FIRST, 'utf8'), FIRST).scenario!;
	const nodes = scenario.beats.length;
	const edges = scenario.beats.reduce((n, b) => n + b.choices.length + b.routes.length, 0);

	it('prints Mermaid by default and with --format mermaid', async () => {
		expect(await main(['graph', FIRST])).toBe(0);
		const byDefault = stdout();
		out = [];
		expect(await main(['graph', FIRST, '--format', 'mermaid'])).toBe(0);
		expect(stdout()).toBe(byDefault);
		const lines = byDefault.split('\n');
		expect(lines[0]).toBe('flowchart TD');
		expect(lines.filter((l) => l.includes('-->'))).toHaveLength(edges);
		expect(lines).toHaveLength(1 + nodes + edges);
	});

	it('prints Graphviz dot', async () => {
		expect(await main(['graph', FIRST, '--format', 'dot'])).toBe(0);
		const text = stdout();
		expect(text).toMatch(/^digraph "/);
		expect(text.trimEnd()).toMatch(/}$/);
		expect(text.match(/ -> /g)).toHaveLength(edges);
		expect(text.match(/shape=/g)).toHaveLength(nodes);
	});

	it('prints JSON', async () => {
		expect(await main(['graph', FIRST, '--format', 'json'])).toBe(0);
		const graph = JSON.parse(stdout());
		expect(graph.nodes.map((n: { id: string }) => n.id)).toEqual(scenario.beats.map((b) => b.id));
		expect(graph.edges).toHaveLength(edges);
	});
});

describe('machine', () => {
	it('prints a config that loads with createMachine and runs to an ending', async () => {
		expect(await main(['machine', FIRST])).toBe(0);
		const config = JSON.parse(stdout());
		const scenario = compileScenario(readFileSync(FIRST, 'utf8'), FIRST).scenario!;
		expect(config.initial).toBe(scenario.start);
		expect(Object.keys(config.states)).toEqual(scenario.beats.map((b) => b.id));
		expect(createMachine(config).config.initial).toBe(scenario.start);
		const actor = createActor(createScenarioMachine(config)).start();
		for (let step = 0; step < 100 && actor.getSnapshot().status === 'active'; step++) {
			const beat = scenario.beats.find((b) => b.id === actor.getSnapshot().value)!;
			const choice = beat.choices.find((c) =>
				actor.getSnapshot().can({ type: 'choice.select', choiceId: c.id })
			)!;
			actor.send({ type: 'choice.select', choiceId: choice.id });
		}
		expect(actor.getSnapshot().status).toBe('done');
		expect(actor.getSnapshot().output?.outcome).toMatch(/\w/);
	});
});

describe('stats', () => {
	it('prints the library as markdown', async () => {
		expect(await main(['stats', '--markdown'])).toBe(0);
		const text = stdout();
		expect(text.startsWith('# The scenario library\n')).toBe(true);
		for (const f of libraryFiles) expect(text).toContain(`(\`${f.replace(/\.md$/, '')}\`)`);
		const rows = text.split('\n').filter((l) => /^\| [^-]/.test(l) && !l.startsWith('| scenario'));
		expect(rows).toHaveLength(libraryFiles.length);
	});

	it('prints JSON and a table', async () => {
		expect(await main(['stats', '--json'])).toBe(0);
		expect(JSON.parse(stdout())).toHaveLength(libraryFiles.length);
		out = [];
		expect(await main(['stats', MINIMAL])).toBe(0);
		expect(stdout()).toMatch(/^scenario\s+diff\s+beats/);
	});
});

describe('play', () => {
	it('plays to an ending from piped input', () => {
		const run = cli(['play', FIRST], '1\n'.repeat(60));
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(
			/== Ending: .+ \((strengthened|repaired|stalled|ruptured|dropout|referred)\) ==/
		);
		expect(run.stdout).toMatch(/Score \d+\/100/);
	});

	it('asks again after a number that is not offered, and stops when input ends', () => {
		const run = cli(['play', MINIMAL], '7\nx\n1\n');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('Type a number from 1 to 1.');
		expect(run.stdout).toContain('== Ending: Goodbye (stalled) ==');
		const cut = cli(['play', FIRST], '');
		expect(cut.code).toBe(0);
		expect(cut.stdout).toContain('(input ended)');
	});
});

describe('test', () => {
	const UNREACHABLE = join(SAMPLES, 'rap014-unreachable-beat/input.md');

	it('plays every path when there are few, and names what no path reaches', async () => {
		expect(await main(['test', UNREACHABLE])).toBe(0);
		expect(stdout()).toContain('played all 1 paths');
		expect(stdout()).toContain('beats: 2/3 visited (66%)');
		expect(stdout()).toContain('choices: 1/1 taken (100%)');
		expect(stdout()).toContain('endings: goodbye 1');
		expect(stdout()).toContain('never visited: orphan');
	});

	it('plays every path of a library scenario when --sample allows, matching the analysis', async () => {
		const { name, result } = libraryScenarios().find((s) => s.result.analysis!.paths <= 10_000)!;
		const file = join(LIBRARY, name);
		expect(await main(['test', file, '--sample', '10000'])).toBe(0);
		const reachable = result.analysis!.reachable.length;
		expect(stdout()).toContain(`played all ${result.analysis!.paths} paths`);
		expect(stdout()).toContain(`beats: ${reachable}/${result.scenario!.beats.length} visited`);
	});

	it('samples N paths with a seed when there are more, the same sample for the same seed', async () => {
		const many = libraryScenarios().find((s) => s.result.analysis!.paths > 50)!;
		const file = join(LIBRARY, many.name);
		expect(await main(['test', file, '--sample', '50', '--seed', '7'])).toBe(0);
		const first = stdout();
		expect(first).toContain(`played 50 of ${many.result.analysis!.paths} paths (a sample, seed 7)`);
		out = [];
		expect(await main(['test', file, '--seed', '7', '--sample', '50'])).toBe(0);
		expect(stdout()).toBe(first);
	});

	it.each([
		[['test']],
		[['test', MINIMAL, '--sample', '0']],
		[['test', MINIMAL, '--seed', 'x']],
		[['test', MINIMAL, '--paths', '3']]
	])('exits 2 for %j', async (args) => {
		expect(await main(args)).toBe(2);
	});
});

describe('play from a beat with meters set', () => {
	const COAT = join(LIBRARY, 'coat-still-on.md');

	it('starts at --from with --set meters, and says so', () => {
		const run = cli(['play', COAT, '--from', 'last-time', '--set', 'trust=4'], '1\n'.repeat(12));
		expect(run.code).toBe(0);
		expect(run.stdout).toContain(
			'(from last-time, trust 4, openness 1, safety 0; the score counts from here)'
		);
		// The first beat printed is last-time's, not the opening's.
		const intro = compileScenario(readFileSync(COAT, 'utf8'), 'coat-still-on.md').scenario!;
		const lastTime = intro.beats.find((b) => b.id === 'last-time')!;
		const opening = intro.beats.find((b) => b.id === intro.start)!;
		expect(run.stdout).toContain(lastTime.choices[0].text);
		expect(run.stdout).not.toContain(opening.choices[0].text);
		expect(run.stdout).toContain('== Ending:');
	});

	it('with --flag, shows the lines and offers the choices the flag opens', () => {
		const FLAGS = join(SAMPLES, 'valid-memory-flags', 'input.md');
		const run = cli(['play', FLAGS, '--from', 'middle', '--flag', 'minimised-risk'], '1\n');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('flags minimised-risk; the score counts from here');
		expect(run.stdout).toContain("Ana: Anyway. It's nothing, like you said.");
		expect(run.stdout).not.toContain('sometimes I wonder');
		expect(run.stdout).toContain(`1. “Earlier I brushed that aside. I'd like to go back to it.”`);
		const without = cli(['play', FLAGS, '--from', 'middle'], '1\n');
		expect(without.stdout).toContain('sometimes I wonder what it');
		expect(without.stdout).not.toContain('Earlier I brushed that aside');
	});

	it.each([
		[['--from', 'no-such-beat'], 'no such beat'],
		[['--set', 'warmth=3'], 'no such meter'],
		[['--set', 'trust=99'], 'trust runs from 0 to 18'],
		[['--set', 'trust'], 'write it as meter=number'],
		[['--flag', 'x'], 'no such flag']
	])('refuses %j (exit 2)', async (args, message) => {
		expect(await main(['play', COAT, ...args])).toBe(2);
		expect(err.join('\n')).toContain(message);
	});
});

describe('the compiled rapport-scenarios command', () => {
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

	it('is the bin package.json names, built from cli.ts by the install step', () => {
		expect(pkg.bin).toEqual({ 'rapport-scenarios': 'dist/rapport-scenarios.js' });
		expect(pkg.scripts.prepare).toBe('node scripts/build-cli.js');
		expect(readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('/dist');
	});

	it('runs as plain JavaScript, also through a link as npm installs bins', () => {
		const out = join(temp, 'dist');
		const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build-cli.js'), out], {
			encoding: 'utf8'
		});
		expect(build.status, build.stderr).toBe(0);
		const bin = join(out, 'rapport-scenarios.js');
		expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
		const link = join(temp, 'rapport-scenarios');
		symlinkSync(bin, link);
		for (const command of [bin, link]) {
			const broken = brokenCopy();
			const run = spawnSync(command, ['lint', broken.file, MINIMAL], {
				cwd: ROOT,
				encoding: 'utf8'
			});
			expect(run.status).toBe(1);
			expect(run.stdout).toContain(`:${broken.line}:${broken.column} error RAP005`);
			expect(run.stdout).toMatch(/2 files: 1 error/);
		}
		const tested = spawnSync(bin, ['test', MINIMAL], { cwd: ROOT, encoding: 'utf8' });
		expect(tested.status, tested.stderr).toBe(0);
		expect(tested.stdout).toMatch(/played all \d+ paths/);
	});
});
