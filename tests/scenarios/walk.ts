import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getInitialSnapshot, getNextSnapshot } from 'xstate';
import type {
	ScenarioEvent,
	ScenarioMachine,
	ScenarioSnapshot
} from '../../src/lib/machines/scenario-machine';
import { compileScenario } from '../../src/lib/scenarios/index';
import type { CompileResult, Range, Scenario } from '../../src/lib/scenarios/types';

/**
 * Walking a scenario machine the way a trainee would, one `choice.select` at a time, with
 * XState's pure `getNextSnapshot` (src/lib/machines/walk.ts, which `rapport-scenarios test` uses
 * too). Shared by the round-trip test and the analysis property test.
 */

export const LIBRARY = fileURLToPath(new URL('../../src/lib/scenarios/library', import.meta.url));
export const SAMPLES = fileURLToPath(new URL('./samples', import.meta.url));

/** Every library scenario, compiled; read when called, so scenarios added later are included. */
export function libraryScenarios(): { name: string; result: CompileResult }[] {
	return readdirSync(LIBRARY)
		.filter((f) => f.endsWith('.md'))
		.sort()
		.map((f) => ({
			name: f,
			result: compileScenario(readFileSync(join(LIBRARY, f), 'utf8'), f)
		}));
}

/** Every golden sample that compiles to a scenario (warnings allowed). */
export function sampleScenarios(): { name: string; result: CompileResult }[] {
	return readdirSync(SAMPLES, { withFileTypes: true })
		.filter((e) => e.isDirectory())
		.map((e) => ({
			name: e.name,
			result: compileScenario(
				readFileSync(join(SAMPLES, e.name, 'input.md'), 'utf8'),
				`${e.name}/input.md`
			)
		}))
		.filter((s) => s.result.scenario)
		.sort((a, b) => a.name.localeCompare(b.name));
}

import { offered } from '../../src/lib/machines/walk';

export {
	choose,
	machineModel,
	offered,
	random,
	walkPaths,
	type Model,
	type WalkOptions
} from '../../src/lib/machines/walk';

export interface Reach {
	paths: number;
	longest: number;
	total: Range;
	principles: Record<string, Range>;
	/** Per principle: the endings reached by the completions that score it best. */
	bestEndings: Record<string, Set<string>>;
}

/**
 * An independent oracle for the analyser, computed from the machine alone: what can follow a
 * snapshot depends only on its beat, its meters and its memory flags (guards read meters and
 * flags; scores only add up), so memoising on those visits every state of the machine once and
 * gives exact path counts, the longest path and score ranges however many paths there are.
 */
export function explore(machine: ScenarioMachine, scenario: Scenario, principles: string[]) {
	const memo = new Map<string, Reach>();
	const entered = new Set<string>();
	const stuck = new Set<string>();
	const keyOf = (s: ScenarioSnapshot) =>
		`${s.status}|${String(s.value)}|${JSON.stringify(s.context.meters)}|${[...s.context.flags].sort().join(',')}`;
	const gain = (from: ScenarioSnapshot, to: ScenarioSnapshot, p?: string) =>
		p === undefined
			? to.context.total - from.context.total
			: (to.context.scores[p] ?? 0) - (from.context.scores[p] ?? 0);

	const reach = (s: ScenarioSnapshot): Reach => {
		// Before the memo: the same state can be reached through different route beats.
		for (const beat of s.context.path) entered.add(beat);
		const key = keyOf(s);
		const known = memo.get(key);
		if (known) return known;
		let result: Reach;
		if (s.status === 'done') {
			const ending = (s.output as { ending: string }).ending;
			result = {
				paths: 1,
				longest: 0,
				total: { min: 0, max: 0 },
				principles: Object.fromEntries(principles.map((p) => [p, { min: 0, max: 0 }])),
				bestEndings: Object.fromEntries(principles.map((p) => [p, new Set([ending])]))
			};
		} else {
			result = {
				paths: 0,
				longest: 0,
				total: { min: Infinity, max: -Infinity },
				principles: Object.fromEntries(
					principles.map((p) => [p, { min: Infinity, max: -Infinity }])
				),
				bestEndings: Object.fromEntries(principles.map((p) => [p, new Set<string>()]))
			};
			const events = offered(scenario, s);
			if (events.length === 0) stuck.add(String(s.value));
			for (const event of events) {
				const t = getNextSnapshot(machine, s, event);
				const r = reach(t);
				if (r.paths === 0) continue;
				result.paths += r.paths;
				result.longest = Math.max(result.longest, r.longest + 1);
				const g = gain(s, t);
				result.total.min = Math.min(result.total.min, r.total.min + g);
				result.total.max = Math.max(result.total.max, r.total.max + g);
				for (const p of principles) {
					const gp = gain(s, t, p);
					const range = result.principles[p];
					range.min = Math.min(range.min, r.principles[p].min + gp);
					const hi = r.principles[p].max + gp;
					if (hi > range.max) result.bestEndings[p] = new Set();
					if (hi >= range.max) {
						range.max = hi;
						for (const e of r.bestEndings[p]) result.bestEndings[p].add(e);
					}
				}
			}
		}
		memo.set(key, result);
		return result;
	};

	const start = getInitialSnapshot(machine);
	const root = reach(start);

	/** A path attaining the best or worst total, found by following the memo. */
	const witness = (goal: 'min' | 'max'): ScenarioEvent[] => {
		const events: ScenarioEvent[] = [];
		let s = start;
		while (s.status !== 'done') {
			const want = memo.get(keyOf(s))!.total[goal];
			const event = offered(scenario, s).find((e) => {
				const t = getNextSnapshot(machine, s, e);
				const r = memo.get(keyOf(t))!;
				return r.paths > 0 && r.total[goal] + gain(s, t) === want;
			});
			if (!event) throw new Error(`no ${goal} witness from ${String(s.value)}`);
			events.push(event);
			s = getNextSnapshot(machine, s, event);
		}
		return events;
	};

	return { root, entered, stuck: [...stuck], states: memo.size, witness };
}
