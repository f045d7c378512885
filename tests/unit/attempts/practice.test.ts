import { describe, expect, it } from 'vitest';
import { branch, choose, loadAttempt } from '../../../src/lib/server/attempts';
import { nextDrill, practiceToday } from '../../../src/lib/server/practice/plan';
import { drills, playableScenarios } from '../../../src/lib/server/scenario-library';
import { getStore, type PublicUser } from '../../../src/lib/server/store';
import { NEW_PER_DAY } from '../../../src/lib/practice/schedule';
import { makeUser } from './setup';

/**
 * A day's practice through the attempt service, on both stores: drills are started, played and
 * finished like any attempt, each end moves the drill's card, and nothing about them reaches the
 * scenario lists. The clock is passed in, so "tomorrow" is a date, not a wait.
 */

let n = 0;
const eventId = () => `practice-event-${++n}-abcdef`;
const DAY = 24 * 60 * 60 * 1000;

type Pick = 'best' | 'worst';

/** Plays a drill attempt to its end, choosing the best (or worst) scoring choice each time. */
async function play(user: PublicUser, attemptId: string, pick: Pick) {
	const store = await getStore();
	for (;;) {
		const loaded = await loadAttempt(store, user, attemptId);
		if (loaded.state.status === 'done') return loaded;
		const choices = loaded.scenario.beats.flatMap((b) => b.choices);
		const total = (id: string) =>
			Object.values(choices.find((c) => c.id === id)!.scores).reduce((s, x) => s + x, 0);
		const ranked = [...loaded.state.available].sort((a, b) => total(b) - total(a));
		await choose(store, user, attemptId, {
			choiceId: pick === 'best' ? ranked[0] : ranked[ranked.length - 1],
			eventId: eventId()
		});
	}
}

describe('practice: a day of drills', () => {
	it('plays the day’s new drills one after another, each end scheduling its drill', async () => {
		const store = await getStore();
		const user = await makeUser('practice-ana');
		const now = new Date();
		const today = await practiceToday(store, user, now);
		const expected = Math.min(NEW_PER_DAY, drills().length);
		expect(today.items).toHaveLength(expected);
		expect(today.items.every((i) => i.fresh)).toBe(true);

		const played: string[] = [];
		for (let i = 0; i < expected; i++) {
			const id = (await nextDrill(store, user, now))!;
			const attempt = (await store.getAttempt(id))!;
			expect(attempt.drill).toBe(true);
			// Carrying on returns the same attempt until it is finished.
			expect(await nextDrill(store, user, now)).toBe(id);
			await play(user, id, 'best');
			played.push(attempt.scenarioId);
		}
		expect(played).toEqual(today.drills);
		expect(await nextDrill(store, user, now)).toBeUndefined();
		expect((await practiceToday(store, user, now)).items).toEqual([]);

		const cards = await store.listDrillCards(user.id);
		expect(cards.map((c) => c.drillId).sort()).toEqual([...played].sort());
		for (const card of cards) expect(card.due > now.toISOString()).toBe(true);

		// Drills never reach the scenario lists or the trainee's scenario attempts.
		expect(await store.listAttemptsByUser(user.id)).toEqual([]);
		expect(await store.listAttemptsByUser(user.id, 'drill')).toHaveLength(expected);
		const ids = new Set(drills().map((d) => d.scenario.id));
		expect(playableScenarios().filter((s) => ids.has(s.scenario.id))).toEqual([]);
	});

	it('brings a failed drill back sooner than a passed one, and offers no what-if on a drill', async () => {
		const store = await getStore();
		const user = await makeUser('practice-ben');
		const now = new Date();
		const first = (await nextDrill(store, user, now))!;
		const failed = await play(user, first, 'worst');
		const second = (await nextDrill(store, user, now))!;
		const passed = await play(user, second, 'best');
		await expect(branch(store, user, second, 0)).rejects.toMatchObject({ status: 409 });

		const due = new Map((await store.listDrillCards(user.id)).map((c) => [c.drillId, c.due]));
		const failedDue = due.get(failed.attempt.scenarioId)!;
		const passedDue = due.get(passed.attempt.scenarioId)!;
		expect(failedDue < passedDue).toBe(true);

		// The day after the failure, the failed drill is due again, before any new drill.
		const tomorrow = new Date(new Date(failedDue).getTime() + 1000);
		expect(tomorrow.getTime() - now.getTime()).toBeLessThan(2 * DAY);
		const next = await practiceToday(store, user, tomorrow);
		expect(next.drills[0]).toBe(failed.attempt.scenarioId);
		expect(next.drills).not.toContain(passed.attempt.scenarioId);
	});
});
