import { effectiveChoices, replay, ReplayError, type PlayState } from '$lib/machines/replay';
import { machineForScenario, type ScenarioMachine } from '$lib/machines/scenario-machine';
import type { Analysis, Scenario } from '$lib/scenarios/types';
import { reviewDrill } from './practice/review';
import {
	archiveVersion,
	findDrill,
	findScenario,
	knownScenario,
	loadVersion
} from './scenario-library';
import { resultOf } from './scoring';
import { queueScores } from './lti/ags';
import { canViewAttempt } from './programmes/access';
import { StoreConflictError } from './store/errors';
import type { Attempt, AttemptEvent, AttemptMode, PublicUser, Store } from './store/types';

/**
 * The trainee's loop on the server: start an attempt, record a choice after replaying the
 * attempt through the scenario's machine, rewind in practice, reflect, and branch a "what if".
 * Every check that protects an attempt lives here, so each route action stays thin glue. Each
 * function is handed the store, like the rest of the library; routes get it from `getStore()`.
 */

export class AttemptError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409,
		message: string
	) {
		super(message);
	}
}

const machines = new Map<string, ScenarioMachine>();
function machineFor(scenario: Scenario): ScenarioMachine {
	let machine = machines.get(scenario.hash);
	if (!machine) {
		machine = machineForScenario(scenario);
		machines.set(scenario.hash, machine);
	}
	return machine;
}

/** An attempt as stored, with its scenario version, not yet replayed. */
type AttemptRecord = Omit<LoadedAttempt, 'state'>;

export interface LoadedAttempt {
	attempt: Attempt;
	events: AttemptEvent[];
	scenario: Scenario;
	analysis: Analysis;
	state: PlayState;
	/** False when the scenario file changed after the attempt started. */
	current: boolean;
}

const MISFIT = 'This attempt’s record does not fit the scenario any more.';

function replayOrFail(scenario: Scenario, choices: string[], seed?: string): PlayState {
	try {
		return replay(machineFor(scenario), choices, seed);
	} catch (error) {
		if (error instanceof ReplayError) throw new AttemptError(409, MISFIT);
		throw error;
	}
}

export async function loadAttempt(
	store: Store,
	user: PublicUser,
	attemptId: string
): Promise<LoadedAttempt> {
	const record = await loadRecord(store, user, attemptId);
	return {
		...record,
		state: replayOrFail(record.scenario, effectiveChoices(record.events), record.attempt.choiceSeed)
	};
}

async function loadRecord(
	store: Store,
	user: PublicUser,
	attemptId: string
): Promise<AttemptRecord> {
	const attempt = await store.getAttempt(attemptId);
	// Someone else's attempt answers exactly like a missing one: nothing is revealed.
	// Instructors may view (never play) their cohorts' work (programmes/access.ts).
	if (!attempt || !(await canViewAttempt(store, user, attempt)))
		throw new AttemptError(404, 'No such attempt.');
	const version = await loadVersion(attempt.scenarioHash);
	if (!version)
		throw new AttemptError(
			409,
			'The scenario version this attempt was played on is no longer available.'
		);
	const events = await store.listEvents(attempt.id);
	const latest = attempt.drill ? findDrill(attempt.scenarioId) : knownScenario(attempt.scenarioId);
	return {
		attempt,
		events,
		...version,
		current: latest?.scenario.hash === attempt.scenarioHash
	};
}

/** Loads an attempt the user owns and may still change. */
async function loadOwnActive(store: Store, user: PublicUser, attemptId: string) {
	const loaded = await loadAttempt(store, user, attemptId);
	requireOwner(user, loaded);
	return loaded;
}

export function requireOwner(user: PublicUser, loaded: AttemptRecord) {
	if (loaded.attempt.userId !== user.id)
		throw new AttemptError(403, 'Only the trainee who started an attempt can play it.');
}

const ENDED = 'This attempt has ended. Start a new one to play again.';

export function requireActive(loaded: AttemptRecord & { state?: PlayState }) {
	if (loaded.attempt.status !== 'active' || (loaded.state && loaded.state.status !== 'active'))
		throw new AttemptError(409, ENDED);
	if (!loaded.current)
		throw new AttemptError(
			409,
			'This scenario was updated after you started. Start a new attempt to play the new version.'
		);
}

export async function startAttempt(
	store: Store,
	user: PublicUser,
	scenarioId: string,
	mode: AttemptMode,
	extra: { assignmentId?: string } = {}
): Promise<Attempt> {
	const found = findScenario(scenarioId);
	if (!found) throw new AttemptError(404, 'No such scenario.');
	await archiveVersion(found.scenario.hash);
	return store.createAttempt({
		userId: user.id,
		scenarioId,
		scenarioHash: found.scenario.hash,
		mode,
		choiceSeed: crypto.randomUUID(),
		...(extra.assignmentId ? { assignmentId: extra.assignmentId } : {})
	});
}

/** A drill attempt (always practice), started from /practice; its end updates the drill's card. */
export async function startDrill(
	store: Store,
	user: PublicUser,
	drillId: string
): Promise<Attempt> {
	const found = findDrill(drillId);
	if (!found) throw new AttemptError(404, 'No such drill.');
	await archiveVersion(found.scenario.hash);
	return store.createAttempt({
		userId: user.id,
		scenarioId: drillId,
		scenarioHash: found.scenario.hash,
		mode: 'practice',
		choiceSeed: crypto.randomUUID(),
		drill: true
	});
}

const EVENT_ID = /^[A-Za-z0-9-]{8,64}$/;

async function finishIfDone(store: Store, loaded: AttemptRecord, state: PlayState) {
	if (state.status !== 'done') return;
	const now = new Date();
	const result = resultOf(loaded.scenario, loaded.analysis, state);
	const completed = await store.updateAttempt(loaded.attempt.id, {
		status: 'completed',
		completedAt: now.toISOString(),
		result: { ...result }
	});
	// Launched from an LMS: its score joins the grade passback outbox at once (lti/ags.ts). A
	// failure here must not fail the trainee's choice, which is saved: the sender queues any
	// completed launched attempt without a score when the server next starts.
	await queueScores(store, completed, now).catch((e: unknown) =>
		console.error(`[rapport] LMS score not queued for ${completed.id}: ${String(e)}`)
	);
	if (loaded.attempt.drill)
		await reviewDrill(store, { ...loaded, result, userId: loaded.attempt.userId }, now);
}

async function record(
	store: Store,
	loaded: AttemptRecord,
	event: { id: string; type: 'choice' | 'rewind'; choiceId?: string },
	expectedSeq: number | undefined
) {
	try {
		await store.recordEvent(
			loaded.attempt.id,
			{ ...event, at: new Date().toISOString() },
			expectedSeq
		);
	} catch (error) {
		if (error instanceof StoreConflictError)
			throw new AttemptError(
				409,
				error.code === 'seq-conflict'
					? 'This page was out of date: the attempt had moved on. It now shows where you are.'
					: 'This attempt cannot take that change.'
			);
		throw error;
	}
}

function checkEventId(eventId: string) {
	if (!EVENT_ID.test(eventId))
		throw new AttemptError(400, 'The form was incomplete. Reload and try again.');
}

/**
 * The seq the next event must take. The server always insists on it, so two concurrent posts
 * for one attempt cannot both land; a seq sent by the page must agree, or the page was stale.
 */
function nextSeq(loaded: AttemptRecord, sent: string | undefined): number {
	const expected = loaded.events.length + 1;
	if (sent !== undefined && sent !== '') {
		const n = Number(sent);
		if (!Number.isInteger(n) || n < 1) throw new AttemptError(400, 'The form was incomplete.');
		if (n !== expected)
			throw new AttemptError(
				409,
				'This page was out of date: the attempt had moved on. It now shows where you are.'
			);
	}
	return expected;
}

/** Records a choice, unless it is a retry of one already recorded (same event id). */
export async function choose(
	store: Store,
	user: PublicUser,
	attemptId: string,
	input: { choiceId: string; eventId: string; seq?: string }
): Promise<PlayState> {
	checkEventId(input.eventId);
	// One replay, with the new choice on the end: the machine itself says whether the choice is
	// offered now (a choice post used to replay the attempt twice, once without it).
	const loaded = await loadRecord(store, user, attemptId);
	requireOwner(user, loaded);
	const choices = effectiveChoices(loaded.events);
	if (loaded.events.some((e) => e.id === input.eventId))
		return replayOrFail(loaded.scenario, choices, loaded.attempt.choiceSeed);
	requireActive(loaded);
	const seq = nextSeq(loaded, input.seq);
	const state = replayWithChoice(
		loaded.scenario,
		choices,
		input.choiceId,
		loaded.attempt.choiceSeed
	);
	await record(store, loaded, { id: input.eventId, type: 'choice', choiceId: input.choiceId }, seq);
	await finishIfDone(store, loaded, state);
	return state;
}

/** Replays `choices` and then `choiceId`, refusing the new choice as a choice post should. */
function replayWithChoice(
	scenario: Scenario,
	choices: string[],
	choiceId: string,
	seed?: string
): PlayState {
	try {
		return replay(machineFor(scenario), [...choices, choiceId], seed);
	} catch (error) {
		if (!(error instanceof ReplayError)) throw error;
		if (error.index < choices.length) throw new AttemptError(409, MISFIT);
		if (error.reason === 'finished') throw new AttemptError(409, ENDED);
		throw new AttemptError(400, 'That response is not one of the choices at this point.');
	}
}

/** Practice only: takes back the latest choice; the rewind itself stays on the record. */
export async function rewind(
	store: Store,
	user: PublicUser,
	attemptId: string,
	input: { eventId: string; seq?: string }
): Promise<PlayState> {
	checkEventId(input.eventId);
	const loaded = await loadOwnActive(store, user, attemptId);
	if (loaded.events.some((e) => e.id === input.eventId)) return loaded.state;
	if (loaded.attempt.mode !== 'practice')
		throw new AttemptError(403, 'In assessment mode a choice cannot be taken back.');
	requireActive(loaded);
	const seq = nextSeq(loaded, input.seq);
	const choices = effectiveChoices(loaded.events);
	if (choices.length === 0) throw new AttemptError(400, 'There is no choice to take back yet.');
	const state = replayOrFail(loaded.scenario, choices.slice(0, -1), loaded.attempt.choiceSeed);
	await record(store, loaded, { id: input.eventId, type: 'rewind' }, seq);
	return state;
}

export const REFLECTION_LIMIT = 4000;

export async function reflect(store: Store, user: PublicUser, attemptId: string, text: string) {
	const loaded = await loadOwnActive(store, user, attemptId);
	if (loaded.attempt.status !== 'completed')
		throw new AttemptError(409, 'You can write a reflection once the session has ended.');
	const reflection = text.trim();
	if (reflection.length > REFLECTION_LIMIT)
		throw new AttemptError(400, `Please keep the reflection under ${REFLECTION_LIMIT} characters.`);
	await store.updateAttempt(attemptId, { reflection });
}

/**
 * "What if": a new practice attempt that replays the first `step` choices of this one, so the
 * trainee stands at that decision again and can take the branch not taken.
 */
export async function branch(
	store: Store,
	user: PublicUser,
	attemptId: string,
	step: number
): Promise<Attempt> {
	const loaded = await loadOwnActive(store, user, attemptId);
	// A drill is one or two decisions, scheduled as a whole: the next review replays it.
	if (loaded.attempt.drill)
		throw new AttemptError(409, 'A drill is not replayed part-way; it comes back in practice.');
	const choices = effectiveChoices(loaded.events);
	if (!Number.isInteger(step) || step < 0 || step >= Math.max(1, choices.length))
		throw new AttemptError(400, 'There is no such decision in this attempt.');
	// A what-if is practice and shows feedback, so a running assessment would show it early.
	if (loaded.attempt.mode === 'assessment' && loaded.attempt.status !== 'completed')
		throw new AttemptError(409, 'An assessment can be replayed once it has ended.');
	if (!loaded.current)
		throw new AttemptError(
			409,
			'This scenario was updated since; start a new attempt to play the new version.'
		);
	const attempt = await store.createAttempt({
		userId: user.id,
		scenarioId: loaded.attempt.scenarioId,
		scenarioHash: loaded.attempt.scenarioHash,
		mode: 'practice',
		parentAttemptId: loaded.attempt.id,
		branchFromStep: step,
		// The same order as the attempt it branches from, so the decision looks as it did.
		choiceSeed: loaded.attempt.choiceSeed ?? crypto.randomUUID(),
		// A trainee practising in their own words first keeps doing so in the replay.
		...(loaded.attempt.sayFirst ? { sayFirst: true } : {})
	});
	for (const [i, choiceId] of choices.slice(0, step).entries())
		await store.recordEvent(
			attempt.id,
			{ id: crypto.randomUUID(), type: 'choice', choiceId, at: new Date().toISOString() },
			i + 1
		);
	return attempt;
}
