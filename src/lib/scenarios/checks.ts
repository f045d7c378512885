import { checkProse } from './check-prose';
import type { Diagnostics } from './diagnostics';
import type { FrontMatter } from './front-matter';
import { checkGraph, type GraphResult } from './graph';
import type { SyntaxTree } from './parse';
import type { Beat } from './types';

/**
 * The checks phase: what can be said about the built beats before any condition is evaluated.
 * Principles listed but never scored (RAP020), the beat graph (graph.ts: targets, cycles,
 * reachability, endings) and every prose field as the pages will render it (check-prose.ts).
 * Returns the graph's topological order and reachable beats, which the analysis starts from.
 */
export function checkScenario(
	tree: SyntaxTree,
	front: FrontMatter | undefined,
	built: { beats: Beat[]; scored: Set<string> },
	intro: string,
	d: Diagnostics
): GraphResult {
	if (front) checkPrinciplesScored(front, built.scored, d);
	const graph = checkGraph(built.beats, tree, d);
	checkProse(tree, built.beats, intro, d);
	return graph;
}

function checkPrinciplesScored(front: FrontMatter, scored: Set<string>, d: Diagnostics) {
	for (const p of front.principles) {
		if (scored.has(p)) continue;
		const pos = front.positions.get(`principles.${p}`)!;
		d.add(
			'RAP020',
			pos.line,
			pos.column,
			`principle \`${p}\` is listed but no choice scores it`,
			`score it in some choice (\`scores: ${p} +1\`) or remove it from the list`
		);
	}
}
