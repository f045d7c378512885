/**
 * The compiler's three budgets from issue 11, each measured as the issue states it:
 * - every library scenario compiles and analyses in under 20 ms, median, in process;
 * - the generated 1,500-beat story lints (`rapport-scenarios lint`, a fresh process, cold) at
 *   least 10 times faster than a fresh process loading inkjs 2.4.0's compiler and compiling the
 *   same story in ink;
 * - the 10,000-beat story compiles in under 400 MB peak resident memory (a fresh process).
 * A benchmark, not a timed test: nothing here runs in CI.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScenario } from '../src/lib/scenarios';
import { CLI, INK_COMPILE_SCRIPT, timed } from './cli';
import { probeHeap } from './engine';
import { generateInk, generateScenario } from './generate';
import { median } from './stats';

export const TARGETS = {
	/** Median in-process compile + analysis of the slowest library scenario. */
	libraryMs: 20,
	/** Beats in the story linted against inkjs, whole process, cold. */
	lintBeats: 1_500,
	lintSpeedup: 10,
	/** Beats in the story whose compile must stay under `rssMb` peak resident memory. */
	rssBeats: 10_000,
	rssMb: 400
} as const;

const LIBRARY = fileURLToPath(new URL('../src/lib/scenarios/library', import.meta.url));
const LIBRARY_RUNS = 21;
const PROCESS_RUNS = 3;
const MB = 1_000_000;

/** Median in-process compile time of each library scenario, after one untimed compile. */
function libraryTimes(): { file: string; ms: number }[] {
	const files = readdirSync(LIBRARY).filter((f) => f.endsWith('.md'));
	return files.map((file) => {
		const source = readFileSync(join(LIBRARY, file), 'utf8');
		compileScenario(source, file);
		const times: number[] = [];
		for (let i = 0; i < LIBRARY_RUNS; i++) {
			const started = performance.now();
			compileScenario(source, file);
			times.push(performance.now() - started);
		}
		return { file, ms: median(times) };
	});
}

export async function benchCompiler(): Promise<{ passed: boolean }> {
	console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);

	const library = libraryTimes();
	const slowest = library.reduce((a, b) => (b.ms > a.ms ? b : a));
	const libraryPass = slowest.ms < TARGETS.libraryMs;
	console.log(
		`library scenario, compile + analysis in process: median ${median(library.map((l) => l.ms)).toFixed(1)} ms over ${library.length} files, slowest ${slowest.file} ${slowest.ms.toFixed(1)} ms (target < ${TARGETS.libraryMs} ms) ${libraryPass ? 'PASS' : 'FAIL'}`
	);

	let lintPass = false;
	const story = generateScenario(TARGETS.lintBeats);
	if (!existsSync(CLI)) {
		console.error('bench compiler: dist/rapport-scenarios.js is missing; run `npm run build:cli`');
	} else {
		const dir = await mkdtemp(join(tmpdir(), 'rapport-bench-compiler-'));
		try {
			const md = join(dir, 'story.md');
			const ink = join(dir, 'story.ink');
			await writeFile(md, story);
			await writeFile(ink, generateInk(TARGETS.lintBeats));
			// The story is over the app's 1 MB upload limit (RAP021); the CLI raises it on request.
			const bytes = String(Buffer.byteLength(story));
			const ours = timed([CLI, 'lint', md, '--max-bytes', bytes], PROCESS_RUNS);
			const inkjs = timed(['-e', INK_COMPILE_SCRIPT, ink], PROCESS_RUNS);
			const ratio = inkjs / ours;
			lintPass = ratio >= TARGETS.lintSpeedup;
			console.log(
				`${TARGETS.lintBeats}-beat story (${(Buffer.byteLength(story) / MB).toFixed(2)} MB), whole process cold (median of ${PROCESS_RUNS}): rapport-scenarios lint ${ours.toFixed(0)} ms, inkjs compile ${inkjs.toFixed(0)} ms, ${ratio.toFixed(1)}x (target >= ${TARGETS.lintSpeedup}x) ${lintPass ? 'PASS' : 'FAIL'}`
			);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}

	const { rss } = await probeHeap('ours', TARGETS.rssBeats);
	const rssPass = rss < TARGETS.rssMb * MB;
	console.log(
		`${TARGETS.rssBeats}-beat story, one compile in a fresh process: peak RSS ${(rss / MB).toFixed(1)} MB (target < ${TARGETS.rssMb} MB) ${rssPass ? 'PASS' : 'FAIL'}`
	);
	return { passed: libraryPass && lintPass && rssPass };
}
