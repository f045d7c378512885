import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Beat } from './types';

/**
 * The scenario map: the beat graph laid out by ELK's layered algorithm with orthogonal edges,
 * which run between the layers and round every box, so no line (the path's least of all)
 * crosses a beat it does not visit. This file holds the graph and the reading of ELK's answer,
 * with no ELK build of its own: the debrief's map runs ELK in-process on the server (map.ts),
 * and the studio's map runs it in a Web Worker in the author's browser, so a large draft's
 * layout never holds up the server or the editor (src/lib/studio/map-layout.ts).
 */

/** What the layout needs of a beat: a scenario's, or a draft's outline while it has errors. */
export type MapBeat = Pick<Beat, 'id' | 'title' | 'kind' | 'outcome' | 'rupture'> & {
	choices: readonly { target: string }[];
	routes: readonly { target: string }[];
};

/** The one call of ELK the map makes: an in-process build, or one talking to a worker. */
export interface Layouter {
	layout(graph: ElkNode): Promise<ElkNode>;
}

export interface MapNode {
	id: string;
	title: string;
	kind: 'decision' | 'route' | 'ending';
	outcome?: string;
	rupture?: string;
	/** The title wrapped to the box, every word kept: the map never truncates a label. */
	lines: string[];
	/** Top-left corner and size, in CSS pixels (the map is drawn at its natural size). */
	x: number;
	y: number;
	width: number;
	height: number;
	visited: boolean;
	/** For a decision on the path: its place in the debrief's decision list (`#decision-N`). */
	step?: number;
}

export interface MapEdge {
	from: string;
	to: string;
	/** The polyline ELK routed: start, bends, end. */
	points: { x: number; y: number }[];
	/** On the path actually taken. */
	taken: boolean;
}

export interface MapLayout {
	nodes: MapNode[];
	edges: MapEdge[];
	width: number;
	height: number;
	/** How to set the labels, so the page draws them exactly as they were measured. */
	type: { fontSize: number; lineHeight: number; padY: number };
}

/** What one attempt did: the beats in order, and the decision beats in order (their steps). */
export interface MapPath {
	path: readonly string[];
	decisions: readonly string[];
}

/** Label type and box sizes: 13 px type, drawn unscaled, so every label is above the 12 px floor. */
export const MAP = {
	fontSize: 13,
	lineHeight: 17,
	/** A deliberately wide average glyph width (0.62 em) so the wrapped text fits the box. */
	charWidth: 13 * 0.62,
	maxChars: 22,
	padX: 10,
	padY: 8,
	route: 26
} as const;

/** Greedy word wrap to `maxChars`; a word longer than a line gets a line of its own. */
export function wrapLabel(text: string, maxChars: number = MAP.maxChars): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (line && line.length + 1 + word.length > maxChars) {
			lines.push(line);
			line = word;
		} else line = line ? `${line} ${word}` : word;
	}
	if (line) lines.push(line);
	return lines.length > 0 ? lines : [''];
}

/** Above this many beats the map is laid out with `FAST_OPTIONS` (see `mapLayoutOptions`). */
export const LARGE_MAP_BEATS = 100;

/** ELK's options for every map: layered, top to bottom, orthogonal edges, the same spacing. */
const BASE_OPTIONS: Record<string, string> = {
	'elk.algorithm': 'layered',
	'elk.direction': 'DOWN',
	'elk.edgeRouting': 'ORTHOGONAL',
	'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
	'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
	'elk.spacing.nodeNode': '24',
	'elk.spacing.edgeNode': '14',
	'elk.spacing.edgeEdge': '10',
	'elk.layered.spacing.nodeNodeBetweenLayers': '40',
	'elk.layered.spacing.edgeNodeBetweenLayers': '14',
	'elk.padding': '[top=16,left=16,bottom=16,right=16]'
};

/**
 * What a large map changes: the same layered drawing with orthogonal edges, but node placement
 * by linear segments instead of network simplex (which was nearly all of the time), one sweep
 * of crossing minimisation, longest-path layering, no model-order sorting and no splitting into
 * connected components.
 */
const FAST_OPTIONS: Record<string, string> = {
	'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
	'elk.layered.thoroughness': '1',
	'elk.layered.layering.strategy': 'LONGEST_PATH',
	'elk.layered.considerModelOrder.strategy': 'NONE',
	'elk.separateConnectedComponents': 'false'
};

/**
 * The one rule for the map's ELK options: a map of up to `LARGE_MAP_BEATS` beats (every
 * debrief's map: the library's scenarios have about 25) keeps the original options; a larger
 * one (a big studio draft) gets `FAST_OPTIONS`. Measured in Node (elk.bundled.js, warmed up) on
 * the bench's generated stories (bench/generate.ts), CPU time on a machine at load 11 to 13 on
 * 2 cores (wall time there was 2 to 3 times longer):
 *   - original: 60 beats 1.0 s, 300 beats 6.9 s, 800 beats 131 s wall (load 4);
 *   - fast:     60 beats 0.7 s, 300 beats 2.0 s, 800 beats 3.8 s (the same 528 px width,
 *               about the same height, no boxes overlapping).
 * Network simplex placement grows far faster than linearly with the layers (the generated story
 * has one layer per beat), so the switch comes well before it hurts and well above any debrief.
 */
export function mapLayoutOptions(beatCount: number): Record<string, string> {
	return beatCount > LARGE_MAP_BEATS ? { ...BASE_OPTIONS, ...FAST_OPTIONS } : { ...BASE_OPTIONS };
}

const targetsOf = (b: MapBeat) => [
	...new Set([...b.choices.map((c) => c.target), ...b.routes.map((r) => r.target)])
];

/**
 * The beats' graph laid out by `elk`, with nothing marked as taken: the same for every attempt
 * on a version, so a server can lay it out once per version and mark each attempt's path on it.
 * Beat ids must be unique (a scenario's are; a draft's outline keeps the first of each).
 */
export async function layoutBeats(elk: Layouter, beats: readonly MapBeat[]): Promise<MapLayout> {
	const known = new Set(beats.map((b) => b.id));
	const lines = new Map(beats.map((b) => [b.id, b.kind === 'route' ? [] : wrapLabel(b.title)]));
	const size = (id: string) => {
		const l = lines.get(id)!;
		if (l.length === 0) return { width: MAP.route, height: MAP.route };
		const chars = Math.max(...l.map((s) => s.length));
		return {
			width: Math.ceil(chars * MAP.charWidth + 2 * MAP.padX),
			height: l.length * MAP.lineHeight + 2 * MAP.padY
		};
	};
	const edgeId = (from: string, to: string) => `${from}>${to}`;
	const graph: ElkNode = {
		id: 'root',
		layoutOptions: mapLayoutOptions(beats.length),
		children: beats.map((b) => ({ id: b.id, ...size(b.id) })),
		edges: beats.flatMap((b) =>
			targetsOf(b)
				.filter((t) => known.has(t))
				.map((t) => ({ id: edgeId(b.id, t), sources: [b.id], targets: [t] }))
		)
	};
	const laid = await elk.layout(graph);

	const byId = new Map(beats.map((b) => [b.id, b]));
	const nodes: MapNode[] = (laid.children ?? []).map((n) => {
		const b = byId.get(n.id)!;
		return {
			id: b.id,
			title: b.title,
			kind: b.kind,
			...(b.outcome ? { outcome: b.outcome } : {}),
			...(b.rupture ? { rupture: b.rupture } : {}),
			lines: lines.get(b.id)!,
			x: n.x ?? 0,
			y: n.y ?? 0,
			width: n.width ?? 0,
			height: n.height ?? 0,
			visited: false
		};
	});
	const edges: MapEdge[] = (laid.edges ?? []).map((e) => {
		const [from, to] = [e.sources[0], e.targets[0]];
		return {
			from,
			to,
			points: (e.sections ?? []).flatMap((s) => [
				s.startPoint,
				...(s.bendPoints ?? []),
				s.endPoint
			]),
			taken: false
		};
	});
	return {
		nodes,
		edges,
		width: laid.width ?? 0,
		height: laid.height ?? 0,
		type: { fontSize: MAP.fontSize, lineHeight: MAP.lineHeight, padY: MAP.padY }
	};
}

/** A laid-out map with one attempt's path marked: beats visited, decisions' steps, edges taken. */
export function markPath(layout: MapLayout, taken: MapPath): MapLayout {
	const visited = new Set(taken.path);
	const edgeId = (from: string, to: string) => `${from}>${to}`;
	const takenEdges = new Set(taken.path.slice(1).map((to, i) => edgeId(taken.path[i], to)));
	return {
		...layout,
		nodes: layout.nodes.map((n) => {
			const step = taken.decisions.indexOf(n.id);
			const { step: _old, ...node } = n;
			return {
				...node,
				visited: visited.has(n.id),
				...(step >= 0 && visited.has(n.id) ? { step } : {})
			};
		}),
		edges: layout.edges.map((e) => ({ ...e, taken: takenEdges.has(edgeId(e.from, e.to)) }))
	};
}
