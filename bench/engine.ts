/**
 * The engine benchmark: Rapport's compile + full analysis against inkjs's compiler, on equivalent
 * generated stories (bench/generate.ts). Prints medians, the ratio and peak heap, then PASS/FAIL
 * against the targets from the issue. A benchmark, not a timed test: nothing here runs in CI.
 */

import { execFile } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { compileScenario } from '../src/lib/scenarios';
import { Compiler } from 'inkjs/compiler/Compiler';
import { median } from './stats';

export const SIZES = [500, 2_000, 10_000] as const;

/** inkjs needs seconds per compile at these sizes, so it gets fewer runs. */
const RUNS: Record<number, { ours: number; ink: number }> = {
	500: { ours: 5, ink: 3 },
	2_000: { ours: 5, ink: 3 },
	10_000: { ours: 3, ink: 1 }
};

export const TARGETS = {
	/** At this size, our compile + analysis must be at least `speedup` times faster than inkjs. */
	speedupBeats: 2_000,
	speedup: 25,
	/** At this size, our peak heap must stay under `heapMb`. */
	heapBeats: 10_000,
	heapMb: 100
} as const;

const MB = 1_000_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

export interface Compiled {
	ok: boolean;
	/** First problems, for the message when a generated story does not compile. */
	problems: string[];
}

/** compileScenario: parse, validate and the full analysis, with the size cap raised. */
export function compileOurs(source: string): Compiled {
	const result = compileScenario(source, 'bench.md', { maxBytes: Infinity });
	const errors = result.diagnostics.filter((d) => d.severity === 'error');
	return {
		ok: errors.length === 0 && result.scenario !== undefined && result.analysis !== undefined,
		problems: errors.slice(0, 5).map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)
	};
}

export function compileInk(source: string): Compiled {
	const compiler = new Compiler(source);
	let ok = true;
	try {
		compiler.Compile();
	} catch {
		// inkjs throws "Compilation failed." after collecting its errors; they are reported below.
		ok = false;
	}
	return { ok: ok && compiler.errors.length === 0, problems: compiler.errors.slice(0, 5) };
}

/** Times one compile in a fresh child process (see engine-time.ts for why). */
async function timeInChild(engine: 'ours' | 'ink', beats: number): Promise<number> {
	const args = ['--import', 'tsx', 'bench/engine-time.ts', engine, String(beats)];
	const stdout = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 16 * MB }).then(
		(r) => r.stdout,
		(e: { stderr?: string }) => {
			const why = (e.stderr ?? '').trim().split('\n').slice(-6).join('\n  ');
			throw new Error(`bench: timing ${engine} at ${beats} beats failed:\n  ${why}`);
		}
	);
	const line = stdout.split('\n').find((l) => l.startsWith('BENCH-TIME '));
	if (!line) throw new Error(`bench: no times from ${engine} at ${beats} beats`);
	return Number(line.slice('BENCH-TIME '.length));
}

/**
 * Alternates the two compilers run by run, each in a fresh process, so a burst of load from
 * elsewhere on the machine lands on both sides of the ratio rather than on one.
 */
async function timeBoth(beats: number) {
	const runs = RUNS[beats];
	const ours: number[] = [];
	const inkMs: number[] = [];
	for (let i = 0; i < Math.max(runs.ours, runs.ink); i++) {
		if (i < runs.ours) ours.push(await timeInChild('ours', beats));
		if (i < runs.ink) inkMs.push(await timeInChild('ink', beats));
	}
	return { ours, ink: inkMs };
}

export interface HeapProbe {
	/** Highest heap use in the child: the largest size before any GC, or at the end. */
	peak: number;
	/** Heap use after a full GC just before compiling (runtime, modules, the source text). */
	baseline: number;
	/** The process's resident set high-water mark: heap, typed arrays, code and all. */
	rss: number;
}

/** Heap sizes V8 prints with --trace-gc, as "used (committed) -> used (committed) MB" in MiB. */
export function peakFromTraceGc(trace: string): number {
	let peak = 0;
	for (const m of trace.matchAll(/([\d.]+) \([\d.]+\) -> [\d.]+ \([\d.]+\) MB/g)) {
		peak = Math.max(peak, Number(m[1]) * 1024 * 1024);
	}
	return peak;
}

/** Runs one compile in a fresh `node --expose-gc --trace-gc` process and returns its peak heap. */
export async function probeHeap(
	engine: 'ours' | 'ink',
	beats: number,
	nodeFlags: string[] = []
): Promise<HeapProbe> {
	const args = [
		...nodeFlags,
		'--expose-gc',
		'--trace-gc',
		'--import',
		'tsx',
		'bench/engine-heap.ts',
		engine,
		String(beats)
	];
	const stdout = await run(process.execPath, args, { cwd: ROOT, maxBuffer: 256 * MB }).then(
		(r) => r.stdout,
		(e: { stderr?: string }) => {
			// The trace on stdout is long; the last lines of stderr say what went wrong.
			const why = (e.stderr ?? '').trim().split('\n').slice(-6).join('\n  ');
			throw new Error(`bench: the ${engine} heap probe at ${beats} beats failed:\n  ${why}`);
		}
	);
	const line = stdout.split('\n').find((l) => l.startsWith('BENCH-HEAP '));
	if (!line) throw new Error(`bench: no heap report from the ${engine} probe at ${beats} beats`);
	const report = JSON.parse(line.slice('BENCH-HEAP '.length));
	if (!report.ok) throw new Error(`bench: the ${engine} probe failed to compile ${beats} beats`);
	return {
		peak: Math.max(peakFromTraceGc(stdout), report.end),
		baseline: report.baseline,
		rss: report.rssPeak
	};
}

/** Whether our compile completes when V8 may not grow the heap past the target at all. */
async function fitsUnder(beats: number, mb: number): Promise<boolean> {
	// --max-heap-size caps old and young generation together, so a pass means the whole heap fit.
	return probeHeap('ours', beats, [`--max-heap-size=${Math.floor((mb * MB) / 1024 / 1024)}`])
		.then(() => true)
		.catch(() => false);
}

export interface SizeResult {
	beats: number;
	ours: number[];
	ink: number[];
	oursHeap: HeapProbe;
	inkHeap: HeapProbe;
}

const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
const fmtMb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const pad = (s: string, w: number) => s.padStart(w);

function row(cells: string[]): string {
	const widths = [7, 12, 12, 9, 22, 10, 22, 10];
	return cells.map((c, i) => pad(c, widths[i])).join('  ');
}

export async function benchEngine(): Promise<{ passed: boolean; results: SizeResult[] }> {
	const started = performance.now();
	console.log('Engine: Rapport compile + full analysis vs inkjs 2.4.0 compile');
	console.log(`Node ${process.version}, ${cpus().length} CPUs; stories from bench/generate.ts`);
	// The ratio is robust to a busy machine, the absolute times are not: show how busy it was.
	console.log(`Load average at start: ${loadavg()[0].toFixed(2)}\n`);

	const results: SizeResult[] = [];
	for (const beats of SIZES) {
		const { ours, ink } = await timeBoth(beats);
		const oursHeap = await probeHeap('ours', beats);
		const inkHeap = await probeHeap('ink', beats);
		results.push({ beats, ours, ink, oursHeap, inkHeap });
		console.error(`  measured ${beats} beats`);
	}

	console.log(
		row([
			'beats',
			'rapport ms',
			'inkjs ms',
			'ink/ours',
			'rapport heap (+compile)',
			'rss',
			'inkjs heap (+compile)',
			'rss'
		])
	);
	for (const r of results) {
		const o = median(r.ours);
		const k = median(r.ink);
		console.log(
			row([
				r.beats.toLocaleString('en'),
				`${fmtMs(o)} (${r.ours.length})`,
				`${fmtMs(k)} (${r.ink.length})`,
				`${(k / o).toFixed(1)}x`,
				`${fmtMb(r.oursHeap.peak)} (+${fmtMb(r.oursHeap.peak - r.oursHeap.baseline)})`,
				fmtMb(r.oursHeap.rss),
				`${fmtMb(r.inkHeap.peak)} (+${fmtMb(r.inkHeap.peak - r.inkHeap.baseline)})`,
				fmtMb(r.inkHeap.rss)
			])
		);
	}
	console.log(
		'\nms: median wall time of one compile (runs in brackets). heap: peak V8 heap in a fresh\n' +
			'process doing one compile (in brackets, the part above the heap before compiling).\n' +
			"rss: that process's peak resident memory, including typed arrays outside the heap.\n"
	);

	const atSpeed = results.find((r) => r.beats === TARGETS.speedupBeats)!;
	const speedup = median(atSpeed.ink) / median(atSpeed.ours);
	const speedOk = speedup >= TARGETS.speedup;
	const atHeap = results.find((r) => r.beats === TARGETS.heapBeats)!;
	const fits = await fitsUnder(TARGETS.heapBeats, TARGETS.heapMb);
	const heapOk = atHeap.oursHeap.peak < TARGETS.heapMb * MB && fits;

	const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
	console.log(
		`${verdict(speedOk)}  ${TARGETS.speedupBeats.toLocaleString('en')} beats: Rapport is ` +
			`${speedup.toFixed(1)}x faster than inkjs (target >= ${TARGETS.speedup}x)`
	);
	console.log(
		`${verdict(heapOk)}  ${TARGETS.heapBeats.toLocaleString('en')} beats: Rapport peak heap ` +
			`${fmtMb(atHeap.oursHeap.peak)} (target < ${TARGETS.heapMb} MB); completes with ` +
			`--max-heap-size capped at ${TARGETS.heapMb} MB: ${fits ? 'yes' : 'no'}`
	);
	const took = ((performance.now() - started) / 1000).toFixed(0);
	console.log(`\nEngine benchmark took ${took} s; load average at end: ${loadavg()[0].toFixed(2)}`);
	return { passed: speedOk && heapOk, results };
}
