import type { Scenario } from './types';

/**
 * A layered layout of the beat graph for the debrief's scenario map: each beat sits on the row of
 * its longest distance from the start, so every edge points down. Pure data; the page draws it.
 */

export interface MapNode {
	id: string;
	title: string;
	kind: 'decision' | 'route' | 'ending';
	outcome?: string;
	rupture?: string;
	x: number;
	y: number;
}

export interface MapLayout {
	nodes: MapNode[];
	edges: { from: string; to: string }[];
	width: number;
	height: number;
}

export const MAP = { column: 150, row: 70, margin: 40 } as const;

export function mapLayout(scenario: Scenario): MapLayout {
	const byId = new Map(scenario.beats.map((b) => [b.id, b]));
	const depth = new Map<string, number>([[scenario.start, 0]]);
	// Beats are acyclic; relax edges in file order until nothing changes (small graphs).
	const targets = (id: string) => {
		const b = byId.get(id)!;
		return [...new Set([...b.choices.map((c) => c.target), ...b.routes.map((r) => r.target)])];
	};
	let changed = true;
	for (let pass = 0; changed && pass <= scenario.beats.length; pass++) {
		changed = false;
		for (const [id, d] of [...depth]) {
			for (const t of targets(id)) {
				if ((depth.get(t) ?? -1) < d + 1) {
					depth.set(t, d + 1);
					changed = true;
				}
			}
		}
	}
	const rows = new Map<number, string[]>();
	for (const b of scenario.beats) {
		const d = depth.get(b.id);
		if (d === undefined) continue;
		rows.set(d, [...(rows.get(d) ?? []), b.id]);
	}
	const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
	const width = widest * MAP.column + MAP.margin;
	const nodes: MapNode[] = [];
	for (const [d, ids] of rows) {
		const offset = ((widest - ids.length) * MAP.column) / 2;
		ids.forEach((id, i) => {
			const b = byId.get(id)!;
			nodes.push({
				id,
				title: b.title,
				kind: b.kind,
				...(b.outcome ? { outcome: b.outcome } : {}),
				...(b.rupture ? { rupture: b.rupture } : {}),
				x: MAP.margin / 2 + offset + i * MAP.column + MAP.column / 2,
				y: MAP.margin / 2 + d * MAP.row + MAP.row / 2
			});
		});
	}
	const edges = nodes.flatMap((n) => targets(n.id).map((to) => ({ from: n.id, to })));
	return { nodes, edges, width, height: rows.size * MAP.row + MAP.margin };
}
