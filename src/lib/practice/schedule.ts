import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';

/**
 * Spaced practice of drills, as plain functions of their inputs: each (trainee, drill) is a card
 * scheduled by FSRS (the `ts-fsrs` package), a finished drill is a review of its card, and a day's
 * practice is the cards due, then a few new drills for the trainee's weakest skills. There is no
 * clock in here: every function is handed `now`, so tests move the clock across weeks and the
 * server passes the real time. docs/practice.md explains the model to trainees and instructors.
 */

/**
 * Days, not minutes: FSRS's short-term learning steps would bring a failed drill back ten minutes
 * later, inside the same day's practice. Fuzz off, so a schedule is the same on every run.
 */
const SCHEDULER = fsrs({ enable_fuzz: false, enable_short_term: false });

/** New drills introduced on one day, at most: enough to grow, few enough to keep a day short. */
export const NEW_PER_DAY = 3;

/** A drill takes under a minute; a day's practice is estimated at this much per drill. */
export const SECONDS_PER_DRILL = 45;

export type CardStage = 'new' | 'learning' | 'review' | 'relearning';

/** A card as kept in the store: FSRS's card in JSON terms (ISO times, a named stage). */
export interface CardState {
	due: string;
	stability: number;
	difficulty: number;
	scheduledDays: number;
	learningSteps: number;
	reps: number;
	lapses: number;
	stage: CardStage;
	lastReview?: string;
	/** When the drill was first played: counts towards that day's new drills. */
	introduced: string;
}

export type DrillRating = 'again' | 'hard' | 'good' | 'easy';

/** What a finished drill attempt says about the skill, read from its result and events. */
export interface DrillOutcome {
	/** The attempt reached the drill's pass mark. */
	passed: boolean;
	/** Some choice taken was judged mixed or unhelpful (its scores add up to zero or less). */
	mixed: boolean;
	/** Every choice taken scored as high as any choice offered at its decision. */
	allBest: boolean;
	/** No choice was taken back. */
	firstTry: boolean;
}

/**
 * The one mapping from a drill's result to an FSRS rating (docs/practice.md): failed is Again;
 * passed with a mixed or unhelpful choice on the way is Hard; passed with every choice the best
 * on the first try is Easy; any other pass is Good.
 */
export function ratingOf(outcome: DrillOutcome): DrillRating {
	if (!outcome.passed) return 'again';
	if (outcome.mixed) return 'hard';
	if (outcome.allBest && outcome.firstTry) return 'easy';
	return 'good';
}

const GRADES: Record<DrillRating, Grade> = {
	again: Rating.Again,
	hard: Rating.Hard,
	good: Rating.Good,
	easy: Rating.Easy
};

const STAGES: Record<State, CardStage> = {
	[State.New]: 'new',
	[State.Learning]: 'learning',
	[State.Review]: 'review',
	[State.Relearning]: 'relearning'
};
const STATES = Object.fromEntries(
	Object.entries(STAGES).map(([state, stage]) => [stage, Number(state) as State])
) as Record<CardStage, State>;

function toCard(state: CardState): Card {
	return {
		due: new Date(state.due),
		stability: state.stability,
		difficulty: state.difficulty,
		elapsed_days: 0,
		scheduled_days: state.scheduledDays,
		learning_steps: state.learningSteps,
		reps: state.reps,
		lapses: state.lapses,
		state: STATES[state.stage],
		...(state.lastReview ? { last_review: new Date(state.lastReview) } : {})
	};
}

function fromCard(card: Card, introduced: string): CardState {
	return {
		due: card.due.toISOString(),
		stability: card.stability,
		difficulty: card.difficulty,
		scheduledDays: card.scheduled_days,
		learningSteps: card.learning_steps,
		reps: card.reps,
		lapses: card.lapses,
		stage: STAGES[card.state],
		...(card.last_review ? { lastReview: card.last_review.toISOString() } : {}),
		introduced
	};
}

/** The card after a review rated `rating` at `now`; no card yet means the drill is new. */
export function review(card: CardState | undefined, rating: DrillRating, now: Date): CardState {
	const before = card ? toCard(card) : createEmptyCard(now);
	const after = SCHEDULER.next(before, now, GRADES[rating]).card;
	return fromCard(after, card?.introduced ?? now.toISOString());
}

export interface DrillInfo {
	id: string;
	skill: string;
}

export interface PracticeDay {
	/** Drill ids to play now, in order: cards due (longest overdue first), then new drills. */
	drills: string[];
	/** How many of them are new. */
	fresh: number;
	minutes: number;
}

/** The UTC calendar day of an instant: the unit "today" is counted in. */
function dayOf(iso: string): string {
	return iso.slice(0, 10);
}

/**
 * What is due at `now`. `skillScores` are the trainee's recent scenario scores per principle
 * (0-100); new drills come first for the weakest skills, then for skills not yet scored, so a
 * gap the scenarios showed is trained before anything else. At most `NEW_PER_DAY` drills are
 * introduced on one day, counting those already started today.
 */
export function practiceDay(
	drills: readonly DrillInfo[],
	cards: ReadonlyMap<string, CardState>,
	skillScores: ReadonlyMap<string, number>,
	now: Date
): PracticeDay {
	const at = now.toISOString();
	const due = drills
		.filter((d) => {
			const card = cards.get(d.id);
			return card !== undefined && card.due <= at;
		})
		.sort((a, b) => cards.get(a.id)!.due.localeCompare(cards.get(b.id)!.due) || byId(a, b));
	const introducedToday = [...cards.values()].filter((c) => dayOf(c.introduced) === dayOf(at));
	const room = Math.max(0, NEW_PER_DAY - introducedToday.length);
	const weakness = (d: DrillInfo) => skillScores.get(d.skill) ?? Number.POSITIVE_INFINITY;
	const fresh = drills
		.filter((d) => !cards.has(d.id))
		.sort((a, b) => weakness(a) - weakness(b) || byId(a, b))
		.slice(0, room);
	const ids = [...due, ...fresh].map((d) => d.id);
	return {
		drills: ids,
		fresh: fresh.length,
		minutes: Math.ceil((ids.length * SECONDS_PER_DRILL) / 60)
	};
}

function byId(a: DrillInfo, b: DrillInfo): number {
	return a.id.localeCompare(b.id);
}
