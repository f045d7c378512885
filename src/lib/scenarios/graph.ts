import { didYouMean, type Diagnostics } from './diagnostics';
import type { SyntaxTree } from './parse';
import type { Beat } from './types';

/**
 * Structural checks on the beat graph, ignoring conditions: unknown targets, cycles,
 * reachability and endings. analyse.ts then repeats reachability with conditions applied.
 */

/** Number of edges of a beat: its choices, then its routes, in file order. */
function edgeCount(beat: Beat): number {
	return beat.choices.length + beat.routes.length;
}

/** Edge `k` of a beat, counting its choices first and then its routes. */
function edgeAt(beat: Beat, k: number): { target: string; line: number } {
	return k < beat.choices.length ? beat.choices[k] : beat.routes[k - beat.choices.length];
}

export interface GraphResult {
	/** Beats in an order where every edge goes forward; undefined when there is a cycle. */
	order?: Beat[];
	reachable: Set<string>;
}

/** An unknown target is reported where it is written, so the syntax tree gives the column. */
function checkTargets(
	edges: { target: string; line: number; targetColumn: number }[],
	byId: Map<string, Beat>,
	ids: string[],
	d: Diagnostics
) {
	for (let k = 0; k < edges.length; k++) {
		const t = edges[k];
		if (t.target && !byId.has(t.target) && !/\s/.test(t.target))
			d.add(
				'RAP005',
				t.line,
				t.targetColumn,
				`no beat has the id \`${t.target}\``,
				didYouMean(t.target, ids) ?? 'check the `{#id}` of the beat you mean'
			);
	}
}

export function checkGraph(beats: Beat[], tree: SyntaxTree, d: Diagnostics): GraphResult {
	const byId = new Map<string, Beat>();
	for (let i = 0; i < beats.length; i++)
		if (!byId.has(beats[i].id)) byId.set(beats[i].id, beats[i]);
	const ids = [...byId.keys()];

	for (let i = 0; i < beats.length; i++) {
		checkTargets(tree.beats[i].choices, byId, ids, d);
		checkTargets(tree.beats[i].routes, byId, ids, d);
	}

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

	// Iterative DFS: colours find cycles, post-order gives a topological order. Each frame is a
	// beat and the index of its next edge, kept in two parallel stacks rather than an object.
	const WHITE = 0,
		GREY = 1,
		BLACK = 2;
	const colour = new Map<string, number>();
	const post: Beat[] = [];
	let cyclic = false;
	const stackBeat: Beat[] = [start];
	const stackNext: number[] = [0];
	colour.set(start.id, GREY);
	reachable.add(start.id);
	while (stackBeat.length > 0) {
		const top = stackBeat.length - 1;
		const beat = stackBeat[top];
		if (stackNext[top] >= edgeCount(beat)) {
			colour.set(beat.id, BLACK);
			post.push(beat);
			stackBeat.pop();
			stackNext.pop();
			continue;
		}
		const edge = edgeAt(beat, stackNext[top]++);
		const target = byId.get(edge.target);
		if (!target) continue;
		const c = colour.get(target.id) ?? WHITE;
		if (c === GREY) {
			cyclic = true;
			const loop = stackBeat.slice(stackBeat.indexOf(target)).map((b) => b.id);
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
			stackBeat.push(target);
			stackNext.push(0);
		}
	}

	let endingReached = false;
	for (let i = 0; i < beats.length; i++) {
		const beat = beats[i];
		if (!reachable.has(beat.id) && byId.get(beat.id) === beat)
			d.add(
				'RAP014',
				beat.line,
				1,
				`beat \`${beat.id}\` cannot be reached from the start`,
				'lead to it from a choice or route, or remove it'
			);
		if (beat.kind === 'ending' && reachable.has(beat.id) && byId.get(beat.id) === beat)
			endingReached = true;
	}
	if (!endingReached)
		d.add(
			'RAP015',
			start.line,
			1,
			'no ending can be reached from the start',
			'mark at least one reachable beat `.ending outcome=...`'
		);

	return { order: cyclic ? undefined : post.reverse(), reachable };
}
