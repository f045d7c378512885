import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/generate';
import { compileScenario } from '../../src/lib/scenarios';
import { LARGE_MAP_BEATS, layoutBeats, mapLayoutOptions } from '../../src/lib/scenarios/map-graph';
import { libraryScenarios, sampleScenarios } from '../scenarios/walk';
import { crosses, overlaps } from '../support/map-geometry';

/**
 * The map's ELK options by size (`mapLayoutOptions`): small maps, every debrief's among them,
 * keep the original layout; large drafts get faster options with the same kind of drawing, and
 * an 800-beat draft's map is laid out whole. How fast is the bench's business
 * (`npm run bench -- studio-map`), never a test's.
 */

describe('mapLayoutOptions', () => {
	it('keeps the original options up to LARGE_MAP_BEATS and switches above it', () => {
		const small = mapLayoutOptions(LARGE_MAP_BEATS);
		const large = mapLayoutOptions(LARGE_MAP_BEATS + 1);
		expect(mapLayoutOptions(1)).toEqual(small);
		expect(small['elk.layered.nodePlacement.strategy']).toBe('NETWORK_SIMPLEX');
		expect(small['elk.layered.considerModelOrder.strategy']).toBe('NODES_AND_EDGES');
		expect(large['elk.layered.nodePlacement.strategy']).toBe('LINEAR_SEGMENTS');
		expect(large).not.toEqual(small);
		expect(mapLayoutOptions(800)).toEqual(large);
		// The same kind of drawing: layered, top to bottom, orthogonal edges, the same spacing.
		for (const key of Object.keys(small).filter((k) => !k.startsWith('elk.layered.')))
			expect(large[key], key).toBe(small[key]);
		for (const key of [
			'elk.layered.spacing.nodeNodeBetweenLayers',
			'elk.layered.spacing.edgeNodeBetweenLayers'
		])
			expect(large[key], key).toBe(small[key]);
	});

	it('leaves every library and sample scenario (the debrief maps) on the original options', () => {
		const sizes = [...libraryScenarios(), ...sampleScenarios()]
			.filter((s) => s.result.scenario)
			.map((s) => s.result.scenario!.beats.length);
		expect(sizes.length).toBeGreaterThan(3);
		for (const n of sizes) expect(n).toBeLessThanOrEqual(LARGE_MAP_BEATS);
	});
});

describe('the map of an 800-beat draft', () => {
	it('is laid out whole: every beat placed, no boxes overlapping, every link routed round the boxes', async () => {
		const story = generateScenario(800);
		const { scenario } = compileScenario(story, 'generated-800.md', {
			maxBytes: Buffer.byteLength(story)
		});
		const beats = scenario!.beats;
		expect(beats.length).toBeGreaterThan(LARGE_MAP_BEATS);
		const map = await layoutBeats(new ELK(), beats);

		expect(map.nodes.map((n) => n.id).sort()).toEqual(beats.map((b) => b.id).sort());
		const nodes = [...map.nodes].sort((a, b) => a.y - b.y);
		for (const [i, a] of nodes.entries()) {
			expect(a.width).toBeGreaterThan(0);
			expect(a.x).toBeGreaterThanOrEqual(0);
			expect(a.x + a.width).toBeLessThanOrEqual(map.width);
			expect(a.y + a.height).toBeLessThanOrEqual(map.height);
			// Sorted by top edge: only the boxes starting above a's bottom can overlap it.
			for (const b of nodes.slice(i + 1)) {
				if (b.y >= a.y + a.height) break;
				expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
			}
		}
		const links = beats.flatMap((b) =>
			[...new Set([...b.choices.map((c) => c.target), ...b.routes.map((r) => r.target)])].map(
				(t) => `${b.id}>${t}`
			)
		);
		expect(map.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(links.sort());
		// Checked in plain loops and expected once: millions of `expect` calls would take minutes.
		const wrong: string[] = [];
		for (const e of map.edges) {
			const edge = `${e.from}>${e.to}`;
			if (e.points.length < 2) wrong.push(`${edge} has no route`);
			for (const [i, q] of e.points.slice(1).entries()) {
				const p = e.points[i];
				if (Math.abs(p.x - q.x) >= 0.01 && Math.abs(p.y - q.y) >= 0.01)
					wrong.push(`${edge} is not orthogonal`);
				// No line runs through a beat it does not visit.
				for (const n of map.nodes)
					if (n.id !== e.from && n.id !== e.to && crosses(p, q, n))
						wrong.push(`${edge} crosses ${n.id}`);
			}
		}
		expect(wrong).toEqual([]);
	}, 180_000);
});
