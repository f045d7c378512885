import { practiceDay, type PracticeDay } from '$lib/practice/schedule';
import { getPrinciple } from '$lib/scenarios/principles';
import { startDrill } from '../attempts';
import { passMarksFor } from '../pass-mark';
import { progressOf, recentScore } from '../progress';
import { drills } from '../scenario-library';
import { scheduleOf } from './review';
import type { PublicUser, Store } from '../store/types';

/**
 * A trainee's practice for the day (/practice): the drills due now, from their cards and their
 * scenario scores (src/lib/practice/schedule.ts), and the next one to play. The clock is passed
 * in by the route, like everything the schedule decides.
 */

export interface PracticeToday extends PracticeDay {
	/** The drills of the day, in order, as the page lists them. */
	items: { id: string; title: string; skill: string; skillTitle: string; fresh: boolean }[];
	/** A drill attempt started and not finished: the page offers to carry on with it. */
	activeAttemptId?: string;
	/** Drills the trainee has cards for. */
	started: number;
	total: number;
}

/** Each principle's recent score (0-100) from the trainee's own scenario attempts. */
async function skillScores(store: Store, user: PublicUser): Promise<Map<string, number>> {
	const attempts = await store.listAttemptsByUser(user.id);
	const { trends } = progressOf(attempts, await passMarksFor(store, attempts));
	return new Map(trends.map((t) => [t.id, recentScore(t)]));
}

export async function practiceToday(
	store: Store,
	user: PublicUser,
	now: Date
): Promise<PracticeToday> {
	const library = drills();
	const cards = new Map(
		(await store.listDrillCards(user.id)).map((c) => [c.drillId, scheduleOf(c)])
	);
	const info = library.map(({ scenario }) => ({ id: scenario.id, skill: scenario.skill ?? '' }));
	const day = practiceDay(info, cards, await skillScores(store, user), now);
	const byId = new Map(library.map(({ scenario }) => [scenario.id, scenario]));
	const active = (await store.listAttemptsByUser(user.id, 'drill')).find(
		// An attempt on an older version of the drill cannot go on; a new one is started instead.
		(a) =>
			a.status === 'active' &&
			day.drills.includes(a.scenarioId) &&
			byId.get(a.scenarioId)?.hash === a.scenarioHash
	);
	return {
		...day,
		items: day.drills.map((id) => {
			const drill = byId.get(id)!;
			const skill = drill.skill ?? '';
			return {
				id,
				title: drill.title,
				skill,
				skillTitle: getPrinciple(skill)?.title ?? skill,
				fresh: !cards.has(id)
			};
		}),
		...(active ? { activeAttemptId: active.id } : {}),
		started: cards.size,
		total: library.length
	};
}

/**
 * The id of the attempt to play next: the unfinished drill attempt of the day if there is one,
 * else a new attempt on the first drill due. Undefined when nothing is due.
 */
export async function nextDrill(
	store: Store,
	user: PublicUser,
	now: Date
): Promise<string | undefined> {
	const today = await practiceToday(store, user, now);
	if (today.activeAttemptId) return today.activeAttemptId;
	const first = today.drills[0];
	return first === undefined ? undefined : (await startDrill(store, user, first)).id;
}
