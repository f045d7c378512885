/**
 * One compile in a fresh process, for the engine benchmark's heap figure:
 *   node --expose-gc --trace-gc --import tsx bench/engine-heap.ts <ours|ink> <beats>
 *
 * A fresh process per measurement, so neither the other compiler's garbage nor earlier runs
 * count. The parent reads V8's --trace-gc lines for the heap size before each collection; with
 * the heap-used figure printed here after the compile, that gives the true peak (heap use only
 * falls at a collection, so its maximum is just before one or at the end).
 */

import { compileInk, compileOurs } from './engine';
import { generateInk, generateScenario } from './generate';

const [engine, size] = process.argv.slice(2);
const n = Number(size);
if ((engine !== 'ours' && engine !== 'ink') || !Number.isInteger(n) || n < 1) {
	console.error('usage: engine-heap.ts <ours|ink> <beats>');
	process.exit(2);
}

const source = engine === 'ours' ? generateScenario(n) : generateInk(n);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('bench: run engine-heap.ts with --expose-gc');
gc();
const before = process.memoryUsage();
const result = engine === 'ours' ? compileOurs(source) : compileInk(source);
const after = process.memoryUsage();
// Printed while the result is still referenced, so `end` counts the compiled story too. Typed
// arrays live outside the V8 heap, so the resident set size is reported as well: maxRSS is the
// high-water mark of everything the process held, in kilobytes.
const report = {
	baseline: before.heapUsed,
	end: after.heapUsed,
	rssBaseline: before.rss,
	rssPeak: process.resourceUsage().maxRSS * 1024,
	ok: result.ok
};
console.log(`BENCH-HEAP ${JSON.stringify(report)}`);
