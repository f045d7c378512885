import { findScenario, versionMap } from '../../src/lib/server/scenario-library';
import { describe, expect, it } from 'vitest';
import { MAP, mapLayout, markPath, wrapLabel, type MapLayout } from '../../src/lib/scenarios/map';
import type { Scenario } from '../../src/lib/scenarios/types';
import { libraryScenarios, sampleScenarios } from '../scenarios/walk';
import { crosses, overlaps } from '../support/map-geometry';

/**
 * The debrief's map, laid out by ELK: boxes apart, every edge routed, and no line crossing a box
 * it does not start or end at, so the path drawn in bold never runs through an unvisited beat.
 */

const scenarios = [...libraryScenarios(), ...sampleScenarios()]
	.filter((s) => s.result.scenario)
	.map((s) => ({ name: s.name, scenario: s.result.scenario! }));

/** A path through the graph: from the start, the last target of each beat, to an ending. */
function somePath(scenario: Scenario) {
	const byId = new Map(scenario.beats.map((b) => [b.id, b]));
	const path = [scenario.start];
	for (let b = byId.get(scenario.start); b && b.kind !== 'ending';) {
		const targets = [...b.choices.map((c) => c.target), ...b.routes.map((r) => r.target)];
		const next = targets[targets.length - 1];
		path.push(next);
		b = byId.get(next);
	}
	const decisions = path.filter((id) => byId.get(id)?.kind === 'decision');
	return { path, decisions };
}

function segments(map: MapLayout) {
	return map.edges.flatMap((e) => e.points.slice(1).map((q, i) => ({ e, p: e.points[i], q })));
}

describe('mapLayout', () => {
	it('has scenarios to lay out', () => {
		expect(scenarios.length).toBeGreaterThan(3);
	});

	for (const { name, scenario } of scenarios) {
		it(`${name}: boxes apart, edges routed round them, the path marked`, async () => {
			const taken = somePath(scenario);
			const map = await mapLayout(scenario, taken);

			expect(map.nodes.map((n) => n.id).sort()).toEqual(scenario.beats.map((b) => b.id).sort());
			for (const [i, a] of map.nodes.entries()) {
				expect(a.width).toBeGreaterThan(0);
				expect(a.x + a.width).toBeLessThanOrEqual(map.width);
				expect(a.y + a.height).toBeLessThanOrEqual(map.height);
				for (const b of map.nodes.slice(i + 1))
					expect(overlaps(a, b), `${a.id} / ${b.id}`).toBe(false);
			}

			const expected = scenario.beats.flatMap((b) =>
				[...new Set([...b.choices.map((c) => c.target), ...b.routes.map((r) => r.target)])].map(
					(t) => `${b.id}>${t}`
				)
			);
			expect(map.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(expected.sort());
			const at = new Map(map.nodes.map((n) => [n.id, n]));
			for (const e of map.edges) {
				expect(e.points.length, `${e.from}>${e.to}`).toBeGreaterThanOrEqual(2);
				// Orthogonal: every segment horizontal or vertical.
				for (const [i, q] of e.points.slice(1).entries()) {
					const p = e.points[i];
					expect(Math.abs(p.x - q.x) < 0.01 || Math.abs(p.y - q.y) < 0.01).toBe(true);
				}
				// It starts on its source box and ends on its target box.
				const [from, to] = [at.get(e.from)!, at.get(e.to)!];
				const first = e.points[0];
				const last = e.points[e.points.length - 1];
				expect(first.y).toBeCloseTo(from.y + from.height, 0);
				expect(last.y).toBeCloseTo(to.y, 0);
			}
			for (const { e, p, q } of segments(map)) {
				for (const n of map.nodes) {
					if (n.id === e.from || n.id === e.to) continue;
					expect(crosses(p, q, n), `${e.from}>${e.to} crosses ${n.id}`).toBe(false);
				}
			}

			const takenEdges = map.edges.filter((e) => e.taken).map((e) => `${e.from}>${e.to}`);
			expect(takenEdges).toEqual(
				expect.arrayContaining(taken.path.slice(1).map((to, i) => `${taken.path[i]}>${to}`))
			);
			expect(takenEdges).toHaveLength(taken.path.length - 1);
			for (const n of map.nodes) {
				expect(n.visited).toBe(taken.path.includes(n.id));
				expect(n.step).toBe(
					taken.decisions.includes(n.id) ? taken.decisions.indexOf(n.id) : undefined
				);
			}
		});
	}

	it('wraps labels to whole words, never truncating, and sizes the box to them', async () => {
		expect(wrapLabel('The client goes quiet after the question about her sister')).toEqual([
			'The client goes quiet',
			'after the question',
			'about her sister'
		]);
		expect(wrapLabel('Supercalifragilisticexpialidocious yes')).toEqual([
			'Supercalifragilisticexpialidocious',
			'yes'
		]);
		const { scenario } = scenarios[0];
		const map = await mapLayout(scenario);
		for (const n of map.nodes.filter((n) => n.kind !== 'route')) {
			expect(n.lines.join(' ')).toBe(n.title.split(/\s+/).filter(Boolean).join(' '));
			const widest = Math.max(...n.lines.map((l) => l.length));
			expect(n.width).toBeGreaterThanOrEqual(widest * MAP.charWidth);
			expect(n.height).toBeGreaterThanOrEqual(n.lines.length * MAP.lineHeight);
		}
		expect(map.type.fontSize).toBe(MAP.fontSize);
		expect(MAP.fontSize).toBeGreaterThanOrEqual(12);
	});
});

describe('a version laid out once', () => {
	it('gives every debrief of a version the same layout, marked with its own path', async () => {
		const { scenario } = findScenario('coat-still-on')!;
		const first = versionMap(scenario);
		expect(versionMap(scenario)).toBe(first);
		const layout = await first;
		expect(layout.nodes.every((n) => !n.visited)).toBe(true);
		const taken = { path: [scenario.start], decisions: [scenario.start] };
		const marked = markPath(layout, taken);
		expect(marked).toEqual(await mapLayout(scenario, taken));
		// Marking leaves the shared layout untouched for the next debrief.
		expect(layout.nodes.every((n) => !n.visited)).toBe(true);
	});
});
