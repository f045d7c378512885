/**
 * The scenario CLI's start-up: `rapport-scenarios lint` on a 20-beat scenario in a fresh process
 * (the compiled dist/rapport-scenarios.js that `npm install` builds), beside a fresh process
 * that loads inkjs's compiler and compiles the same story in ink, and `node -e 0` for the
 * machine's own floor. Medians of wall time; PASS when ours is at most TARGETS.lintMs.
 * A benchmark, not a timed test: nothing here runs in CI.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateInk, generateScenario } from './generate';
import { median } from './stats';

export const TARGETS = {
	/** `rapport-scenarios lint` on a 20-beat file, wall time of the whole process. */
	lintMs: 150
} as const;

const BEATS = 20;
const RUNS = 9;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'rapport-scenarios.js');

/** `node -e` script: load inkjs's compiler and compile the .ink file given as its argument. */
export const INK_COMPILE_SCRIPT = [
	"const { Compiler } = require('inkjs/compiler/Compiler');",
	"const source = require('node:fs').readFileSync(process.argv[1], 'utf8');",
	'new Compiler(source).Compile();'
].join(' ');

/** Median wall time of `node <args>` over `runs` fresh processes, failing loudly if one fails. */
export function timed(args: string[], runs = RUNS): number {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const started = performance.now();
		const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
		times.push(performance.now() - started);
		if (run.status !== 0)
			throw new Error(`bench cli: node ${args.join(' ')} exited ${run.status}:\n${run.stderr}`);
	}
	return median(times);
}

export async function benchCli(): Promise<{ passed: boolean }> {
	if (!existsSync(CLI)) {
		console.error('bench cli: dist/rapport-scenarios.js is missing; run `npm install` first');
		return { passed: false };
	}
	const dir = await mkdtemp(join(tmpdir(), 'rapport-bench-cli-'));
	try {
		const md = join(dir, 'story.md');
		const ink = join(dir, 'story.ink');
		await writeFile(md, generateScenario(BEATS));
		await writeFile(ink, generateInk(BEATS));
		const floor = timed(['-e', '0']);
		const ours = timed([CLI, 'lint', md]);
		const inkjs = timed(['-e', INK_COMPILE_SCRIPT, ink]);
		const passed = ours <= TARGETS.lintMs;
		console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);
		console.log(`start-up, median of ${RUNS} fresh processes, ${BEATS}-beat story:`);
		console.log(`  node -e 0 (the floor)              ${floor.toFixed(0)} ms`);
		console.log(`  rapport-scenarios lint             ${ours.toFixed(0)} ms`);
		console.log(`  inkjs: load compiler + compile     ${inkjs.toFixed(0)} ms`);
		console.log(
			`rapport-scenarios lint ${ours.toFixed(0)} ms (target <= ${TARGETS.lintMs} ms) ${passed ? 'PASS' : 'FAIL'}`
		);
		return { passed };
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}
