import { evaluateCondition } from './condition';
import type { Diagnostics } from './diagnostics';
import { PRINCIPLE_IDS } from './principles';
import { REPAIR_TAGS } from './tags';
import type { Analysis, Beat, Choice, Meter } from './types';

/**
 * Exact analysis. Conditions read only meters, so the state that decides what can happen next
 * is (beat, meter values). The beat graph is acyclic and so is this state graph; one forward
 * pass discovers the feasible states and one backward pass in topological order gives path
 * counts, the longest path and the minimum and maximum scores over every complete path.
 * When the meter space is too large it falls back to the beat graph alone (bounds, not exact).
 */

const STATE_LIMIT = 4_000_000;
const GOOD_OUTCOMES = new Set(['strengthened', 'repaired']);

interface Edge {
	to: number;
	choice: Choice | undefined;
}

export function analyse(
	beats: Beat[],
	order: Beat[],
	meters: Record<string, Meter>,
	listed: string[],
	d: Diagnostics
): Analysis {
	const meterNames = Object.keys(meters);
	const radix = meterNames.map((m) => meters[m].max - meters[m].min + 1);
	const space = radix.reduce((a, b) => a * b, 1);
	const exact = space * order.length <= STATE_LIMIT;
	if (!exact)
		d.add(
			'RAP031',
			beats[0].line,
			1,
			`${order.length} beats x ${space} meter states is too many to analyse exactly`,
			'score ranges and path counts are bounds; narrow meter ranges to get exact figures'
		);
	const stride = exact ? space : 1;

	const topo = new Map(order.map((b, i) => [b.id, i]));
	const byId = new Map(order.map((b) => [b.id, b]));
	const scored = new Set<string>(listed);
	for (const beat of order) for (const c of beat.choices) for (const p in c.scores) scored.add(p);
	const principles = PRINCIPLE_IDS.filter((p) => scored.has(p));
	const P = principles.length;
	const endingIds = beats.filter((b) => b.kind === 'ending' && topo.has(b.id)).map((b) => b.id);
	const endingIndex = new Map(endingIds.map((id, i) => [id, i]));
	const W = Math.max(1, Math.ceil(endingIds.length / 32));

	const decode = (code: number): Record<string, number> => {
		const values: Record<string, number> = {};
		for (let i = 0; i < meterNames.length; i++) {
			values[meterNames[i]] = (code % radix[i]) + meters[meterNames[i]].min;
			code = Math.floor(code / radix[i]);
		}
		return values;
	};
	const encode = (values: Record<string, number>): number => {
		let code = 0;
		for (let i = meterNames.length - 1; i >= 0; i--)
			code = code * radix[i] + (values[meterNames[i]] - meters[meterNames[i]].min);
		return code;
	};
	const holds = exact
		? (c: { condition?: Choice['condition'] }, values: Record<string, number>) =>
				!c.condition || evaluateCondition(c.condition, values)
		: () => true;

	// Forward: discover feasible states.
	const stateBeat: Beat[] = [];
	const stateCode: number[] = [];
	const edges: Edge[][] = [];
	const index = new Map<number, number>();
	const stuck = new Set<string>();
	const intern = (beat: Beat, code: number): number => {
		const key = topo.get(beat.id)! * stride + code;
		let id = index.get(key);
		if (id === undefined) {
			id = stateBeat.length;
			index.set(key, id);
			stateBeat.push(beat);
			stateCode.push(code);
			edges.push([]);
		}
		return id;
	};
	const startCode = exact
		? encode(Object.fromEntries(meterNames.map((m) => [m, meters[m].start])))
		: 0;
	intern(order[0], startCode);
	for (let s = 0; s < stateBeat.length; s++) {
		const beat = stateBeat[s];
		if (beat.kind === 'ending') continue;
		const values = exact ? decode(stateCode[s]) : {};
		if (beat.kind === 'decision') {
			for (const choice of beat.choices) {
				if (!holds(choice, values)) continue;
				let code = 0;
				if (exact) {
					const next = { ...values };
					for (const [m, delta] of Object.entries(choice.effects))
						next[m] = Math.min(meters[m].max, Math.max(meters[m].min, next[m] + delta));
					code = encode(next);
				}
				edges[s].push({ to: intern(byId.get(choice.target)!, code), choice });
			}
			if (edges[s].length === 0 && !stuck.has(beat.id)) {
				stuck.add(beat.id);
				const shown = Object.entries(values)
					.map(([m, v]) => `${m} ${v}`)
					.join(', ');
				d.add(
					'RAP028',
					beat.line,
					1,
					`beat \`${beat.id}\` can be reached with ${shown}, when none of its choices is offered`,
					'give at least one choice no `if:`, or widen the conditions'
				);
			}
		} else {
			const route = beat.routes.find((r) => holds(r, values));
			if (route)
				edges[s].push({ to: intern(byId.get(route.target)!, stateCode[s]), choice: undefined });
		}
	}

	// Backward: every state's best and worst completion, in reverse topological order.
	const S = stateBeat.length;
	const ids = Array.from({ length: S }, (_, i) => i).sort(
		(a, b) => topo.get(stateBeat[b].id)! - topo.get(stateBeat[a].id)!
	);
	const count = new Float64Array(S);
	const longest = new Int32Array(S);
	const minTotal = new Float64Array(S);
	const maxTotal = new Float64Array(S);
	const minP = new Float64Array(S * P);
	const maxP = new Float64Array(S * P);
	const best = new Uint32Array(S * P * W);
	const bestTotal = new Uint32Array(S * W);
	const deltas = (choice: Choice | undefined) => principles.map((p) => choice?.scores[p] ?? 0);
	const totalOf = (choice: Choice | undefined) =>
		choice ? Object.values(choice.scores).reduce((a, b) => a + b, 0) : 0;

	for (const s of ids) {
		const beat = stateBeat[s];
		if (beat.kind === 'ending') {
			count[s] = 1;
			const e = endingIndex.get(beat.id)!;
			for (let p = 0; p < P; p++) best[(s * P + p) * W + (e >> 5)] |= 1 << (e & 31);
			bestTotal[s * W + (e >> 5)] |= 1 << (e & 31);
			continue;
		}
		let first = true;
		for (const edge of edges[s]) {
			const t = edge.to;
			if (count[t] === 0) continue;
			const total = totalOf(edge.choice);
			const dp = deltas(edge.choice);
			const step = beat.kind === 'decision' ? 1 : 0;
			count[s] += count[t];
			if (first || maxTotal[t] + total > maxTotal[s]) bestTotal.fill(0, s * W, s * W + W);
			if (first || maxTotal[t] + total >= maxTotal[s])
				for (let w = 0; w < W; w++) bestTotal[s * W + w] |= bestTotal[t * W + w];
			if (first) {
				longest[s] = longest[t] + step;
				minTotal[s] = minTotal[t] + total;
				maxTotal[s] = maxTotal[t] + total;
			} else {
				longest[s] = Math.max(longest[s], longest[t] + step);
				minTotal[s] = Math.min(minTotal[s], minTotal[t] + total);
				maxTotal[s] = Math.max(maxTotal[s], maxTotal[t] + total);
			}
			for (let p = 0; p < P; p++) {
				const lo = minP[t * P + p] + dp[p];
				const hi = maxP[t * P + p] + dp[p];
				const at = s * P + p;
				if (first || lo < minP[at]) minP[at] = lo;
				if (first || hi > maxP[at]) {
					maxP[at] = hi;
					best.fill(0, at * W, at * W + W);
				}
				if (maxP[at] === hi)
					for (let w = 0; w < W; w++) best[at * W + w] |= best[(t * P + p) * W + w];
			}
			first = false;
		}
	}

	// Forward again: which good endings can follow an ignored rupture.
	const ignored = new Array<string | undefined>(S);
	const warned = new Set<string>();
	for (const s of [...ids].reverse()) {
		const beat = stateBeat[s];
		if (beat.kind === 'ending') {
			if (ignored[s] && GOOD_OUTCOMES.has(beat.outcome ?? '') && !warned.has(beat.id)) {
				warned.add(beat.id);
				d.add(
					'RAP019',
					beat.line,
					1,
					`\`${beat.outcome}\` ending \`${beat.id}\` can be reached after the rupture at \`${ignored[s]}\` was ignored`,
					'route paths that ignore a rupture to a stalled or ruptured ending, or require a repair first'
				);
			}
			continue;
		}
		for (const edge of edges[s]) {
			const c = edge.choice;
			const ignores =
				c !== undefined &&
				(c.tags.includes('ignore-rupture') ||
					(beat.rupture !== undefined && !c.tags.some((t) => REPAIR_TAGS.includes(t))));
			const flag = ignored[s] ?? (ignores ? beat.id : undefined);
			if (flag && !ignored[edge.to]) ignored[edge.to] = flag;
		}
	}

	const live = new Set(stateBeat.map((b) => b.id));
	for (const beat of order)
		if (!live.has(beat.id))
			d.add(
				'RAP014',
				beat.line,
				1,
				`beat \`${beat.id}\` is never reached: the conditions leading to it never hold`,
				'check the meter conditions and effects on the way to it'
			);

	const root = 0;
	const range = (lo: number, hi: number) => ({ min: lo, max: hi });
	return {
		reachable: beats.filter((b) => live.has(b.id)).map((b) => b.id),
		unreachable: beats.filter((b) => !live.has(b.id)).map((b) => b.id),
		endings: endingIds.filter((id) => live.has(id)),
		paths: count[root],
		longestPath: longest[root],
		total: range(minTotal[root], maxTotal[root]),
		principles: Object.fromEntries(
			principles.map((p, i) => [p, range(minP[root * P + i], maxP[root * P + i])])
		),
		bestEndings: Object.fromEntries(
			principles.map((p, i) => [
				p,
				endingIds.filter((_, e) => (best[(root * P + i) * W + (e >> 5)] >>> (e & 31)) & 1)
			])
		),
		bestTotalEndings: endingIds.filter((_, e) => (bestTotal[root * W + (e >> 5)] >>> (e & 31)) & 1),
		exact
	};
}
