import { didYouMean, type Diagnostics } from './diagnostics';
import type { SyntaxTree } from './parse';
import type { Beat } from './types';

/**
 * Structural checks on the beat graph, ignoring conditions: unknown targets, cycles,
 * reachability and endings. analyse.ts then repeats reachability with conditions applied.
 */

/** Every edge of a beat, choices first, in file order. */
export function edgesOf(beat: Beat): { target: string; line: number }[] {
	return [...beat.choices, ...beat.routes].map((e) => ({ target: e.target, line: e.line }));
}

export interface GraphResult {
	/** Beats in an order where every edge goes forward; undefined when there is a cycle. */
	order?: Beat[];
	reachable: Set<string>;
}

export function checkGraph(beats: Beat[], tree: SyntaxTree, d: Diagnostics): GraphResult {
	const byId = new Map<string, Beat>();
	for (const beat of beats) if (!byId.has(beat.id)) byId.set(beat.id, beat);
	const ids = [...byId.keys()];

	beats.forEach((beat, i) => {
		const syntax = tree.beats[i];
		for (const t of [syntax.choices, syntax.routes].flat()) {
			if (t.target && !byId.has(t.target) && !/\s/.test(t.target))
				d.add(
					'RAP005',
					t.line,
					t.targetColumn,
					`no beat has the id \`${t.target}\``,
					didYouMean(t.target, ids) ?? 'check the `{#id}` of the beat you mean'
				);
		}
	});

	const start = beats[0];
	const reachable = new Set<string>();
	if (!start) {
		if (!tree.unclosed)
			d.add(
				'RAP015',
				tree.frontMatter ? tree.frontMatter.firstLine : 1,
				1,
				'the scenario has no beats',
				'add a beat with a `## Heading`, and at least one `.ending`'
			);
		return { reachable };
	}

	// Iterative DFS: colours find cycles, post-order gives a topological order.
	const WHITE = 0,
		GREY = 1,
		BLACK = 2;
	const colour = new Map<string, number>();
	const post: Beat[] = [];
	let cyclic = false;
	const stack: { beat: Beat; edges: { target: string; line: number }[]; next: number }[] = [
		{ beat: start, edges: edgesOf(start), next: 0 }
	];
	colour.set(start.id, GREY);
	reachable.add(start.id);
	while (stack.length > 0) {
		const frame = stack[stack.length - 1];
		const edges = frame.edges;
		if (frame.next >= edges.length) {
			colour.set(frame.beat.id, BLACK);
			post.push(frame.beat);
			stack.pop();
			continue;
		}
		const edge = edges[frame.next++];
		const target = byId.get(edge.target);
		if (!target) continue;
		const c = colour.get(target.id) ?? WHITE;
		if (c === GREY) {
			cyclic = true;
			const loop = stack
				.slice(stack.findIndex((f) => f.beat.id === target.id))
				.map((f) => f.beat.id);
			d.add(
				'RAP016',
				edge.line,
				1,
				`this leads back to \`${target.id}\`: ${[...loop, target.id].join(' -> ')}`,
				'scenarios move forward in time; lead to a new beat instead'
			);
		} else if (c === WHITE) {
			colour.set(target.id, GREY);
			reachable.add(target.id);
			stack.push({ beat: target, edges: edgesOf(target), next: 0 });
		}
	}

	for (const beat of beats) {
		if (!reachable.has(beat.id) && byId.get(beat.id) === beat)
			d.add(
				'RAP014',
				beat.line,
				1,
				`beat \`${beat.id}\` cannot be reached from the start`,
				'lead to it from a choice or route, or remove it'
			);
	}
	if (![...reachable].some((id) => byId.get(id)!.kind === 'ending'))
		d.add(
			'RAP015',
			start.line,
			1,
			'no ending can be reached from the start',
			'mark at least one reachable beat `.ending outcome=...`'
		);

	return { order: cyclic ? undefined : post.reverse(), reachable };
}
