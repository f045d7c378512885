import { conditionFlags, conditionMeters, shownBlocks, variantGroups } from './condition';
import type { Diagnostics } from './diagnostics';
import { PRINCIPLE_IDS } from './principles';
import { clampMeter, isOffered, routeOpen } from './rules';
import { REPAIR_TAGS } from './tags';
import type { Analysis, Beat, Choice, Condition, Meter, ProseBlock, Route } from './types';

/**
 * Exact analysis. Conditions read only meters and flags, so the state that decides what can
 * happen next is (beat, the meter values and flags some condition from that beat on still reads);
 * a flag is a meter that runs from 0 to 1 (see liveDimensions). The beat
 * graph is acyclic and so is this state graph; one forward pass discovers the feasible states
 * and backward passes in topological order give path counts, the longest path and the minimum
 * and maximum scores over every complete path. When the meter space is too large it falls back
 * to the beat graph alone (bounds, not exact). The same states prove that groups of prose
 * variants always show one (RAP044) and locate each critical action (RAP043).
 *
 * States and edges live in typed arrays indexed by number, a state's values packed into one
 * mixed-radix code: kept because the library budget needs it (issue 11: a library scenario
 * compiles and analyses in under 20 ms). A plain version, one object per state keyed by a string,
 * was written and measured (valgrind, instructions per warm compile): family-session.md 627M
 * against 440M here, what-did-she-say.md 596M against 323M, i.e. about 30 ms where this is about
 * 20. Which choices are offered, which route is taken and how meters move are the machine's own
 * rules (rules.ts).
 */

const STATE_LIMIT = 4_000_000;
const GOOD_OUTCOMES = new Set(['strengthened', 'repaired']);

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

/**
 * The meters in the state: only those some condition reads, with their ranges. A state's meter
 * values are numbered in mixed radix (its "code"), so that (beat, code) indexes one flat array:
 * a 10,000-beat story has hundreds of thousands of states, and the 100 MB heap budget does not
 * allow an object or a string key per state.
 */
interface MeterSpace {
	/** The meters in the state, then the flags. */
	names: string[];
	/** How many of `names` are meters. */
	meterCount: number;
	index: Map<string, number>;
	lo: Int32Array;
	/** Each dimension's range, as clampMeter takes it (a flag runs from 0 to 1). */
	ranges: Pick<Meter, 'min' | 'max'>[];
	radix: Int32Array;
	/** Place value of each meter in a state's code. */
	place: Float64Array;
	/** Number of meter codes; 1 when the analysis is not exact. */
	stride: number;
	exact: boolean;
	startCode: number;
}

/** Conditions that decide what can happen or what is shown: edges' and the beats' own prose. */
function conditionsOf(beat: Beat, into: Condition[]) {
	const edges = beat.kind === 'route' ? beat.routes : beat.choices;
	for (let k = 0; k < edges.length; k++) {
		const condition = edges[k].condition;
		if (condition) into.push(condition);
	}
	for (let k = 0; k < beat.prose.length; k++) {
		const condition = beat.prose[k].condition;
		if (condition) into.push(condition);
	}
}

function meterSpace(order: Beat[], meters: Record<string, Meter>, flags: string[]): MeterSpace {
	// Only meters and flags some condition reads can change what is possible next or what is
	// shown; the others are left out of the state, which keeps the state space as small as
	// exactness allows. A flag is a dimension from 0 (clear) to 1 (set), after the meters.
	const conditions: Condition[] = [];
	for (let t = 0; t < order.length; t++) conditionsOf(order[t], conditions);
	const readList: string[] = [];
	const flagList: string[] = [];
	for (let k = 0; k < conditions.length; k++) {
		conditionMeters(conditions[k], readList);
		flagList.push(...conditionFlags(conditions[k]));
	}
	const read = new Set<string>(readList);
	const readFlags = new Set<string>(flagList);
	const meterNames = Object.keys(meters).filter((m) => read.has(m));
	const flagNames = flags.filter((f) => readFlags.has(f));
	const names = [...meterNames, ...flagNames];
	const M = names.length;
	const lo = new Int32Array(M);
	const ranges: Pick<Meter, 'min' | 'max'>[] = [];
	const radix = new Int32Array(M);
	const place = new Float64Array(M);
	let space = 1;
	let startCode = 0;
	for (let i = 0; i < M; i++) {
		// Flags start clear.
		const meter = meters[names[i]] ?? { start: 0, min: 0, max: 1 };
		lo[i] = meter.min;
		ranges.push({ min: meter.min, max: meter.max });
		radix[i] = meter.max - meter.min + 1;
		place[i] = space;
		startCode += (meter.start - meter.min) * space;
		space *= radix[i];
	}
	const index = new Map<string, number>();
	for (let i = 0; i < M; i++) index.set(names[i], i);
	const exact = space * order.length <= STATE_LIMIT;
	return {
		names,
		meterCount: meterNames.length,
		index,
		lo,
		ranges,
		radix,
		place,
		stride: exact ? space : 1,
		exact,
		startCode: exact ? startCode : 0
	};
}

/** Choices and routes flattened into typed arrays; beat t owns edges first[t]..first[t+1]. */
interface Edges {
	first: Int32Array;
	target: Int32Array;
	/** The choice or route whose condition gates the edge; null when not exact. */
	gate: (Choice | Route | null)[];
	isChoice: Uint8Array;
	total: Int32Array;
	/** 1 when the edge ignores a rupture (tagged so, or any non-repair choice at a rupture). */
	ignores: Uint8Array;
	/** 1 when the edge is a repair choice: it repairs every rupture still open on the path. */
	repairs: Uint8Array;
	/** Per edge: the critical actions the choice meets. */
	meets: (readonly string[])[];
	/** M entries per edge. */
	effects: Int32Array;
	/** P entries per edge. */
	scores: Int32Array;
	/** Per beat: 1 for a decision (it counts towards the longest path). */
	decision: Uint8Array;
	/** Per beat: the ending's index in the analysis's list of endings, or -1 (not an ending). */
	endingOf: Int32Array;
}

function flattenEdges(
	order: Beat[],
	topo: Map<string, number>,
	space: MeterSpace,
	principleIndex: Map<string, number>,
	endingOf: Int32Array
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
	const gate = new Array<Choice | Route | null>(count).fill(null);
	const isChoice = new Uint8Array(count);
	const total = new Int32Array(count);
	const ignores = new Uint8Array(count);
	const repairsAt = new Uint8Array(count);
	const meets = new Array<readonly string[]>(count).fill([]);
	const effects = new Int32Array(count * M);
	const scores = new Int32Array(count * P);
	const exact = space.exact;
	const decision = new Uint8Array(B);
	let e = 0;
	for (let t = 0; t < B; t++) {
		first[t] = e;
		const beat = order[t];
		if (beat.kind === 'decision') {
			decision[t] = 1;
			const choices = beat.choices;
			for (let k = 0; k < choices.length; k++) {
				const c = choices[k];
				target[e] = topo.get(c.target)!;
				gate[e] = exact ? c : null;
				meets[e] = c.meets;
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
				// A flag is set by +1 and cleared by -1, clamped to 0..1 like any meter.
				for (let j = 0; j < c.sets.length; j++) {
					const i = space.index.get(c.sets[j]);
					if (i !== undefined) effects[e * M + i] = 1;
				}
				for (let j = 0; j < c.clears.length; j++) {
					const i = space.index.get(c.clears[j]);
					if (i !== undefined) effects[e * M + i] = -1;
				}
				let repairs = false;
				let ignoresTag = false;
				for (let j = 0; j < c.tags.length; j++) {
					const tag = c.tags[j];
					if (REPAIR_TAGS.includes(tag)) repairs = true;
					if (tag === 'ignore-rupture') ignoresTag = true;
				}
				ignores[e] = ignoresTag || (beat.rupture !== undefined && !repairs) ? 1 : 0;
				repairsAt[e] = repairs ? 1 : 0;
				e++;
			}
		} else if (beat.kind === 'route') {
			const routes = beat.routes;
			for (let k = 0; k < routes.length; k++) {
				target[e] = topo.get(routes[k].target)!;
				gate[e] = exact ? routes[k] : null;
				e++;
			}
		}
	}
	first[B] = e;

	return {
		first,
		target,
		gate,
		isChoice,
		total,
		ignores,
		repairs: repairsAt,
		meets,
		effects,
		scores,
		decision,
		endingOf
	};
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

/**
 * Per beat, which dimensions some condition at that beat or after it reads (M entries per beat):
 * the others cannot change what happens next, so the state forgets them, and paths that differ
 * only in what nothing will read again share their states. Backwards through the topological
 * order, every edge leading to a later beat. This is what keeps the library's largest state
 * spaces small: what-did-she-say.md goes from 59,728 states to 14,182 (bench: 55 ms to under
 * 20 ms a compile).
 */
function liveDimensions(order: Beat[], space: MeterSpace, edges: Edges): Uint8Array {
	const M = space.names.length;
	const live = new Uint8Array(order.length * M);
	for (let t = order.length - 1; t >= 0; t--) {
		const conditions: Condition[] = [];
		conditionsOf(order[t], conditions);
		for (const condition of conditions)
			for (const name of [...conditionMeters(condition), ...conditionFlags(condition)]) {
				const i = space.index.get(name);
				if (i !== undefined) live[t * M + i] = 1;
			}
		for (let e = edges.first[t]; e < edges.first[t + 1]; e++)
			for (let i = 0; i < M; i++) live[t * M + i] |= live[edges.target[e] * M + i];
	}
	return live;
}

/**
 * Forward: discovers the feasible states breadth first, recording their edges as it goes; the
 * search's growing lists and its decoded current state are its fields.
 */
class StateSearch {
	/** State ids by `beat * stride + code`: a Map, as few of the codes are ever reached. */
	readonly stateId = new Map<number, number>();
	/** Per beat, M entries: 1 when some condition at that beat or after it reads the dimension. */
	readonly live: Uint8Array;
	readonly stateBeat = new IntList();
	readonly stateCode = new IntList();
	readonly stateEdges = new IntList();
	readonly to = new IntList();
	readonly via = new IntList();
	readonly values: Int32Array;
	/** The decoded state as evaluateCondition reads it: meters by name, and the flags set. */
	readonly meters: Record<string, number> = {};
	readonly facts: { flags: string[] } = { flags: [] };
	readonly stuck = new Set<number>();
	readonly M: number;

	constructor(
		readonly order: Beat[],
		readonly space: MeterSpace,
		readonly edges: Edges,
		readonly d: Diagnostics
	) {
		this.M = space.names.length;
		this.values = new Int32Array(this.M);
		this.live = liveDimensions(order, space, edges);
		this.stateId.set(space.startCode, 0);
		this.stateBeat.push(0);
		this.stateCode.push(space.startCode);
	}

	expand(s: number) {
		const { edges, values, M, to } = this;
		const { lo, ranges, place, stride, exact } = this.space;
		this.stateEdges.push(to.length);
		const t = this.stateBeat.data[s];
		if (edges.endingOf[t] >= 0) return;
		const code = this.stateCode.data[s];
		this.decode(code);
		const before = to.length;
		for (let e = edges.first[t]; e < edges.first[t + 1]; e++) {
			// The machine's own rules: which choices are offered, which route is taken.
			const gate = edges.gate[e];
			const flags = this.facts.flags;
			if (gate !== null) {
				const open = edges.isChoice[e]
					? isOffered(gate, this.meters, flags)
					: routeOpen(gate, this.meters, flags);
				if (!open) continue;
			}
			// A dimension nothing reads from the next beat on is dropped (its code digit is 0).
			const u = edges.target[e];
			let next = 0;
			if (exact)
				for (let i = 0; i < M; i++) {
					if (!this.live[u * M + i]) continue;
					const v = edges.isChoice[e]
						? clampMeter(values[i] + edges.effects[e * M + i], ranges[i])
						: values[i];
					next += (v - lo[i]) * place[i];
				}
			const key = u * stride + next;
			let id = this.stateId.get(key);
			if (id === undefined) {
				id = this.stateBeat.length;
				this.stateId.set(key, id);
				this.stateBeat.push(edges.target[e]);
				this.stateCode.push(next);
			}
			to.push(id);
			this.via.push(e);
			if (!edges.isChoice[e]) break; // the first route that holds is taken
		}
		if (to.length === before && edges.decision[t] && !this.stuck.has(t)) this.reportStuck(t);
	}

	/** Sets `values`, `meters` and `facts` to the state with this code (when exact). */
	decode(code: number) {
		const { values, M, meters } = this;
		const { lo, radix, exact, names, meterCount } = this.space;
		if (!exact) return;
		let rest = code;
		const flags = this.facts.flags;
		flags.length = 0;
		for (let i = 0; i < M; i++) {
			values[i] = (rest % radix[i]) + lo[i];
			rest = Math.floor(rest / radix[i]);
			if (i < meterCount) meters[names[i]] = values[i];
			else if (values[i] === 1) flags.push(names[i]);
		}
	}

	/** The decoded state at beat t for a message, what is still read: `trust 2, has minimised-risk`. */
	describe(t: number): string {
		const { names, meterCount } = this.space;
		return names
			.flatMap((m, i) =>
				!this.live[t * this.M + i]
					? []
					: i < meterCount
						? [`${m} ${this.values[i]}`]
						: [`${this.values[i] ? 'has' : 'not'} ${m}`]
			)
			.join(', ');
	}

	reportStuck(t: number) {
		this.stuck.add(t);
		const beat = this.order[t];
		const shown = this.describe(t);
		this.d.add(
			'RAP028',
			beat.line,
			1,
			`beat \`${beat.id}\` can be reached with ${shown}, when none of its choices is offered`,
			'give at least one choice no `if:`, or widen the conditions'
		);
	}
}

function discoverStates(
	order: Beat[],
	space: MeterSpace,
	edges: Edges,
	d: Diagnostics
): StateGraph {
	const search = new StateSearch(order, space, edges, d);
	for (let s = 0; s < search.stateBeat.length; s++) search.expand(s);
	if (space.exact) checkVariants(order, search, d);
	const S = search.stateBeat.length;
	search.stateEdges.push(search.to.length);
	return {
		S,
		beatOf: search.stateBeat.data,
		start: search.stateEdges.data,
		to: search.to.data,
		via: search.via.data,
		forward: topologicalStates(S, order.length, search.stateBeat.data)
	};
}

/**
 * Proves that each group of alternative prose variants without an `[else]` shows one variant in
 * every state its beat can be reached in, or warns with a state where none shows.
 */
function checkVariants(order: Beat[], search: StateSearch, d: Diagnostics) {
	const groups = order.map((beat) =>
		// A lone `[if]` is an optional paragraph; only alternatives (`[else if]`) must show one.
		variantGroups(beat.prose).filter((g) => !g.hasElse && g.last > g.first)
	);
	const warned = new Set<ProseBlock>();
	for (let s = 0; s < search.stateBeat.length; s++) {
		const t = search.stateBeat.data[s];
		if (groups[t].length === 0) continue;
		const prose = order[t].prose;
		search.decode(search.stateCode.data[s]);
		const shown = shownBlocks(prose, search.meters, search.facts);
		for (const group of groups[t]) {
			const first = prose[group.first];
			if (warned.has(first) || shown.some((i) => i >= group.first && i <= group.last)) continue;
			warned.add(first);
			d.add(
				'RAP044',
				first.line,
				1,
				`in beat \`${order[t].id}\` none of these variants shows when ${search.describe(t)}`,
				'end the group with an `[else]` paragraph, or widen the conditions'
			);
		}
	}
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

/**
 * The endings a state leads to, as a bit set: one bit per ending in 32-bit words, W words per
 * state. Kept as bits because every state carries one per principle as well; an array of ids per
 * state and principle would not fit the 10,000-beat heap budget.
 */
function addEnding(bits: Uint32Array, at: number, ending: number) {
	bits[at + (ending >> 5)] |= 1 << (ending & 31);
}

/** Path counts, longest path, total score range and best-total endings, per state. */
function totals(graph: StateGraph, edges: Edges, W: number) {
	const { S, beatOf, start, to, via, forward } = graph;
	const count = new Float64Array(S);
	const longest = new Int32Array(S);
	const minTotal = new Int32Array(S);
	const maxTotal = new Int32Array(S);
	const best = new Uint32Array(S * W);
	// Backwards through the states: every state after s is done when s is visited.
	for (let k = S - 1; k >= 0; k--) {
		const s = forward[k];
		const t = beatOf[s];
		const ending = edges.endingOf[t];
		if (ending >= 0) {
			// One path, and its own ending is the best.
			count[s] = 1;
			addEnding(best, s * W, ending);
			continue;
		}
		const step = edges.decision[t];
		let first = true;
		for (let j = start[s]; j < start[s + 1]; j++) {
			const n = to[j];
			if (count[n] === 0) continue;
			const total = edges.total[via[j]];
			count[s] += count[n];
			const up = maxTotal[n] + total;
			if (first || up > maxTotal[s]) best.fill(0, s * W, s * W + W);
			if (first || up >= maxTotal[s])
				for (let w = 0; w < W; w++) best[s * W + w] |= best[n * W + w];
			if (first) {
				longest[s] = longest[n] + step;
				minTotal[s] = minTotal[n] + total;
				maxTotal[s] = up;
			} else {
				longest[s] = Math.max(longest[s], longest[n] + step);
				minTotal[s] = Math.min(minTotal[s], minTotal[n] + total);
				maxTotal[s] = Math.max(maxTotal[s], up);
			}
			first = false;
		}
	}
	return { count, longest, minTotal, maxTotal, best };
}

/** Per principle and state, the score range to an ending and the endings with the best score. */
function principleRanges(
	graph: StateGraph,
	edges: Edges,
	count: Float64Array,
	P: number,
	W: number
) {
	const { S, beatOf, start, to, via, forward } = graph;
	const minP = new Int32Array(S * P);
	const maxP = new Int32Array(S * P);
	const bestP = new Uint32Array(S * P * W);
	for (let k = S - 1; k >= 0; k--) {
		const s = forward[k];
		const ending = edges.endingOf[beatOf[s]];
		if (ending >= 0) {
			for (let p = 0; p < P; p++) addEnding(bestP, (s * P + p) * W, ending);
			continue;
		}
		let first = true;
		for (let j = start[s]; j < start[s + 1]; j++) {
			const n = to[j];
			if (count[n] === 0) continue;
			for (let p = 0; p < P; p++) {
				const from = n * P + p;
				const at = s * P + p;
				const delta = edges.scores[via[j] * P + p];
				const down = minP[from] + delta;
				const up = maxP[from] + delta;
				minP[at] = first ? down : Math.min(minP[at], down);
				if (first || up > maxP[at]) {
					maxP[at] = up;
					bestP.copyWithin(at * W, from * W, from * W + W);
				} else if (up === maxP[at])
					for (let w = 0; w < W; w++) bestP[at * W + w] |= bestP[from * W + w];
			}
			first = false;
		}
	}
	return { minP, maxP, bestP };
}

/**
 * Forward again: can a good ending follow a rupture that was ignored and never repaired? A
 * repair choice at a later beat repairs every rupture still open on its path (late repair).
 */
function checkIgnoredRuptures(order: Beat[], graph: StateGraph, edges: Edges, d: Diagnostics) {
	const { S, beatOf, start, to, via, forward } = graph;
	const endingOf = edges.endingOf;
	// Per state: the topological index + 1 of a rupture ignored and not yet repaired on some path
	// to it, 0 for none. Then each good ending reached with one open is reported once.
	const open = new Int32Array(S);
	for (let k = 0; k < S; k++) {
		const s = forward[k];
		const t = beatOf[s];
		for (let j = start[s]; j < start[s + 1]; j++) {
			const e = via[j];
			const after = edges.repairs[e] ? 0 : edges.ignores[e] ? t + 1 : open[s];
			if (after && !open[to[j]]) open[to[j]] = after;
		}
	}
	const warned = new Set<number>();
	for (let k = 0; k < S; k++) {
		const s = forward[k];
		const t = beatOf[s];
		if (endingOf[t] < 0 || !open[s] || warned.has(t)) continue;
		const beat = order[t];
		if (!GOOD_OUTCOMES.has(beat.outcome ?? '')) continue;
		warned.add(t);
		d.add(
			'RAP019',
			beat.line,
			1,
			`\`${beat.outcome}\` ending \`${beat.id}\` can be reached after the rupture at \`${order[open[s] - 1].id}\` was ignored and never repaired`,
			'route paths that never repair a rupture to a stalled or ruptured ending, or offer a repair later on'
		);
	}
}

/**
 * Per critical action: the beats where a choice meeting it is offered on some path, and whether
 * every path passes such a beat. RAP043 for an action no path can meet.
 */
function criticalReport(
	order: Beat[],
	graph: StateGraph,
	edges: Edges,
	critical: Record<string, unknown>,
	positions: Map<string, { line: number; column: number }>,
	d: Diagnostics
): Analysis['critical'] {
	const { S, beatOf, start, via, to, forward } = graph;
	const report: Analysis['critical'] = {};
	for (const action of Object.keys(critical)) {
		const offers = new Uint8Array(S);
		const beats = new Set<number>();
		for (let s = 0; s < S; s++)
			for (let j = start[s]; j < start[s + 1]; j++)
				if (edges.meets[via[j]].includes(action)) {
					offers[s] = 1;
					beats.add(beatOf[s]);
				}
		// Backwards: every path from s passes a state that offers the action.
		const passes = new Uint8Array(S);
		for (let k = S - 1; k >= 0; k--) {
			const s = forward[k];
			if (offers[s]) passes[s] = 1;
			else if (start[s + 1] > start[s]) {
				let all = 1;
				for (let j = start[s]; j < start[s + 1]; j++) if (!passes[to[j]]) all = 0;
				passes[s] = all;
			}
		}
		report[action] = {
			beats: order.filter((_, t) => beats.has(t)).map((b) => b.id),
			everyPath: S > 0 && passes[0] === 1
		};
		if (beats.size === 0) {
			const at = positions.get(`critical.${action}`) ?? { line: 1, column: 1 };
			d.add(
				'RAP043',
				at.line,
				at.column,
				`no path can meet the critical action \`${action}\``,
				'add `meets: ' + action + '` to a choice the trainee can reach, or remove the action'
			);
		}
	}
	return report;
}

/** What the analysis needs from the front matter. */
export interface AnalysisHeader {
	meters: Record<string, Meter>;
	flags: Record<string, string>;
	critical: Record<string, unknown>;
	/** The principles listed in the front matter. */
	principles: string[];
	positions: Map<string, { line: number; column: number }>;
}

export function analyse(
	beats: Beat[],
	order: Beat[],
	header: AnalysisHeader,
	d: Diagnostics
): Analysis {
	const { meters, principles: listed } = header;
	const B = order.length;
	const space = meterSpace(order, meters, Object.keys(header.flags));
	const exact = space.exact;
	if (!exact)
		d.add(
			'RAP031',
			beats[0].line,
			1,
			`${B} beats x ${space.radix.reduce((a, r) => a * r, 1)} meter states is too many to analyse exactly`,
			'score ranges and path counts are bounds; narrow meter ranges to get exact figures'
		);

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
	const edges = flattenEdges(order, topo, space, principleIndex, endingOf);
	const graph = discoverStates(order, space, edges, d);
	const { count, longest, minTotal, maxTotal, best } = totals(graph, edges, W);
	const { minP, maxP, bestP } = principleRanges(graph, edges, count, P, W);
	checkIgnoredRuptures(order, graph, edges, d);
	const critical = criticalReport(order, graph, edges, header.critical, header.positions, d);

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
		critical,
		exact
	};
}
