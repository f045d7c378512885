import { responseLabel } from '$lib/scenarios/response-label';
import { bestChoiceOf } from './attempt-view';
import {
	AttemptError,
	loadAttempt,
	requireActive,
	requireOwner,
	type LoadedAttempt
} from './attempts';
import type { Attempt, OwnWords, PublicUser, Store } from './store/types';

/**
 * "Say it your way first": before a decision's choices appear, the trainee types what they would
 * say (recall before recognition). Drills always ask; a practice scenario attempt asks once the
 * trainee turns it on. The words are not scored. They are the trainee's own: kept with the
 * attempt, in their export, deleted on erasure, and shown to anyone else who may view the
 * attempt only when the trainee shares them. Every rule about them lives here.
 */

/** The most a typed response may hold, in characters (the textarea says so too). */
export const OWN_WORDS_LIMIT = 1000;

/** Does this attempt ask for the trainee's own words before each decision's choices? */
export function asksOwnWords(attempt: Pick<Attempt, 'drill' | 'mode' | 'sayFirst'>): boolean {
	return attempt.drill === true || (attempt.mode === 'practice' && attempt.sayFirst === true);
}

/**
 * May `viewer` read the attempt's typed responses? Its trainee always. Anyone else who may view
 * the attempt (an instructor of its cohort, an admin) only while the trainee shares them.
 */
export function canReadOwnWords(
	viewer: Pick<PublicUser, 'id'>,
	attempt: Pick<Attempt, 'userId' | 'ownWordsShared'>
): boolean {
	return viewer.id === attempt.userId || attempt.ownWordsShared === true;
}

/**
 * The text as it is kept: line breaks as `\n`, control characters other than line breaks and
 * tabs removed (PostgreSQL's JSON refuses a NUL), trimmed. Refuses an empty response (the
 * trainee skips on purpose, with "Skip") and one over the limit, so nothing partial is stored.
 */
export function ownWordsText(raw: string): string {
	const text = raw
		.replace(/\r\n?/g, '\n')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		.trim();
	if (text === '')
		throw new AttemptError(400, 'Type your response first, or choose “Skip” to go straight on.');
	if (text.length > OWN_WORDS_LIMIT)
		throw new AttemptError(
			400,
			`Please keep your response to ${OWN_WORDS_LIMIT} characters or fewer (it has ${text.length}). Nothing was saved.`
		);
	return text;
}

const STALE = 'This page was out of date: the attempt had moved on. It now shows where you are.';

/**
 * Keeps the trainee's words (or their skip) for the decision in hand. `step` and `beat` are the
 * decision the page showed: words for any other decision are refused as stale. A repeated post
 * for a decision already answered returns the words kept the first time.
 */
export async function sayOwnWords(
	store: Store,
	user: PublicUser,
	attemptId: string,
	input: { text: string; skip: boolean; step: string; beat: string }
): Promise<OwnWords> {
	const loaded = await loadAttempt(store, user, attemptId);
	requireOwner(user, loaded);
	if (!asksOwnWords(loaded.attempt))
		throw new AttemptError(409, 'This attempt does not ask for your own words first.');
	requireActive(loaded);
	const step = loaded.state.steps.length;
	if (input.step !== String(step) || input.beat !== loaded.state.beat)
		throw new AttemptError(409, STALE);
	const text = input.skip ? '' : ownWordsText(input.text);
	const saved = await store.saveOwnWords({
		attemptId,
		step,
		beat: loaded.state.beat,
		text,
		skipped: input.skip
	});
	return saved.words;
}

/** Turns "say it your way first" on or off for a practice scenario attempt in play. */
export async function setSayFirst(store: Store, user: PublicUser, attemptId: string, on: boolean) {
	const loaded = await loadAttempt(store, user, attemptId);
	requireOwner(user, loaded);
	if (loaded.attempt.drill)
		throw new AttemptError(409, 'A drill always asks for your own words first.');
	if (loaded.attempt.mode !== 'practice')
		throw new AttemptError(
			409,
			'Say it your way first is for practice; an assessment keeps to the choices.'
		);
	requireActive(loaded);
	await store.updateAttempt(attemptId, { sayFirst: on });
}

/** Shares the attempt's typed responses with whoever else may view it, or stops sharing them. */
export async function shareOwnWords(
	store: Store,
	user: PublicUser,
	attemptId: string,
	share: boolean
) {
	const loaded = await loadAttempt(store, user, attemptId);
	requireOwner(user, loaded);
	await store.updateAttempt(attemptId, { ownWordsShared: share });
}

/** One decision of the debrief: what the trainee typed, beside the best choice there. */
export interface OwnWordsReview {
	step: number;
	text: string;
	skipped: boolean;
	best: string;
}

/**
 * What the attempt page shows of the typed responses to `viewer`. Nothing at all reaches the page
 * of someone who may not read them, not even whether there are any.
 */
export function ownWordsView(
	viewer: PublicUser,
	loaded: LoadedAttempt,
	words: readonly OwnWords[]
) {
	const { attempt, state, scenario } = loaded;
	const mine = viewer.id === attempt.userId;
	const readable = canReadOwnWords(viewer, attempt);
	const at = (step: number, beat: string) => words.find((w) => w.step === step && w.beat === beat);
	const playing = attempt.status === 'active' && state.status === 'active';
	const beats = new Map(scenario.beats.map((b) => [b.id, b]));
	const reviews: OwnWordsReview[] = [];
	if (readable && state.status === 'done')
		for (const [step, s] of state.steps.entries()) {
			const said = at(step, s.beat);
			const best = bestChoiceOf(beats.get(s.beat)?.choices ?? []);
			if (said && best)
				reviews.push({ step, text: said.text, skipped: said.skipped, best: responseLabel(best) });
		}
	return {
		/** The viewer is the attempt's trainee. */
		mine,
		/** The attempt asks its trainee for them (drills; practice with the switch on). */
		asks: mine && asksOwnWords(attempt),
		/** A practice scenario attempt whose trainee may switch them on or off. */
		switchable: mine && playing && !attempt.drill && attempt.mode === 'practice',
		/**
		 * While the trainee plays: the decisions already answered in their own words. The page
		 * asks before the choices of any other decision (with JavaScript in practice it may be a
		 * decision ahead of the server's, so it looks them up itself).
		 */
		answered:
			mine && playing
				? words.map((w) => ({ step: w.step, beat: w.beat, text: w.text, skipped: w.skipped }))
				: [],
		limit: OWN_WORDS_LIMIT,
		reviews,
		/** The trainee's sharing switch: only theirs to see and change, once there are words. */
		sharing: mine && words.length > 0 ? { shared: attempt.ownWordsShared === true } : null
	};
}

export type OwnWordsPageData = ReturnType<typeof ownWordsView>;
