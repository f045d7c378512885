/**
 * The studio map's budget (issue 14: "the map stays usable on an 800-beat scenario"): the time
 * ELK takes to lay out the map of the generated stories (`generate.ts`) of 60, 300 and 800
 * beats, in process with elkjs's bundled build (the studio runs the same code in a Web Worker),
 * through `layoutBeats` and the options `mapLayoutOptions` chooses. For comparison, the 60- and
 * 300-beat maps are also laid out with the small-map options (what every map used before the
 * size rule; at 800 beats they took over two minutes, so that one is not run).
 * Wall and CPU time are both printed: on a shared machine the wall time includes waiting for a
 * core. A benchmark, not a timed test: nothing here runs in CI.
 */

import ELK from 'elkjs/lib/elk.bundled.js';
import { cpus, loadavg } from 'node:os';
import { compileScenario } from '../src/lib/scenarios';
import {
	LARGE_MAP_BEATS,
	layoutBeats,
	mapLayoutOptions,
	type Layouter,
	type MapBeat
} from '../src/lib/scenarios/map-graph';
import { generateScenario } from './generate';

export const TARGETS = {
	/** Beats in the story whose map must lay out under `layoutMs`. */
	beats: 800,
	/** Wall time of one layout of that map, ms. */
	layoutMs: 2_000
} as const;

const SIZES = [60, 300, TARGETS.beats];
const COMPARED = [60, 300];

function beatsOf(n: number): MapBeat[] {
	const story = generateScenario(n);
	const { scenario } = compileScenario(story, `generated-${n}.md`, {
		maxBytes: Buffer.byteLength(story)
	});
	if (!scenario) throw new Error(`bench studio-map: the ${n}-beat story did not compile`);
	return scenario.beats;
}

/** One layout, timed: wall and CPU milliseconds, and the map's size. */
async function timeLayout(elk: Layouter, beats: readonly MapBeat[]) {
	const cpu = process.cpuUsage();
	const start = performance.now();
	const map = await layoutBeats(elk, beats);
	const wall = performance.now() - start;
	const used = process.cpuUsage(cpu);
	return { wall, cpu: (used.user + used.system) / 1000, map };
}

/** ELK with the small-map options whatever the size: the map as it was laid out before. */
function smallOptions(elk: Layouter): Layouter {
	return { layout: (graph) => elk.layout({ ...graph, layoutOptions: mapLayoutOptions(0) }) };
}

export async function benchStudioMap(): Promise<{ passed: boolean }> {
	console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);
	console.log(`maps over ${LARGE_MAP_BEATS} beats get the large-map options`);
	const stories = new Map(SIZES.map((n) => [n, beatsOf(n)]));
	// One untimed layout first, so the first figure does not carry the JIT's warm-up alone.
	await layoutBeats(new ELK(), stories.get(SIZES[0])!);

	let passed = true;
	for (const n of SIZES) {
		const { wall, cpu, map } = await timeLayout(new ELK(), stories.get(n)!);
		const size = `${Math.round(map.width)} x ${Math.round(map.height)} px`;
		let line = `${n} beats: layout ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU, ${size}`;
		if (n === TARGETS.beats) {
			const ok = wall < TARGETS.layoutMs;
			passed &&= ok;
			line += ` (target < ${TARGETS.layoutMs} ms) ${ok ? 'PASS' : 'FAIL'}`;
		}
		console.log(line);
		if (COMPARED.includes(n) && n > LARGE_MAP_BEATS) {
			const before = await timeLayout(smallOptions(new ELK()), stories.get(n)!);
			console.log(
				`${n} beats with the small-map options: ${before.wall.toFixed(0)} ms wall, ${before.cpu.toFixed(0)} ms CPU`
			);
		}
	}
	console.log(`load average at end: ${loadavg()[0].toFixed(2)}`);
	return { passed };
}
