import { describe, expect, it } from 'vitest';
import {
	NEW_PER_DAY,
	practiceDay,
	ratingOf,
	review,
	type CardState,
	type DrillInfo,
	type DrillRating
} from '../../../src/lib/practice/schedule';

/** The schedule across simulated weeks: the clock is moved by hand, never read. */

const DAY = 24 * 60 * 60 * 1000;
const START = new Date('2026-03-02T09:00:00Z');
const later = (days: number, from = START) => new Date(from.getTime() + days * DAY);

const DRILLS: DrillInfo[] = [
	{ id: 'advice-request', skill: 'shared-decisions' },
	{ id: 'risk-cue-sleep', skill: 'assess-risk' },
	{ id: 'withdrawal-shrug', skill: 'repair-ruptures' },
	{ id: 'masked-rating', skill: 'honest-responses' }
];

describe('ratingOf: a drill result to an FSRS rating', () => {
	const passed = { passed: true, mixed: false, allBest: true, firstTry: true };
	it.each([
		[{ ...passed, passed: false }, 'again'],
		[{ ...passed, mixed: true }, 'hard'],
		[{ ...passed, allBest: false }, 'good'],
		[{ ...passed, firstTry: false }, 'good'],
		[passed, 'easy']
	] as const)('%o is %s', (outcome, rating) => {
		expect(ratingOf(outcome)).toBe(rating);
	});
});

describe('review', () => {
	it('brings a card rated Good back later than one rated Again, and Easy later still', () => {
		const due = (rating: DrillRating) => review(undefined, rating, START).due;
		expect(due('again') < due('good')).toBe(true);
		expect(due('hard') <= due('good')).toBe(true);
		expect(due('good') < due('easy')).toBe(true);
		// Whole days: a failed drill is not played again in the same day's practice.
		expect(new Date(due('again')).getTime()).toBeGreaterThanOrEqual(START.getTime() + DAY);
	});

	it('is deterministic: the same reviews give the same card', () => {
		const run = () => review(review(undefined, 'good', START), 'hard', later(3));
		expect(run()).toEqual(run());
	});

	it('keeps when the drill was introduced, and survives a round trip through JSON', () => {
		const first = review(undefined, 'good', START);
		const stored = JSON.parse(JSON.stringify(first)) as CardState;
		const second = review(stored, 'good', new Date(first.due));
		expect(second.introduced).toBe(START.toISOString());
		expect(second.reps).toBe(2);
		expect(second.due > first.due).toBe(true);
	});

	it('spaces a drill further each time it is passed, and closer again after a lapse', () => {
		let card: CardState | undefined;
		let now = START;
		const gaps: number[] = [];
		for (let i = 0; i < 4; i++) {
			card = review(card, 'good', now);
			const next = new Date(card.due);
			gaps.push((next.getTime() - now.getTime()) / DAY);
			now = next;
		}
		expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
		expect(gaps[3]).toBeGreaterThan(gaps[0]);
		const lapsed = review(card, 'again', now);
		expect(lapsed.lapses).toBe(1);
		expect((new Date(lapsed.due).getTime() - now.getTime()) / DAY).toBeLessThan(gaps[3]);
	});
});

describe('practiceDay across simulated weeks', () => {
	const scores = new Map([
		['repair-ruptures', 40],
		['assess-risk', 85],
		['shared-decisions', 60]
	]);

	it('introduces new drills for the weakest skills first, unscored skills last', () => {
		const day = practiceDay(DRILLS, new Map(), scores, START);
		expect(day.drills).toEqual(['withdrawal-shrug', 'advice-request', 'risk-cue-sleep']);
		expect(day.fresh).toBe(NEW_PER_DAY);
		expect(day.minutes).toBe(Math.ceil((3 * 45) / 60));
	});

	it('counts drills started today against the day’s new drills', () => {
		const cards = new Map([['withdrawal-shrug', review(undefined, 'good', START)]]);
		const day = practiceDay(DRILLS, cards, scores, later(0.1));
		expect(day.drills).toEqual(['advice-request', 'risk-cue-sleep']);
	});

	it('over three weeks, a drill rated Again comes back sooner and more often than one rated Good', () => {
		const cards = new Map<string, CardState>();
		const played: Record<string, number> = {};
		for (let d = 0; d < 21; d++) {
			const now = later(d);
			for (const id of practiceDay(DRILLS, cards, scores, now).drills) {
				played[id] = (played[id] ?? 0) + 1;
				// The trainee always fails the risk drill and always passes the others.
				cards.set(id, review(cards.get(id), id === 'risk-cue-sleep' ? 'again' : 'good', now));
			}
		}
		expect(played['risk-cue-sleep']).toBeGreaterThan(played['advice-request']);
		expect(cards.get('risk-cue-sleep')!.due < cards.get('advice-request')!.due).toBe(true);
		// Day two introduced the fourth drill: every drill has a card by the end.
		expect([...cards.keys()].sort()).toEqual(DRILLS.map((d) => d.id).sort());
	});

	it('puts the longest-overdue card first, before any new drill', () => {
		const cards = new Map([
			['advice-request', review(undefined, 'good', START)],
			['withdrawal-shrug', review(undefined, 'again', START)]
		]);
		const day = practiceDay(DRILLS, cards, scores, later(30));
		expect(day.drills.slice(0, 2)).toEqual(['withdrawal-shrug', 'advice-request']);
		expect(day.drills.slice(2)).toEqual(['risk-cue-sleep', 'masked-rating']);
	});

	it('has nothing due the day after everything was passed', () => {
		const cards = new Map(DRILLS.map((d) => [d.id, review(undefined, 'good', START)]));
		expect(practiceDay(DRILLS, cards, scores, later(1)).drills).toEqual([]);
	});
});
