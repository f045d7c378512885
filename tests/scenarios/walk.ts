import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getInitialSnapshot, getNextSnapshot } from 'xstate';
import type {
	ScenarioEvent,
	ScenarioMachine,
	ScenarioSnapshot
} from '../../src/lib/machines/scenario-machine';
import { seededRandom } from '../../src/lib/machines/order';
import { compileScenario } from '../../src/lib/scenarios/index';
import type { Beat, CompileResult, Range, Scenario } from '../../src/lib/scenarios/types';

/**
 * Walking a scenario machine the way a trainee would, one `choice.select` at a time, with
 * XState's pure `getNextSnapshot`. Shared by the round-trip test and the analysis property test.
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

export const choose = (choiceId: string): ScenarioEvent => ({ type: 'choice.select', choiceId });

const beatMaps = new WeakMap<Scenario, Map<string, Beat>>();
function beatOf(scenario: Scenario, id: string): Beat | undefined {
	let map = beatMaps.get(scenario);
	if (!map) beatMaps.set(scenario, (map = new Map(scenario.beats.map((b) => [b.id, b]))));
	return map.get(id);
}

/** The choice events the machine accepts now: the beat's choices that `snapshot.can` allows. */
export function offered(scenario: Scenario, snapshot: ScenarioSnapshot): ScenarioEvent[] {
	if (snapshot.status !== 'active') return [];
	const beat = beatOf(scenario, String(snapshot.value));
	return (beat?.choices ?? []).map((c) => choose(c.id)).filter((e) => snapshot.can(e));
}

/** A state of whatever is being walked: one machine, or two in lockstep. */
export interface Model<S> {
	initial(): S;
	events(state: S): ScenarioEvent[];
	next(state: S, event: ScenarioEvent): S;
}

export function machineModel(
	machine: ScenarioMachine,
	scenario: Scenario
): Model<ScenarioSnapshot> {
	return {
		initial: () => getInitialSnapshot(machine),
		events: (s) => offered(scenario, s),
		next: (s, e) => getNextSnapshot(machine, s, e)
	};
}

/** Deterministic PRNG (mulberry32, the one that orders choices), so a sampled walk repeats. */
export const random = seededRandom;

export interface WalkOptions {
	/** Walk every path when the scenario has at most this many (by its analysis)... */
	cap: number;
	expectedPaths: number;
	/** ...and otherwise this many random complete paths. */
	samples: number;
	seed?: number;
}

/**
 * Calls `visit` once per complete path, i.e. once the model offers no event. The arrays are
 * reused between calls: read them, do not keep them. `states[0]` is the initial state and
 * `states[i + 1]` the state after `events[i]`.
 */
export function walkPaths<S>(
	model: Model<S>,
	options: WalkOptions,
	visit: (states: S[], events: ScenarioEvent[]) => void
): { exhaustive: boolean; walked: number } {
	const states: S[] = [model.initial()];
	const events: ScenarioEvent[] = [];
	let walked = 0;
	if (options.expectedPaths <= options.cap) {
		const dfs = () => {
			const here = states[states.length - 1];
			const next = model.events(here);
			if (next.length === 0) {
				walked++;
				visit(states, events);
				return;
			}
			for (const event of next) {
				events.push(event);
				states.push(model.next(here, event));
				dfs();
				states.pop();
				events.pop();
			}
		};
		dfs();
		return { exhaustive: true, walked };
	}
	const rand = random(options.seed ?? 1);
	for (let i = 0; i < options.samples; i++) {
		states.length = 1;
		events.length = 0;
		for (;;) {
			const here = states[states.length - 1];
			const next = model.events(here);
			if (next.length === 0) break;
			const event = next[Math.floor(rand() * next.length)];
			events.push(event);
			states.push(model.next(here, event));
		}
		walked++;
		visit(states, events);
	}
	return { exhaustive: false, walked };
}

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
 * snapshot depends only on its beat and its meters (guards read meters; scores only add up), so
 * memoising on those visits every state of the machine once and gives exact path counts, the
 * longest path and score ranges however many paths there are.
 */
export function explore(machine: ScenarioMachine, scenario: Scenario, principles: string[]) {
	const memo = new Map<string, Reach>();
	const entered = new Set<string>();
	const stuck = new Set<string>();
	const keyOf = (s: ScenarioSnapshot) =>
		`${s.status}|${String(s.value)}|${JSON.stringify(s.context.meters)}`;
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
