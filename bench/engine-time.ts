/**
 * One timed compile in a fresh process, for the engine benchmark's times:
 *   node --import tsx bench/engine-time.ts <ours|ink> <beats>
 *
 * Each engine is timed in a process of its own, so neither pays for collecting the other's
 * garbage: inkjs leaves hundreds of megabytes behind at these sizes, and in a shared process the
 * next compile, whichever it is, pays to collect them. One untimed compile of the same story comes
 * first, for both engines alike, so the JIT and the heap have settled: the figure is a
 * compiler's steady speed, not the cost of starting a process.
 */

import { compileInk, compileOurs } from './engine';
import { generateInk, generateScenario } from './generate';

const [engine, size] = process.argv.slice(2);
const n = Number(size);
if ((engine !== 'ours' && engine !== 'ink') || !Number.isInteger(n) || n < 1) {
	console.error('usage: engine-time.ts <ours|ink> <beats>');
	process.exit(2);
}

const compile = engine === 'ours' ? compileOurs : compileInk;
const generate = engine === 'ours' ? generateScenario : generateInk;
const source = generate(n);
compile(source);
const started = performance.now();
const result = compile(source);
const ms = performance.now() - started;
if (!result.ok) {
	console.error(`bench: ${engine} at ${n} beats failed:\n  ${result.problems.join('\n  ')}`);
	process.exit(1);
}
console.log(`BENCH-TIME ${ms}`);
