/**
 * What a cohort's instructors see of its trainees' practice, as plain functions of finished drill
 * attempts and the time (handed in, so tests move the clock): how many drills each trainee did
 * in each ISO week, and per skill the **retention**, the share of due drills passed. A drill is
 * due when it comes back: the first time a trainee finishes a drill introduces it; every later
 * finish is a review of a card that had come due (/practice offers nothing else), and a review
 * passed means the skill was retained. docs/practice.md explains the figures.
 */

/** One finished drill attempt, as the figures need it. */
export interface DrillFact {
	userId: string;
	drillId: string;
	/** The drill's one skill (a principle id). */
	skill: string;
	completedAt: string;
	/** Reached the drill's pass mark (`drillPassed`, server/practice/review.ts). */
	passed: boolean;
}

export interface IsoWeek {
	/** `2026-W49`. */
	key: string;
	/** The week's Monday, 00:00 UTC, as an ISO time. */
	start: string;
}

const DAY = 24 * 60 * 60 * 1000;

/** The ISO 8601 week (Monday to Sunday, UTC) an instant falls in. */
export function isoWeekOf(at: Date): IsoWeek {
	const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
	const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 .. Sunday 6
	const monday = new Date(day.getTime() - weekday * DAY);
	// The week belongs to the year its Thursday is in.
	const thursday = new Date(monday.getTime() + 3 * DAY);
	const year = thursday.getUTCFullYear();
	const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
	return { key: `${year}-W${String(week).padStart(2, '0')}`, start: monday.toISOString() };
}

/** Practice figures cover at most this many ISO weeks, the current one last. */
export const PRACTICE_WEEKS = 8;

export interface Retention {
	/** Due drills finished (reviews). */
	reviews: number;
	/** Of those, passed. */
	passed: number;
	/** `passed / reviews` as a whole percent; null when nothing was due yet. */
	percent: number | null;
}

export interface PracticeFigures {
	/** The weeks covered, oldest first: the last PRACTICE_WEEKS, none before `since`'s week. */
	weeks: IsoWeek[];
	/** Drill attempts finished from here (the first week's start, or `since` if later) to now count. */
	from: string;
	trainees: ({ id: string; perWeek: number[]; done: number } & Retention)[];
	/** Per skill that any counted drill trains, by skill id. */
	skills: ({ skill: string } & Retention)[];
	total: { done: number } & Retention;
}

/**
 * The time practice figures and exports cover: the last `weeks` ISO weeks up to `now` (the
 * current one last), none before the week `since` falls in, and nothing before `since` itself.
 */
export function practiceWindow(input: { since: string; now: Date; weeks?: number }): {
	weeks: IsoWeek[];
	from: string;
	to: string;
} {
	const count = input.weeks ?? PRACTICE_WEEKS;
	const current = isoWeekOf(input.now);
	const firstAllowed = isoWeekOf(new Date(input.since)).start;
	const weeks: IsoWeek[] = [];
	for (let i = count - 1; i >= 0; i--) {
		const week = isoWeekOf(new Date(new Date(current.start).getTime() - i * 7 * DAY));
		if (week.start >= firstAllowed) weeks.push(week);
	}
	const from = [weeks[0]?.start ?? current.start, input.since].sort().at(-1)!;
	return { weeks, from, to: input.now.toISOString() };
}

/** Whether a finish falls in the window (`practiceWindow`). */
export function inWindow(at: string, window: { from: string; to: string }): boolean {
	return at >= window.from && at <= window.to;
}

function retention(reviews: number, passed: number): Retention {
	return { reviews, passed, percent: reviews === 0 ? null : Math.round((passed / reviews) * 100) };
}

/**
 * The one rule for a cohort's practice figures: the dashboard's practice page and the practice
 * export both show what this returns. `facts` are every finished drill attempt of the trainees,
 * at any time (earlier ones decide which later ones are reviews); only those finished between
 * `from` and `now` are counted. `since` is when the cohort was made: practice before it is not
 * the cohort's business.
 */
export function practiceFigures(input: {
	traineeIds: readonly string[];
	facts: readonly DrillFact[];
	since: string;
	now: Date;
	weeks?: number;
}): PracticeFigures {
	const { weeks, from, to } = practiceWindow(input);

	// Which finishes are reviews: every one after a trainee's first finish of that drill.
	const ordered = [...input.facts].sort((a, b) => a.completedAt.localeCompare(b.completedAt));
	const seen = new Set<string>();
	const counted: (DrillFact & { review: boolean; week: number })[] = [];
	for (const fact of ordered) {
		const key = `${fact.userId}\u0000${fact.drillId}`;
		const review = seen.has(key);
		seen.add(key);
		if (!inWindow(fact.completedAt, { from, to })) continue;
		const week = weeks.findIndex((w) => w.key === isoWeekOf(new Date(fact.completedAt)).key);
		counted.push({ ...fact, review, week });
	}

	const tally = (list: typeof counted) => {
		const reviews = list.filter((f) => f.review);
		return retention(reviews.length, reviews.filter((f) => f.passed).length);
	};
	const trainees = input.traineeIds.map((id) => {
		const mine = counted.filter((f) => f.userId === id);
		return {
			id,
			perWeek: weeks.map((_, i) => mine.filter((f) => f.week === i).length),
			done: mine.length,
			...tally(mine)
		};
	});
	const skills = [...new Set(counted.map((f) => f.skill))]
		.sort()
		.map((skill) => ({ skill, ...tally(counted.filter((f) => f.skill === skill)) }));
	return { weeks, from, trainees, skills, total: { done: counted.length, ...tally(counted) } };
}
