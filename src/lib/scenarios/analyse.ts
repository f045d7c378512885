import { conditionMeters } from './condition';
import type { Diagnostics } from './diagnostics';
import { PRINCIPLE_IDS } from './principles';
import { REPAIR_TAGS } from './tags';
import type { Analysis, Beat, Condition, Meter } from './types';

/**
 * Exact analysis. Conditions read only meters, so the state that decides what can happen next
 * is (beat, meter values). The beat graph is acyclic and so is this state graph; one forward
 * pass discovers the feasible states and backward passes in topological order give path counts,
 * the longest path and the minimum and maximum scores over every complete path. When the meter
 * space is too large it falls back to the beat graph alone (bounds, not exact).
 *
 * Everything lives in typed arrays indexed by number: a 10,000-beat story has hundreds of
 * thousands of states, and an object per state or edge would cost more than the work itself.
 * Each pass is a function of its own: V8 optimises a small function with one hot loop soon and
 * cheaply, while one long function with every loop in it took longer to optimise than to run.
 */

const STATE_LIMIT = 4_000_000;
const GOOD_OUTCOMES = new Set(['strengthened', 'repaired']);

type Test = (values: Int32Array) => boolean;

/** A condition as a closure over meter values by index: no object lookups per state. */
function compileCondition(condition: Condition, index: Map<string, number>): Test {
	switch (condition.op) {
		case 'cmp': {
			const i = index.get(condition.meter) ?? -1;
			const v = condition.value;
			const read = (values: Int32Array) => (i < 0 ? 0 : values[i]);
			switch (condition.cmp) {
				case '>=':
					return (x) => read(x) >= v;
				case '<=':
					return (x) => read(x) <= v;
				case '>':
					return (x) => read(x) > v;
				case '<':
					return (x) => read(x) < v;
				case '==':
					return (x) => read(x) === v;
				case '!=':
					return (x) => read(x) !== v;
			}
			return () => false;
		}
		case 'not': {
			const arg = compileCondition(condition.arg, index);
			return (x) => !arg(x);
		}
		case 'and': {
			const args = condition.args.map((a) => compileCondition(a, index));
			return (x) => args.every((a) => a(x));
		}
		case 'or': {
			const args = condition.args.map((a) => compileCondition(a, index));
			return (x) => args.some((a) => a(x));
		}
	}
}

/** An Int32Array that grows by doubling. */
class IntList {
	data: Int32Array;
	length = 0;
	constructor(capacity = 1024) {
		this.data = new Int32Array(capacity);
	}
	push(value: number) {
		if (this.length === this.data.length) {
			const next = new Int32Array(this.data.length * 2);
			next.set(this.data);
			this.data = next;
		}
		this.data[this.length++] = value;
	}
}

/** The meters in the state: only those some condition reads, with their ranges. */
interface MeterSpace {
	names: string[];
	index: Map<string, number>;
	lo: Int32Array;
	hi: Int32Array;
	radix: Int32Array;
	/** Place value of each meter in a state's code. */
	place: Float64Array;
	/** Number of meter codes; 1 when the analysis is not exact. */
	stride: number;
	exact: boolean;
	startCode: number;
}

function meterSpace(
	order: Beat[],
	meters: Record<string, Meter>
): Omit<MeterSpace, 'exact'> & {
	space: number;
} {
	// Only meters some condition reads can change what is possible next; the others are left out
	// of the state, which keeps the state space as small as exactness allows.
	// Indexed loops: this runs once per compile, often before V8 has optimised it, and a for-of
	// then allocates an iterator result per step.
	const readList: string[] = [];
	for (let t = 0; t < order.length; t++) {
		const beat = order[t];
		const edges = beat.kind === 'route' ? beat.routes : beat.choices;
		for (let k = 0; k < edges.length; k++) {
			const condition = edges[k].condition;
			if (condition) conditionMeters(condition, readList);
		}
	}
	const read = new Set<string>(readList);
	const names = Object.keys(meters).filter((m) => read.has(m));
	const M = names.length;
	const lo = new Int32Array(M);
	const hi = new Int32Array(M);
	const radix = new Int32Array(M);
	const place = new Float64Array(M);
	let space = 1;
	let startCode = 0;
	for (let i = 0; i < M; i++) {
		const meter = meters[names[i]];
		lo[i] = meter.min;
		hi[i] = meter.max;
		radix[i] = meter.max - meter.min + 1;
		place[i] = space;
		startCode += (meter.start - meter.min) * space;
		space *= radix[i];
	}
	const index = new Map<string, number>();
	for (let i = 0; i < M; i++) index.set(names[i], i);
	return { names, index, lo, hi, radix, place, stride: space, startCode, space };
}

/** Choices and routes flattened into typed arrays; beat t owns edges first[t]..first[t+1]. */
interface Edges {
	first: Int32Array;
	target: Int32Array;
	test: (Test | null)[];
	isChoice: Uint8Array;
	total: Int32Array;
	/** 1 when the edge ignores a rupture (tagged so, or any non-repair choice at a rupture). */
	ignores: Uint8Array;
	/** M entries per edge. */
	effects: Int32Array;
	/** P entries per edge. */
	scores: Int32Array;
}

/** A condition's test, compiled once per condition text (stories repeat a few conditions). */
function testOf(
	condition: Condition | undefined,
	source: string | undefined,
	space: MeterSpace,
	tests: Map<string, Test>
): Test | null {
	if (!space.exact || !condition) return null;
	const key = source ?? JSON.stringify(condition);
	let test = tests.get(key);
	if (!test) tests.set(key, (test = compileCondition(condition, space.index)));
	return test;
}

function flattenEdges(
	order: Beat[],
	topo: Map<string, number>,
	space: MeterSpace,
	principleIndex: Map<string, number>
): Edges {
	const B = order.length;
	const M = space.names.length;
	const P = principleIndex.size;
	let count = 0;
	for (let t = 0; t < B; t++) {
		const beat = order[t];
		count += beat.kind === 'decision' ? beat.choices.length : beat.routes.length;
	}
	const first = new Int32Array(B + 1);
	const target = new Int32Array(count);
	const test = new Array<Test | null>(count).fill(null);
	const isChoice = new Uint8Array(count);
	const total = new Int32Array(count);
	const ignores = new Uint8Array(count);
	const effects = new Int32Array(count * M);
	const scores = new Int32Array(count * P);
	const tests = new Map<string, Test>();
	// Indexed loops throughout: a for-of allocates an iterator result per step until V8 has
	// optimised the function, and this runs once per compile.
	let e = 0;
	for (let t = 0; t < B; t++) {
		first[t] = e;
		const beat = order[t];
		if (beat.kind === 'decision') {
			const choices = beat.choices;
			for (let k = 0; k < choices.length; k++) {
				const c = choices[k];
				target[e] = topo.get(c.target)!;
				test[e] = testOf(c.condition, c.conditionSource, space, tests);
				isChoice[e] = 1;
				let sum = 0;
				for (const p in c.scores) {
					const amount = c.scores[p];
					sum += amount;
					scores[e * P + principleIndex.get(p)!] = amount;
				}
				total[e] = sum;
				for (const m in c.effects) {
					const i = space.index.get(m);
					if (i !== undefined) effects[e * M + i] = c.effects[m];
				}
				let repairs = false;
				let ignoresTag = false;
				for (let j = 0; j < c.tags.length; j++) {
					const tag = c.tags[j];
					if (REPAIR_TAGS.includes(tag)) repairs = true;
					if (tag === 'ignore-rupture') ignoresTag = true;
				}
				ignores[e] = ignoresTag || (beat.rupture !== undefined && !repairs) ? 1 : 0;
				e++;
			}
		} else if (beat.kind === 'route') {
			const routes = beat.routes;
			for (let k = 0; k < routes.length; k++) {
				target[e] = topo.get(routes[k].target)!;
				test[e] = testOf(routes[k].condition, routes[k].conditionSource, space, tests);
				e++;
			}
		}
	}
	first[B] = e;

	return { first, target, test, isChoice, total, ignores, effects, scores };
}

/** The feasible states and the edges between them, in compressed sparse rows. */
interface StateGraph {
	/** Number of states. */
	S: number;
	beatOf: Int32Array;
	/** State s owns `to`/`via` entries start[s]..start[s+1]. */
	start: Int32Array;
	to: Int32Array;
	/** The flattened edge each state edge was taken along. */
	via: Int32Array;
	/** States in topological order of their beats. */
	forward: Int32Array;
}

/** Forward: discover the feasible states breadth first, recording their edges as it goes. */
function discoverStates(order: Beat[], space: MeterSpace, edges: Edges, d: Diagnostics) {
	const B = order.length;
	const { lo, hi, radix, place, stride, exact } = space;
	const M = space.names.length;
	const stateId = new Int32Array(B * stride).fill(-1);
	const stateBeat = new IntList();
	const stateCode = new IntList();
	const stateEdges = new IntList();
	const to = new IntList();
	const via = new IntList();
	const values = new Int32Array(M);
	const stuck = new Set<number>();
	stateId[space.startCode] = 0;
	stateBeat.push(0);
	stateCode.push(space.startCode);
	for (let s = 0; s < stateBeat.length; s++) {
		stateEdges.push(to.length);
		const t = stateBeat.data[s];
		const beat = order[t];
		if (beat.kind === 'ending') continue;
		const code = stateCode.data[s];
		if (exact) {
			let rest = code;
			for (let i = 0; i < M; i++) {
				values[i] = (rest % radix[i]) + lo[i];
				rest = Math.floor(rest / radix[i]);
			}
		}
		const before = to.length;
		for (let e = edges.first[t]; e < edges.first[t + 1]; e++) {
			const test = edges.test[e];
			if (test && !test(values)) continue;
			let next = code;
			if (exact && edges.isChoice[e] && M > 0) {
				next = 0;
				for (let i = 0; i < M; i++) {
					let v = values[i] + edges.effects[e * M + i];
					if (v < lo[i]) v = lo[i];
					else if (v > hi[i]) v = hi[i];
					next += (v - lo[i]) * place[i];
				}
			}
			const key = edges.target[e] * stride + next;
			let id = stateId[key];
			if (id === -1) {
				id = stateBeat.length;
				stateId[key] = id;
				stateBeat.push(edges.target[e]);
				stateCode.push(next);
			}
			to.push(id);
			via.push(e);
			if (!edges.isChoice[e]) break; // the first route that holds is taken
		}
		if (to.length === before && beat.kind === 'decision' && !stuck.has(t)) {
			stuck.add(t);
			const shown = space.names.map((m, i) => `${m} ${values[i]}`).join(', ');
			d.add(
				'RAP028',
				beat.line,
				1,
				`beat \`${beat.id}\` can be reached with ${shown}, when none of its choices is offered`,
				'give at least one choice no `if:`, or widen the conditions'
			);
		}
	}
	const S = stateBeat.length;
	stateEdges.push(to.length);
	return {
		S,
		beatOf: stateBeat.data,
		start: stateEdges.data,
		to: to.data,
		via: via.data,
		forward: topologicalStates(S, B, stateBeat.data)
	};
}

/** States ordered by the topological index of their beats: a counting sort by beat. */
function topologicalStates(S: number, B: number, beatOf: Int32Array): Int32Array {
	const perBeat = new Int32Array(B + 1);
	for (let s = 0; s < S; s++) perBeat[beatOf[s] + 1]++;
	for (let t = 0; t < B; t++) perBeat[t + 1] += perBeat[t];
	const forward = new Int32Array(S);
	for (let s = 0; s < S; s++) forward[perBeat[beatOf[s]]++] = s;
	return forward;
}

/** Path counts, longest path, total score range and best-total endings, per state. */
function totals(order: Beat[], graph: StateGraph, edges: Edges, endingOf: Int32Array, W: number) {
	const { S, beatOf, start, to, via, forward } = graph;
	const count = new Float64Array(S);
	const longest = new Int32Array(S);
	const minTotal = new Int32Array(S);
	const maxTotal = new Int32Array(S);
	const best = new Uint32Array(S * W);
	for (let k = S - 1; k >= 0; k--) {
		const s = forward[k];
		const t = beatOf[s];
		const ending = endingOf[t];
		if (ending >= 0) {
			count[s] = 1;
			best[s * W + (ending >> 5)] |= 1 << (ending & 31);
			continue;
		}
		const step = order[t].kind === 'decision' ? 1 : 0;
		let first = true;
		for (let j = start[s]; j < start[s + 1]; j++) {
			const n = to[j];
			if (count[n] === 0) continue;
			const total = edges.total[via[j]];
			count[s] += count[n];
			const up = maxTotal[n] + total;
			if (first || up > maxTotal[s]) for (let w = 0; w < W; w++) best[s * W + w] = 0;
			if (first || up >= maxTotal[s])
				for (let w = 0; w < W; w++) best[s * W + w] |= best[n * W + w];
			if (first) {
				longest[s] = longest[n] + step;
				minTotal[s] = minTotal[n] + total;
				maxTotal[s] = up;
			} else {
				if (longest[n] + step > longest[s]) longest[s] = longest[n] + step;
				if (minTotal[n] + total < minTotal[s]) minTotal[s] = minTotal[n] + total;
				if (up > maxTotal[s]) maxTotal[s] = up;
			}
			first = false;
		}
	}
	return { count, longest, minTotal, maxTotal, best };
}

/**
 * Folds one edge into a state's per-principle ranges and best-ending bits. A small function of
 * its own because it runs once per edge.
 */
function relax(
	minP: Int32Array,
	maxP: Int32Array,
	bestP: Uint32Array,
	P: number,
	W: number,
	base: number,
	from: number,
	scoreOf: Int32Array,
	scores: number,
	first: boolean
) {
	for (let p = 0; p < P; p++) {
		const delta = scoreOf[scores + p];
		const down = minP[from + p] + delta;
		const up = maxP[from + p] + delta;
		const at = base + p;
		if (first || down < minP[at]) minP[at] = down;
		if (first || up > maxP[at]) {
			maxP[at] = up;
			for (let w = 0; w < W; w++) bestP[at * W + w] = bestP[(from + p) * W + w];
		} else if (up === maxP[at])
			for (let w = 0; w < W; w++) bestP[at * W + w] |= bestP[(from + p) * W + w];
	}
}

/** All principles in one backward pass: flat arrays, P entries per state. */
function principleRanges(
	graph: StateGraph,
	edges: Edges,
	count: Float64Array,
	endingOf: Int32Array,
	P: number,
	W: number
) {
	const { S, beatOf, start, to, via, forward } = graph;
	const minP = new Int32Array(S * P);
	const maxP = new Int32Array(S * P);
	const bestP = new Uint32Array(S * P * W);
	for (let k = S - 1; k >= 0; k--) {
		const s = forward[k];
		const base = s * P;
		const ending = endingOf[beatOf[s]];
		if (ending >= 0) {
			for (let p = 0; p < P; p++) bestP[(base + p) * W + (ending >> 5)] |= 1 << (ending & 31);
			continue;
		}
		let first = true;
		for (let j = start[s]; j < start[s + 1]; j++) {
			const n = to[j];
			if (count[n] === 0) continue;
			relax(minP, maxP, bestP, P, W, base, n * P, edges.scores, via[j] * P, first);
			first = false;
		}
	}
	return { minP, maxP, bestP };
}

/** Forward again: can a good ending follow an ignored rupture? */
function checkIgnoredRuptures(
	order: Beat[],
	graph: StateGraph,
	edges: Edges,
	endingOf: Int32Array,
	d: Diagnostics
) {
	const { S, beatOf, start, to, via, forward } = graph;
	// Per state: the topological index + 1 of a rupture ignored on some path to it, 0 for none.
	const ignored = new Int32Array(S);
	const warned = new Set<number>();
	for (let k = 0; k < S; k++) {
		const s = forward[k];
		const t = beatOf[s];
		if (endingOf[t] >= 0) {
			const beat = order[t];
			if (ignored[s] && GOOD_OUTCOMES.has(beat.outcome ?? '') && !warned.has(t)) {
				warned.add(t);
				d.add(
					'RAP019',
					beat.line,
					1,
					`\`${beat.outcome}\` ending \`${beat.id}\` can be reached after the rupture at \`${order[ignored[s] - 1].id}\` was ignored`,
					'route paths that ignore a rupture to a stalled or ruptured ending, or require a repair first'
				);
			}
			continue;
		}
		for (let j = start[s]; j < start[s + 1]; j++) {
			const flag = ignored[s] || (edges.ignores[via[j]] ? t + 1 : 0);
			if (flag && !ignored[to[j]]) ignored[to[j]] = flag;
		}
	}
}

export function analyse(
	beats: Beat[],
	order: Beat[],
	meters: Record<string, Meter>,
	listed: string[],
	d: Diagnostics
): Analysis {
	const B = order.length;
	const found = meterSpace(order, meters);
	const exact = found.space * B <= STATE_LIMIT;
	if (!exact)
		d.add(
			'RAP031',
			beats[0].line,
			1,
			`${B} beats x ${found.space} meter states is too many to analyse exactly`,
			'score ranges and path counts are bounds; narrow meter ranges to get exact figures'
		);
	const space: MeterSpace = {
		...found,
		exact,
		stride: exact ? found.space : 1,
		startCode: exact ? found.startCode : 0
	};

	// Beats by topological index; every edge goes to a higher index.
	const topo = new Map<string, number>();
	for (let t = 0; t < B; t++) topo.set(order[t].id, t);
	const endingIds: string[] = [];
	const endingOf = new Int32Array(B).fill(-1);
	for (let i = 0; i < beats.length; i++) {
		const b = beats[i];
		if (b.kind === 'ending' && topo.has(b.id)) {
			endingOf[topo.get(b.id)!] = endingIds.length;
			endingIds.push(b.id);
		}
	}
	const W = Math.max(1, Math.ceil(endingIds.length / 32));

	// Principles scored by some reachable choice or listed in the front matter.
	const scored = new Set<string>(listed);
	for (let t = 0; t < B; t++) {
		const choices = order[t].choices;
		for (let k = 0; k < choices.length; k++) for (const p in choices[k].scores) scored.add(p);
	}
	const principles = PRINCIPLE_IDS.filter((p) => scored.has(p));
	const P = principles.length;
	const principleIndex = new Map<string, number>();
	for (let p = 0; p < P; p++) principleIndex.set(principles[p], p);
	const edges = flattenEdges(order, topo, space, principleIndex);
	const graph = discoverStates(order, space, edges, d);
	const { count, longest, minTotal, maxTotal, best } = totals(order, graph, edges, endingOf, W);
	const { minP, maxP, bestP } = principleRanges(graph, edges, count, endingOf, P, W);
	checkIgnoredRuptures(order, graph, edges, endingOf, d);

	const endingsIn = (bits: Uint32Array, at: number) =>
		endingIds.filter((_, e) => (bits[at * W + (e >> 5)] >>> (e & 31)) & 1);
	const ranges: Analysis['principles'] = {};
	const bestEndings: Analysis['bestEndings'] = {};
	for (let p = 0; p < P; p++) {
		ranges[principles[p]] = { min: minP[p], max: maxP[p] };
		bestEndings[principles[p]] = endingsIn(bestP, p);
	}

	const live = new Uint8Array(B);
	for (let s = 0; s < graph.S; s++) live[graph.beatOf[s]] = 1;
	for (let t = 0; t < B; t++)
		if (!live[t])
			d.add(
				'RAP014',
				order[t].line,
				1,
				`beat \`${order[t].id}\` is never reached: the conditions leading to it never hold`,
				'check the meter conditions and effects on the way to it'
			);
	const reachable: string[] = [];
	const unreachable: string[] = [];
	for (let i = 0; i < beats.length; i++) {
		const b = beats[i];
		const t = topo.get(b.id);
		(t !== undefined && live[t] === 1 ? reachable : unreachable).push(b.id);
	}
	const endings: string[] = [];
	for (const id of endingIds) if (live[topo.get(id)!] === 1) endings.push(id);

	return {
		reachable,
		unreachable,
		endings,
		paths: count[0],
		longestPath: longest[0],
		total: { min: minTotal[0], max: maxTotal[0] },
		principles: ranges,
		bestEndings,
		bestTotalEndings: endingsIn(best, 0),
		exact
	};
}
