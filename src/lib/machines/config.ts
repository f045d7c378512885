import type { Gated } from '../scenarios/condition';
import { REPAIR_TAGS } from '../scenarios/tags';
import type { Beat, Condition, Meter, RuptureRecord, Scenario } from '../scenarios/types';

/**
 * Scenario data to a plain-JSON XState config. Nothing here is a function: guards and actions
 * are named with `params`, so the config can be printed, stored, diffed and loaded back with
 * `createMachine` — and the browser and the server run exactly the same machine.
 */

export interface ScenarioContext {
	meters: Record<string, number>;
	bounds: Record<string, Meter>;
	scores: Record<string, number>;
	total: number;
	path: string[];
	choices: string[];
	/** Memory flags set now, in the order they were set. */
	flags: string[];
	/** Critical actions met so far. */
	met: string[];
	/** Each rupture passed, and how it has been handled so far. */
	ruptures: RuptureRecord[];
	/** One per entry of `path`: which prose blocks (and, at an ending, debrief notes) showed. */
	visits: Visit[];
}

/** What showed at one beat: indices into its prose and debrief notes; absent means all of them. */
export interface Visit {
	beat: string;
	prose?: number[];
	notes?: number[];
}

export interface EnterBeatParams {
	beat: string;
	/** The beat's prose gates, when some block is conditional. */
	prose?: Gated[];
	/** An ending's debrief notes' gates. */
	notes?: Gated[];
}

export interface ChoiceParams {
	choiceId: string;
	condition?: Condition;
}

export interface ApplyChoiceParams {
	choiceId: string;
	/** The beat the choice is made in. */
	beat: string;
	scores: Record<string, number>;
	effects: Record<string, number>;
	sets?: string[];
	clears?: string[];
	meets?: string[];
	/** The beat is a rupture. */
	rupture?: boolean;
	/** The choice turns towards a rupture: it repairs this one, or any still open (late). */
	repairs?: boolean;
}

export interface EndingOutput {
	ending: string;
	outcome: string;
}

// XState's own config types are deep generics; the JSON shape is what matters here.
export type JsonConfig = Record<string, unknown>;

const gates = (blocks: Gated[]): Gated[] =>
	blocks.map((b) => ({
		...(b.variant ? { variant: b.variant } : {}),
		...(b.condition ? { condition: b.condition } : {})
	}));

function applyParams(beat: Beat, c: Beat['choices'][number]): ApplyChoiceParams {
	const repairs = c.tags.some((t) => REPAIR_TAGS.includes(t));
	return {
		choiceId: c.id,
		beat: beat.id,
		scores: c.scores,
		effects: c.effects,
		...(c.sets.length ? { sets: c.sets } : {}),
		...(c.clears.length ? { clears: c.clears } : {}),
		...(c.meets.length ? { meets: c.meets } : {}),
		...(beat.rupture ? { rupture: true } : {}),
		...(repairs ? { repairs } : {})
	};
}

function stateFor(beat: Beat): JsonConfig {
	const params: EnterBeatParams = { beat: beat.id };
	if (beat.prose.some((b) => b.variant)) params.prose = gates(beat.prose);
	if (beat.debriefNotes) params.notes = gates(beat.debriefNotes);
	const entry = [{ type: 'enterBeat', params }];
	if (beat.kind === 'ending') {
		const output: EndingOutput = { ending: beat.id, outcome: beat.outcome ?? 'stalled' };
		return { type: 'final', entry, output, meta: { kind: 'ending' } };
	}
	if (beat.kind === 'route') {
		return {
			entry,
			always: beat.routes.map((r) => ({
				target: r.target,
				...(r.condition
					? { guard: { type: 'conditionHolds', params: { condition: r.condition } } }
					: {})
			})),
			meta: { kind: 'route' }
		};
	}
	return {
		entry,
		on: {
			'choice.select': beat.choices.map((c) => ({
				target: c.target,
				guard: {
					type: 'choiceAllowed',
					params: { choiceId: c.id, ...(c.condition ? { condition: c.condition } : {}) }
				},
				actions: [{ type: 'applyChoice', params: applyParams(beat, c) }]
			}))
		},
		meta: { kind: 'decision', ...(beat.fixedOrder ? { fixedOrder: true } : {}) }
	};
}

/**
 * Where a play starts when not at the scenario's start: a beat, with meters and memory flags as
 * an author sets them by hand (the studio's preview, `rapport-scenarios play --from`). Meters
 * not given keep their `start`; the scores count from this beat.
 */
export interface StartAt {
	beat?: string;
	meters?: Record<string, number>;
	flags?: readonly string[];
}

/** A start the scenario does not allow: an unknown beat, meter or flag, or a meter out of range. */
export class StartError extends Error {}

const listed = (names: string[]) => names.join(', ') || 'none';

/** The initial beat and context for `from`, checked against the scenario. */
function startOf(scenario: Scenario, from: StartAt) {
	const meters = Object.fromEntries(Object.entries(scenario.meters).map(([k, m]) => [k, m.start]));
	for (const [name, value] of Object.entries(from.meters ?? {})) {
		const range = scenario.meters[name];
		if (!range)
			throw new StartError(
				`no such meter \`${name}\` (this scenario has ${listed(Object.keys(scenario.meters))})`
			);
		if (!Number.isInteger(value) || value < range.min || value > range.max)
			throw new StartError(`${name} runs from ${range.min} to ${range.max}, not ${value}`);
		meters[name] = value;
	}
	const flags = [...new Set(from.flags ?? [])];
	for (const flag of flags)
		if (!(flag in scenario.flags))
			throw new StartError(
				`no such flag \`${flag}\` (this scenario has ${listed(Object.keys(scenario.flags))})`
			);
	const beat = from.beat ?? scenario.start;
	if (!scenario.beats.some((b) => b.id === beat))
		throw new StartError(
			`no such beat \`${beat}\` (beats: ${listed(scenario.beats.map((b) => b.id))})`
		);
	return { beat, meters, flags };
}

/**
 * The machine's config; with `from`, started at that beat with those meters and flags (the same
 * states, guards and actions, so play from there is exactly play from the start).
 */
export function toMachineConfig(scenario: Scenario, from?: StartAt): JsonConfig {
	const start = startOf(scenario, from ?? {});
	const context: ScenarioContext = {
		meters: start.meters,
		bounds: scenario.meters,
		scores: {},
		total: 0,
		path: [],
		choices: [],
		flags: start.flags,
		met: [],
		ruptures: [],
		visits: []
	};
	return {
		id: scenario.id,
		initial: start.beat,
		context,
		states: Object.fromEntries(scenario.beats.map((b) => [b.id, stateFor(b)]))
	};
}
