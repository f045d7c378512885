import { createActor } from 'xstate';
import type { RuptureRecord } from '../scenarios/types';
import type { Visit } from './config';
import { shuffledChoices } from './order';
import type { ScenarioMachine, ScenarioOutput } from './scenario-machine';

/**
 * Replaying an attempt: its recorded events, run through the scenario's machine (the one any
 * client of the scenario would run; it imports nothing server-only).
 * This is how the server validates a choice and computes a score, so a score is always the
 * deterministic result of the path, never a number the client sent.
 */

export interface RecordedChoiceEvent {
	type: 'choice' | 'rewind';
	choiceId?: string;
}

export interface Step {
	/** The beat the choice was made in. */
	beat: string;
	choiceId: string;
	metersBefore: Record<string, number>;
	metersAfter: Record<string, number>;
}

export interface PlayState {
	status: 'active' | 'done';
	/** The current beat: a decision while active, the ending when done. */
	beat: string;
	/** Every beat entered, in order, including routes and the ending. */
	path: string[];
	steps: Step[];
	meters: Record<string, number>;
	scores: Record<string, number>;
	total: number;
	flags: string[];
	/** Critical actions met. */
	met: string[];
	ruptures: RuptureRecord[];
	/** One per entry of `path`: which prose blocks and debrief notes showed there. */
	visits: Visit[];
	/**
	 * Choice ids offered now (empty when done), in the order to show them: shuffled by the
	 * attempt's seed unless the beat is `.fixed-order` or there is no seed.
	 */
	available: string[];
	output?: ScenarioOutput;
}

export class ReplayError extends Error {
	constructor(
		readonly index: number,
		readonly choiceId: string,
		readonly reason: 'finished' | 'not-offered'
	) {
		super(
			reason === 'finished'
				? `choice ${choiceId} comes after the scenario ended`
				: `choice ${choiceId} is not offered at this point`
		);
	}
}

/** The choices that stand after rewinds: a rewind takes back the latest remaining choice. */
export function effectiveChoices(events: readonly RecordedChoiceEvent[]): string[] {
	const choices: string[] = [];
	for (const event of events) {
		if (event.type === 'choice' && event.choiceId) choices.push(event.choiceId);
		else if (event.type === 'rewind') choices.pop();
	}
	return choices;
}

function offered(
	machine: ScenarioMachine,
	snapshot: ReturnType<typeof snapshotOf>,
	seed: string | undefined
): string[] {
	if (snapshot.status !== 'active') return [];
	const value = String(snapshot.value);
	const node = machine.states[value];
	const transitions = node?.config.on?.['choice.select'];
	const list = Array.isArray(transitions) ? transitions : transitions ? [transitions] : [];
	const ids = list
		.map((t) => (t as { guard?: { params?: { choiceId?: string } } }).guard?.params?.choiceId)
		.filter((id): id is string => !!id && snapshot.can({ type: 'choice.select', choiceId: id }));
	const fixed = (node?.config.meta as { fixedOrder?: boolean } | undefined)?.fixedOrder;
	return seed && !fixed ? shuffledChoices(seed, value, ids) : ids;
}

function snapshotOf(actor: ReturnType<typeof createActor<ScenarioMachine>>) {
	return actor.getSnapshot();
}

/** `seed`: the attempt's choice-order seed; without one, choices keep their written order. */
export function replay(
	machine: ScenarioMachine,
	choices: readonly string[],
	seed?: string
): PlayState {
	const actor = createActor(machine).start();
	const steps: Step[] = [];
	choices.forEach((choiceId, index) => {
		const before = snapshotOf(actor);
		if (before.status !== 'active') throw new ReplayError(index, choiceId, 'finished');
		const event = { type: 'choice.select' as const, choiceId };
		if (!before.can(event)) throw new ReplayError(index, choiceId, 'not-offered');
		actor.send(event);
		const after = snapshotOf(actor);
		steps.push({
			beat: String(before.value),
			choiceId,
			metersBefore: before.context.meters,
			metersAfter: after.context.meters
		});
	});
	const snapshot = snapshotOf(actor);
	actor.stop();
	const done = snapshot.status === 'done';
	return {
		status: done ? 'done' : 'active',
		beat: String(snapshot.value),
		path: snapshot.context.path,
		steps,
		meters: snapshot.context.meters,
		scores: snapshot.context.scores,
		total: snapshot.context.total,
		flags: snapshot.context.flags,
		met: snapshot.context.met,
		ruptures: snapshot.context.ruptures,
		visits: snapshot.context.visits,
		available: offered(machine, snapshot, seed),
		...(done && snapshot.output ? { output: snapshot.output } : {})
	};
}
