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

/**
 * Folds one edge into a state's per-principle ranges and best-ending bits. A small function of
 * its own because it runs once per edge: V8 optimises it after a few calls, while the long loop
 * that calls it would otherwise wait for on-stack replacement.
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

export function analyse(
	beats: Beat[],
	order: Beat[],
	meters: Record<string, Meter>,
	listed: string[],
	d: Diagnostics
): Analysis {
	// Only meters some condition reads can change what is possible next; the others are left out
	// of the state, which keeps the state space as small as exactness allows.
	const read = new Set<string>();
	for (const beat of order)
		for (const edge of beat.kind === 'route' ? beat.routes : beat.choices)
			if (edge.condition) conditionMeters(edge.condition, []).forEach((m) => read.add(m));
	const meterNames = Object.keys(meters).filter((m) => read.has(m));
	const M = meterNames.length;
	const meterIndex = new Map(meterNames.map((m, i) => [m, i]));
	const lo = Int32Array.from(meterNames, (m) => meters[m].min);
	const hi = Int32Array.from(meterNames, (m) => meters[m].max);
	const radix = Int32Array.from(meterNames, (m) => meters[m].max - meters[m].min + 1);
	const place = new Float64Array(M);
	let space = 1;
	for (let i = 0; i < M; i++) {
		place[i] = space;
		space *= radix[i];
	}
	const B = order.length;
	const exact = space * B <= STATE_LIMIT;
	if (!exact)
		d.add(
			'RAP031',
			beats[0].line,
			1,
			`${B} beats x ${space} meter states is too many to analyse exactly`,
			'score ranges and path counts are bounds; narrow meter ranges to get exact figures'
		);
	const stride = exact ? space : 1;

	// Beats by topological index; every edge goes to a higher index.
	const topo = new Map(order.map((b, i) => [b.id, i]));
	const scored = new Set<string>(listed);
	for (const beat of order) for (const c of beat.choices) for (const p in c.scores) scored.add(p);
	const principles = PRINCIPLE_IDS.filter((p) => scored.has(p));
	const P = principles.length;
	const principleIndex = new Map(principles.map((p, i) => [p, i]));
	const endingIds = beats.filter((b) => b.kind === 'ending' && topo.has(b.id)).map((b) => b.id);
	const endingOf = new Int32Array(B).fill(-1);
	endingIds.forEach((id, e) => (endingOf[topo.get(id)!] = e));
	const W = Math.max(1, Math.ceil(endingIds.length / 32));

	// Choices and routes flattened into typed arrays; beat t owns edges firstEdge[t]..firstEdge[t+1].
	let edgeCount = 0;
	for (const beat of order)
		edgeCount += beat.kind === 'decision' ? beat.choices.length : beat.routes.length;
	const edgeTarget = new Int32Array(edgeCount);
	const edgeTest: (Test | null)[] = new Array(edgeCount).fill(null);
	const edgeIsChoice = new Uint8Array(edgeCount);
	const edgeTotal = new Int32Array(edgeCount);
	const edgeIgnores = new Uint8Array(edgeCount);
	const edgeEffects = new Int32Array(edgeCount * M);
	const scoreOf = new Int32Array(edgeCount * P);
	const firstEdge = new Int32Array(B + 1);
	let e = 0;
	for (let t = 0; t < B; t++) {
		firstEdge[t] = e;
		const beat = order[t];
		if (beat.kind === 'decision') {
			for (const c of beat.choices) {
				edgeTarget[e] = topo.get(c.target)!;
				if (exact && c.condition) edgeTest[e] = compileCondition(c.condition, meterIndex);
				edgeIsChoice[e] = 1;
				let total = 0;
				for (const p in c.scores) {
					total += c.scores[p];
					scoreOf[e * P + principleIndex.get(p)!] = c.scores[p];
				}
				edgeTotal[e] = total;
				for (const m in c.effects) {
					const i = meterIndex.get(m);
					if (i !== undefined) edgeEffects[e * M + i] = c.effects[m];
				}
				let repairs = false;
				for (const tag of c.tags) if (REPAIR_TAGS.includes(tag)) repairs = true;
				edgeIgnores[e] =
					c.tags.includes('ignore-rupture') || (beat.rupture !== undefined && !repairs) ? 1 : 0;
				e++;
			}
		} else if (beat.kind === 'route') {
			for (const r of beat.routes) {
				edgeTarget[e] = topo.get(r.target)!;
				if (exact && r.condition) edgeTest[e] = compileCondition(r.condition, meterIndex);
				e++;
			}
		}
	}
	firstEdge[B] = e;

	// Forward: discover the feasible states, breadth first, recording edges as we go (CSR).
	const stateId = new Int32Array(B * stride).fill(-1);
	const stateBeat = new IntList();
	const stateCode = new IntList();
	const stateEdges = new IntList(); // start offset of each state's edges in `to`/`via`
	const to = new IntList();
	const via = new IntList();
	const values = new Int32Array(M);
	const stuck = new Set<number>();
	const intern = (t: number, code: number) => {
		const key = t * stride + code;
		let id = stateId[key];
		if (id === -1) {
			id = stateBeat.length;
			stateId[key] = id;
			stateBeat.push(t);
			stateCode.push(code);
		}
		return id;
	};
	let startCode = 0;
	if (exact)
		for (let i = 0; i < M; i++) startCode += (meters[meterNames[i]].start - lo[i]) * place[i];
	intern(0, startCode);
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
		for (let e = firstEdge[t]; e < firstEdge[t + 1]; e++) {
			const test = edgeTest[e];
			if (test && !test(values)) continue;
			let next = code;
			if (exact && edgeIsChoice[e] && M > 0) {
				next = 0;
				for (let i = 0; i < M; i++) {
					let v = values[i] + edgeEffects[e * M + i];
					if (v < lo[i]) v = lo[i];
					else if (v > hi[i]) v = hi[i];
					next += (v - lo[i]) * place[i];
				}
			}
			to.push(intern(edgeTarget[e], next));
			via.push(e);
			if (!edgeIsChoice[e]) break; // the first route that holds is taken
		}
		if (to.length === before && beat.kind === 'decision' && !stuck.has(t)) {
			stuck.add(t);
			const shown = meterNames.map((m, i) => `${m} ${values[i]}`).join(', ');
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
	const edgeStart = stateEdges.data;
	const edgeTo = to.data;
	const edgeVia = via.data;
	const beatOf = stateBeat.data;
	const E = to.length;
	const viaTotal = new Int32Array(E);
	for (let j = 0; j < E; j++) viaTotal[j] = edgeTotal[edgeVia[j]];

	// States in reverse topological order of their beats (a counting sort by beat).
	const perBeat = new Int32Array(B + 1);
	for (let s = 0; s < S; s++) perBeat[beatOf[s] + 1]++;
	for (let t = 0; t < B; t++) perBeat[t + 1] += perBeat[t];
	const forward = new Int32Array(S);
	const fill = perBeat.slice(0, B);
	for (let s = 0; s < S; s++) forward[fill[beatOf[s]]++] = s;

	// Backward: counts, longest path and total score range, then one pass per principle.
	const count = new Float64Array(S);
	const longest = new Int32Array(S);
	const minTotal = new Int32Array(S);
	const maxTotal = new Int32Array(S);
	const bestTotal = new Uint32Array(S * W);
	const markEnding = (bits: Uint32Array, s: number, e: number) =>
		(bits[s * W + (e >> 5)] |= 1 << (e & 31));
	for (let k = S - 1; k >= 0; k--) {
		const s = forward[k];
		const t = beatOf[s];
		if (endingOf[t] >= 0) {
			count[s] = 1;
			markEnding(bestTotal, s, endingOf[t]);
			continue;
		}
		const step = order[t].kind === 'decision' ? 1 : 0;
		let first = true;
		for (let j = edgeStart[s]; j < edgeStart[s + 1]; j++) {
			const n = edgeTo[j];
			if (count[n] === 0) continue;
			const total = viaTotal[j];
			count[s] += count[n];
			const up = maxTotal[n] + total;
			if (first || up > maxTotal[s]) for (let w = 0; w < W; w++) bestTotal[s * W + w] = 0;
			if (first || up >= maxTotal[s])
				for (let w = 0; w < W; w++) bestTotal[s * W + w] |= bestTotal[n * W + w];
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

	// All principles in one backward pass: flat arrays, P entries per state.
	const minP = new Int32Array(S * P);
	const maxP = new Int32Array(S * P);
	const bestP = new Uint32Array(S * P * W);
	for (let k = S - 1; k >= 0; k--) {
		const s = forward[k];
		const t = beatOf[s];
		const base = s * P;
		if (endingOf[t] >= 0) {
			const e = endingOf[t];
			for (let p = 0; p < P; p++) bestP[(base + p) * W + (e >> 5)] |= 1 << (e & 31);
			continue;
		}
		let first = true;
		for (let j = edgeStart[s]; j < edgeStart[s + 1]; j++) {
			const n = edgeTo[j];
			if (count[n] === 0) continue;
			const from = n * P;
			const scores = edgeVia[j] * P;
			relax(minP, maxP, bestP, P, W, base, from, scoreOf, scores, first);
			first = false;
		}
	}
	const principleRanges: Analysis['principles'] = {};
	const bestEndings: Analysis['bestEndings'] = {};
	const endingsIn = (bits: Uint32Array, at: number) =>
		endingIds.filter((_, e) => (bits[at * W + (e >> 5)] >>> (e & 31)) & 1);
	for (let p = 0; p < P; p++) {
		principleRanges[principles[p]] = { min: minP[p], max: maxP[p] };
		bestEndings[principles[p]] = endingsIn(bestP, p);
	}

	// Forward again: can a good ending follow an ignored rupture? (beat index + 1, 0 for no)
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
		for (let j = edgeStart[s]; j < edgeStart[s + 1]; j++) {
			const flag = ignored[s] || (edgeIgnores[edgeVia[j]] ? t + 1 : 0);
			if (flag && !ignored[edgeTo[j]]) ignored[edgeTo[j]] = flag;
		}
	}

	const live = new Uint8Array(B);
	for (let s = 0; s < S; s++) live[beatOf[s]] = 1;
	for (let t = 0; t < B; t++)
		if (!live[t])
			d.add(
				'RAP014',
				order[t].line,
				1,
				`beat \`${order[t].id}\` is never reached: the conditions leading to it never hold`,
				'check the meter conditions and effects on the way to it'
			);
	const isLive = (id: string) => topo.has(id) && live[topo.get(id)!] === 1;

	return {
		reachable: beats.filter((b) => isLive(b.id)).map((b) => b.id),
		unreachable: beats.filter((b) => !isLive(b.id)).map((b) => b.id),
		endings: endingIds.filter(isLive),
		paths: count[0],
		longestPath: longest[0],
		total: { min: minTotal[0], max: maxTotal[0] },
		principles: principleRanges,
		bestEndings,
		bestTotalEndings: endingsIn(bestTotal, 0),
		exact
	};
}
