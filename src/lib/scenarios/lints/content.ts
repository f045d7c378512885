import { conditionMeters } from '../condition';
import type { Diagnostics } from '../diagnostics';
import { reachesMark, scoreCard } from '../score';
import { REPAIR_TAGS } from '../tags';
import type { Analysis, Beat, Choice, Outcome, Scenario } from '../types';
import {
	afterChoice,
	beatIndex,
	offeredChoices,
	points,
	settle,
	startPoint,
	type Point
} from './walk';

/**
 * Content lints: rules about whether a scenario teaches and measures what it should, as opposed
 * to whether it compiles. Each is a warning (`lint --strict` makes it an error). They read only the
 * finished `Scenario` and `Analysis`, so they run after every other check and never on a file
 * with errors. docs/diagnostics.md describes each code.
 */

const GOOD: ReadonlySet<Outcome> = new Set(['strengthened', 'repaired']);
const BAD: ReadonlySet<Outcome> = new Set(['ruptured', 'dropout']);
/** More than this share of decisions gives the answer away by its length. */
const BIAS_SHARE = 0.4;
/**
 * Nodes (state, path length) the search for the shortest contradicting path may hold; beyond it
 * the lint reports the lowest- or highest-scoring such path instead, found over the states
 * alone, which are as many as the analysis's own.
 */
const NODE_LIMIT = 200_000;

const percent = (part: number, whole: number) => Math.round((part / whole) * 100);

/**
 * Whether a raw total, with these critical actions met, passes the scenario's own mark, by the
 * rule every verdict uses (a missed critical action caps the score).
 */
function passRule(
	scenario: Scenario,
	analysis: Analysis
): (total: number, met: readonly string[]) => boolean {
	const cache = new Map<string, boolean>();
	return (total, met) => {
		const key = `${total}|${met.join(',')}`;
		let passed = cache.get(key);
		if (passed === undefined)
			cache.set(
				key,
				(passed = reachesMark(
					scoreCard(scenario, analysis, { total, scores: {}, met }).normalised,
					scenario.pass
				))
			);
		return passed;
	};
}

function decisions(scenario: Scenario, analysis: Analysis): Beat[] {
	const reachable = new Set(analysis.reachable);
	return scenario.beats.filter((b) => b.kind === 'decision' && reachable.has(b.id));
}

/** RAP050: the best response is the longest, or the worst the shortest, too often. */
export function lintLengthBias(scenario: Scenario, analysis: Analysis, d: Diagnostics): void {
	let counted = 0;
	const bestLongest: Beat[] = [];
	const worstShortest: Beat[] = [];
	for (const beat of decisions(scenario, analysis)) {
		const pts = beat.choices.map(points);
		const best = Math.max(...pts);
		const worst = Math.min(...pts);
		if (best === worst) continue;
		counted++;
		const lengths = beat.choices.map((c) => c.text.length);
		const longest = Math.max(...lengths);
		const shortest = Math.min(...lengths);
		// Ties count: a best answer as long as the longest still gives itself away.
		if (pts.some((p, i) => p === best && lengths[i] === longest)) bestLongest.push(beat);
		if (pts.some((p, i) => p === worst && lengths[i] === shortest)) worstShortest.push(beat);
	}
	const report = (beats: Beat[], what: string) => {
		if (counted === 0 || beats.length / counted <= BIAS_SHARE) return;
		d.add(
			'RAP050',
			beats[0].line,
			1,
			`${what} in ${beats.length} of ${counted} decisions (${percent(beats.length, counted)}%, more than ${BIAS_SHARE * 100}%): ${beats.map((b) => `\`${b.id}\``).join(', ')}`
		);
	};
	report(bestLongest, 'the best-scoring choice is the longest');
	report(worstShortest, 'the worst-scoring choice is the shortest');
}

export type Strategy =
	'longest' | 'shortest' | 'first' | 'last' | 'therapist-phrases' | 'questions' | 'no-you';

/** Stock phrases that sound like a therapist whatever the client said. */
const THERAPIST_PHRASES =
	/\b(I notice|I'm noticing|I wonder|I'm wondering|it sounds like|it sounds as if|sounds like|what I'm hearing|I hear that|I'm hearing)\b/i;
/** "You" in any form: the rule "never say you" avoids these. */
const SECOND_PERSON = /\byou(?:'re|'ve|'d|'ll|r|rs|rself)?\b/i;

const isQuestion = (c: Choice) =>
	c.text
		.trim()
		.replace(/["'”’]+$/, '')
		.endsWith('?');

/**
 * The first offered choice that has a surface feature, or the first offered choice when none has
 * it: the rule a trainee follows who looks only at the wording.
 */
const preferring =
	(has: (c: Choice) => boolean) =>
	(offered: Choice[]): Choice =>
		offered.find(has) ?? offered[0];

export const STRATEGIES: Record<Strategy, (offered: Choice[]) => Choice> = {
	// Ties go to the choice written first.
	longest: (offered) => offered.reduce((a, b) => (b.text.length > a.text.length ? b : a)),
	shortest: (offered) => offered.reduce((a, b) => (b.text.length < a.text.length ? b : a)),
	first: (offered) => offered[0],
	last: (offered) => offered[offered.length - 1],
	// Pick what sounds most like a therapist ("I notice", "I wonder", "it sounds like").
	'therapist-phrases': preferring((c) => THERAPIST_PHRASES.test(c.text)),
	// Always ask a question.
	questions: preferring(isQuestion),
	// Never say "you".
	'no-you': preferring((c) => !SECOND_PERSON.test(c.text))
};

export interface StrategyResult {
	strategy: Strategy;
	choices: string[];
	ending: Beat;
	normalised: number;
	passed: boolean;
}

/** One walk that picks by a surface feature at every decision, scored as the server scores. */
export function playStrategy(
	scenario: Scenario,
	analysis: Analysis,
	strategy: Strategy
): StrategyResult {
	const byId = beatIndex(scenario);
	let point = startPoint(scenario);
	let total = 0;
	const scores: Record<string, number> = {};
	const choices: string[] = [];
	let beat = settle(byId, scenario.start, point);
	while (beat.kind === 'decision') {
		const choice = STRATEGIES[strategy](offeredChoices(beat, point));
		choices.push(choice.id);
		point = afterChoice(point, choice, scenario);
		for (const [p, amount] of Object.entries(choice.scores)) {
			scores[p] = (scores[p] ?? 0) + amount;
			total += amount;
		}
		beat = settle(byId, choice.target, point);
	}
	const card = scoreCard(scenario, analysis, { total, scores, met: point.met });
	return {
		strategy,
		choices,
		ending: beat,
		normalised: card.normalised,
		passed: reachesMark(card.normalised, scenario.pass)
	};
}

const STRATEGY_NAMES: Record<Strategy, string> = {
	longest: 'the longest response',
	shortest: 'the shortest response',
	first: 'the first response as written',
	last: 'the last response as written',
	'therapist-phrases':
		'a response that sounds like a therapist ("I notice", "I wonder", "it sounds like")',
	questions: 'a question',
	'no-you': 'a response without "you"'
};

/** RAP051: a strategy that needs no reading passes. */
export function lintSurfaceStrategies(
	scenario: Scenario,
	analysis: Analysis,
	d: Diagnostics
): void {
	for (const strategy of Object.keys(STRATEGIES) as Strategy[]) {
		const result = playStrategy(scenario, analysis, strategy);
		if (!result.passed) continue;
		d.add(
			'RAP051',
			scenario.beats[0].line,
			1,
			`always choosing ${STRATEGY_NAMES[strategy]} scores ${result.normalised} (pass mark ${scenario.pass}) and ends at \`${result.ending.id}\`: ${result.choices.join(' → ')}`
		);
	}
}

/** A beat the trainee sees (a decision or an ending) with the meters and flags conditions read. */
interface State {
	key: string;
	beat: Beat;
	point: Point;
	/** Filled in when first expanded: the choices offered here and where each leads. */
	edges?: { choice: Choice; points: number; to: State }[];
}

/** One path into a state: its score so far, its length in choices and how it came. */
interface Node {
	state: State;
	total: number;
	steps: number;
	parent?: Node;
	choice?: string;
}

function pathOf(node: Node): string[] {
	const ids: string[] = [];
	for (let n: Node | undefined = node; n?.choice; n = n.parent) ids.push(n.choice);
	return ids.reverse();
}

/** Beats in an order where every choice and route leads to a later beat (the graph is acyclic). */
function topologicalOrder(scenario: Scenario): Map<string, number> {
	const incoming = new Map(scenario.beats.map((b) => [b.id, 0]));
	const targets = (b: Beat) => [...b.choices, ...b.routes].map((e) => e.target);
	for (const b of scenario.beats) for (const t of targets(b)) incoming.set(t, incoming.get(t)! + 1);
	const byId = beatIndex(scenario);
	const ready = scenario.beats.filter((b) => incoming.get(b.id) === 0).map((b) => b.id);
	const order = new Map<string, number>();
	while (ready.length) {
		const id = ready.pop()!;
		order.set(id, order.size);
		for (const t of targets(byId.get(id)!)) {
			incoming.set(t, incoming.get(t)! - 1);
			if (incoming.get(t) === 0) ready.push(t);
		}
	}
	return order;
}

/**
 * The scenario's states (beat, meters read by conditions, flags set), made as the searches reach
 * them and shared between them: meters no condition reads cannot change what happens next.
 */
function stateSpace(scenario: Scenario) {
	const byId = beatIndex(scenario);
	const read: string[] = [];
	for (const b of scenario.beats)
		for (const e of [...b.choices, ...b.routes])
			if (e.condition) conditionMeters(e.condition, read);
	const names = [...new Set(read)];
	const states = new Map<string, State>();
	const stateOf = (id: string, point: Point): State => {
		const beat = settle(byId, id, point);
		const flags = [...point.flags].sort().join(',');
		// Critical actions met change the score's cap, so paths that met different ones differ.
		const met = [...point.met].sort().join(',');
		const key = `${beat.id}|${names.map((m) => point.meters[m]).join(',')}|${flags}|${met}`;
		let state = states.get(key);
		if (!state) states.set(key, (state = { key, beat, point }));
		return state;
	};
	const expand = (state: State) =>
		(state.edges ??= offeredChoices(state.beat, state.point).map((choice) => ({
			choice,
			points: points(choice),
			to: stateOf(choice.target, afterChoice(state.point, choice, scenario))
		})));
	return {
		start: stateOf(scenario.start, startPoint(scenario)),
		expand,
		size: () => states.size
	};
}

/**
 * Every ending node a search reaches, beat by beat in topological order. `key` decides which
 * nodes are the same and `better` which of two the search keeps; undefined when it would hold
 * more than NODE_LIMIT nodes.
 */
function search(
	space: ReturnType<typeof stateSpace>,
	rank: Map<string, number>,
	key: (n: Node) => string,
	better: (a: Node, b: Node) => boolean
): Node[] | undefined {
	const pending = new Map<string, Map<string, Node>>();
	let held = 0;
	const put = (node: Node) => {
		const id = node.state.beat.id;
		let at = pending.get(id);
		if (!at) pending.set(id, (at = new Map()));
		const k = key(node);
		const old = at.get(k);
		if (!old) held++;
		if (!old || better(node, old)) at.set(k, node);
	};
	put({ state: space.start, total: 0, steps: 0 });
	const endings: Node[] = [];
	while (pending.size) {
		// The waiting beat earliest in topological order: nothing can lead to it any more.
		let id = '';
		for (const waiting of pending.keys())
			if (!id || rank.get(waiting)! < rank.get(id)!) id = waiting;
		const nodes = pending.get(id)!;
		pending.delete(id);
		for (const node of nodes.values()) {
			if (node.state.beat.kind === 'ending') {
				endings.push(node);
				continue;
			}
			for (const edge of space.expand(node.state)!) {
				put({
					state: edge.to,
					total: node.total + edge.points,
					steps: node.steps + 1,
					parent: node,
					choice: edge.choice.id
				});
				if (held > NODE_LIMIT) return undefined;
			}
		}
	}
	return endings;
}

/**
 * RAP052: an ending that says the opposite of the score. A `strengthened` or `repaired` ending
 * reached by a failing path, or a `ruptured` or `dropout` ending reached by a passing one,
 * reported at the ending with the shortest such path (fewest choices).
 */
export function lintEndingsAgainstScore(
	scenario: Scenario,
	analysis: Analysis,
	d: Diagnostics
): void {
	const passes = passRule(scenario, analysis);
	const space = stateSpace(scenario);
	const rank = topologicalOrder(scenario);
	const outcome = (n: Node) => n.state.beat.outcome!;
	const passed = (n: Node) => passes(n.total, [...n.state.point.met].sort());
	const contradicts = (n: Node) =>
		GOOD.has(outcome(n)) ? !passed(n) : BAD.has(outcome(n)) && passed(n);
	// Nodes with the same state and number of choices so far have the same futures, so keeping
	// only the lowest (or highest) scoring of them loses no shortest contradicting path.
	const lowest = (a: Node, b: Node) => a.total < b.total;
	const highest = (a: Node, b: Node) => a.total > b.total;
	const bySteps = (n: Node) => `${n.state.key}|${n.steps}`;
	const byState = (n: Node) => n.state.key;
	const worstOf = (low: Node[], high: Node[]) => {
		const worst = new Map<Beat, Node>();
		for (const node of [
			...low.filter((n) => GOOD.has(outcome(n))),
			...high.filter((n) => BAD.has(outcome(n)))
		]) {
			if (!contradicts(node)) continue;
			const old = worst.get(node.state.beat);
			if (!old || node.steps < old.steps) worst.set(node.state.beat, node);
		}
		return worst;
	};
	// First the extreme path into each state, which settles whether any ending contradicts the
	// score; then, when that is small enough, the search that finds the shortest such path.
	let worst = worstOf(
		search(space, rank, byState, lowest) ?? [],
		search(space, rank, byState, highest) ?? []
	);
	if (worst.size === 0) return;
	let shortest = false;
	if (space.size() * (analysis.longestPath + 1) <= NODE_LIMIT) {
		const low = search(space, rank, bySteps, lowest);
		const high = low && search(space, rank, bySteps, highest);
		if (low && high) {
			worst = worstOf(low, high);
			shortest = true;
		}
	}
	for (const beat of scenario.beats) {
		const node = worst.get(beat);
		if (!node) continue;
		const score = scoreCard(scenario, analysis, {
			total: node.total,
			scores: {},
			met: node.state.point.met
		}).normalised;
		const side = GOOD.has(beat.outcome!) ? 'fails' : 'passes';
		d.add(
			'RAP052',
			beat.line,
			1,
			`\`${beat.outcome}\` ending \`${beat.id}\` is reached by a path that ${side} (${score}, pass mark ${scenario.pass}); ${shortest ? 'the shortest' : 'one'} such path: ${pathOf(node).join(' → ')}`,
			GOOD.has(beat.outcome!)
				? 'route low-scoring paths to a stalled ending, or gate this ending on the meters that those choices lower'
				: 'let passing paths reach a better ending, or score the choices on this path lower'
		);
	}
}

/**
 * The fewest decisions on any path that passes (by the one pass rule, caps included), with one
 * such path; undefined when no path passes, or when the search would exceed NODE_LIMIT nodes.
 * docs/library.md shows it: a short passing path means a short scenario for a skilled trainee.
 */
export function shortestPassingPath(
	scenario: Scenario,
	analysis: Analysis
): { steps: number; path: string[] } | undefined {
	const passes = passRule(scenario, analysis);
	const space = stateSpace(scenario);
	// Of the paths into a state with the same number of choices, the highest-scoring one is the
	// one most likely to pass; the others cannot pass where it fails.
	const nodes = search(
		space,
		topologicalOrder(scenario),
		(n) => `${n.state.key}|${n.steps}`,
		(a, b) => a.total > b.total
	);
	let best: Node | undefined;
	for (const n of nodes ?? [])
		if (passes(n.total, [...n.state.point.met].sort()) && (!best || n.steps < best.steps)) best = n;
	return best && { steps: best.steps, path: pathOf(best) };
}

/**
 * RAP053: a rupture beat whose scores do not teach repair: no choice scores `repair-ruptures`
 * above zero, or a choice that leaves the rupture unaddressed scores it at zero or above.
 */
export function lintRuptureScoring(scenario: Scenario, analysis: Analysis, d: Diagnostics): void {
	const reachable = new Set(analysis.reachable);
	for (const beat of scenario.beats) {
		if (!beat.rupture || !reachable.has(beat.id)) continue;
		const repairScore = (c: Choice) => c.scores['repair-ruptures'] ?? 0;
		const ignoring = beat.choices.filter((c) => !c.tags.some((t) => REPAIR_TAGS.includes(t)));
		const problems: string[] = [];
		if (!beat.choices.some((c) => repairScore(c) > 0))
			problems.push('no choice scores `repair-ruptures` above zero');
		const unpunished = ignoring.filter((c) => repairScore(c) >= 0);
		if (unpunished.length)
			problems.push(
				`${unpunished.map((c) => `\`${c.id}\``).join(', ')} ${unpunished.length === 1 ? 'leaves' : 'leave'} the rupture unaddressed but ${unpunished.length === 1 ? 'scores' : 'score'} \`repair-ruptures\` at zero or above`
			);
		if (problems.length)
			d.add('RAP053', beat.line, 1, `rupture \`${beat.id}\`: ${problems.join('; ')}`);
	}
}

/** Every per-scenario content lint, in the order their codes run. */
export function lintContent(scenario: Scenario, analysis: Analysis, d: Diagnostics): void {
	lintLengthBias(scenario, analysis, d);
	lintSurfaceStrategies(scenario, analysis, d);
	lintEndingsAgainstScore(scenario, analysis, d);
	lintRuptureScoring(scenario, analysis, d);
}
