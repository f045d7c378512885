import type { Beat, Scenario } from './types';

/** The beat graph as Mermaid, Graphviz dot or JSON, for `scenarios graph`. */

export interface GraphJson {
	nodes: { id: string; title: string; kind: Beat['kind']; outcome?: string; rupture?: string }[];
	edges: { from: string; to: string; choice?: string; condition?: string }[];
}

export function graphJson(scenario: Scenario): GraphJson {
	return {
		nodes: scenario.beats.map((b) => ({
			id: b.id,
			title: b.title,
			kind: b.kind,
			...(b.outcome ? { outcome: b.outcome } : {}),
			...(b.rupture ? { rupture: b.rupture } : {})
		})),
		edges: scenario.beats.flatMap((b) => [
			...b.choices.map((c) => ({ from: b.id, to: c.target, choice: c.id })),
			...b.routes.map((r) => ({
				from: b.id,
				to: r.target,
				...(r.conditionSource ? { condition: r.conditionSource } : {})
			}))
		])
	};
}

const quote = (s: string) => s.replace(/"/g, "'");

export function graphMermaid(scenario: Scenario): string {
	const g = graphJson(scenario);
	const lines = ['flowchart TD'];
	for (const n of g.nodes) {
		const label = quote(n.title);
		const shape =
			n.kind === 'ending' ? `(["${label}"])` : n.kind === 'route' ? `{"${label}"}` : `["${label}"]`;
		lines.push(`  ${n.id.replace(/-/g, '_')}${shape}`);
	}
	for (const e of g.edges) {
		const label = e.choice ?? e.condition;
		lines.push(
			`  ${e.from.replace(/-/g, '_')} -->${label ? `|"${quote(label)}"|` : ''} ${e.to.replace(/-/g, '_')}`
		);
	}
	return lines.join('\n');
}

export function graphDot(scenario: Scenario): string {
	const g = graphJson(scenario);
	const lines = [`digraph "${quote(scenario.id)}" {`, '  rankdir=TB;'];
	for (const n of g.nodes) {
		const shape = n.kind === 'ending' ? 'doubleoctagon' : n.kind === 'route' ? 'diamond' : 'box';
		lines.push(`  "${n.id}" [label="${quote(n.title)}", shape=${shape}];`);
	}
	for (const e of g.edges) {
		const label = e.choice ?? e.condition;
		lines.push(`  "${e.from}" -> "${e.to}"${label ? ` [label="${quote(label)}"]` : ''};`);
	}
	lines.push('}');
	return lines.join('\n');
}
