import { describe, expect, it } from 'vitest';
import { choose, loadAttempt, startDrill } from '../../../src/lib/server/attempts';
import { xapiChunks } from '../../../src/lib/server/analytics/exports';
import { cohortPractice, practiceCsvChunks } from '../../../src/lib/server/analytics/practice';
import { streamOf } from '../../../src/lib/server/analytics/stream';
import type { XapiStatement } from '../../../src/lib/server/analytics/xapi';
import { drillPassed } from '../../../src/lib/server/practice/review';
import { drills } from '../../../src/lib/server/scenario-library';
import type { AttemptResult } from '../../../src/lib/server/scoring';
import { getStore, type PublicUser } from '../../../src/lib/server/store';
import { makeUser } from '../attempts/setup';

/**
 * A cohort's practice figures and exports over a real store (both stores), with drills played
 * through the real trainee loop and their finishing times set to simulated weeks; the clock is
 * handed to the figures, so "three weeks later" is a date.
 */

const ORIGIN = 'http://rapport.test';
const DAY = 24 * 60 * 60 * 1000;
let n = 0;

/** Plays a drill to its end choosing the best (or worst) scoring choice, finished at `at`. */
async function drill(user: PublicUser, drillId: string, pick: 'best' | 'worst', at: Date) {
	const store = await getStore();
	const attempt = await startDrill(store, user, drillId);
	for (;;) {
		const loaded = await loadAttempt(store, user, attempt.id);
		if (loaded.state.status === 'done') break;
		const choices = loaded.scenario.beats.flatMap((b) => b.choices);
		const total = (id: string) =>
			Object.values(choices.find((c) => c.id === id)!.scores).reduce((s, x) => s + x, 0);
		const ranked = [...loaded.state.available].sort((a, b) => total(b) - total(a));
		await choose(store, user, attempt.id, {
			choiceId: pick === 'best' ? ranked[0] : ranked[ranked.length - 1],
			eventId: `practice-export-${++n}`
		});
	}
	const done = await store.updateAttempt(attempt.id, { completedAt: at.toISOString() });
	const scenario = drills().find((d) => d.scenario.id === drillId)!.scenario;
	expect(drillPassed(scenario, done.result as unknown as AttemptResult)).toBe(pick === 'best');
	return done;
}

async function text(chunks: AsyncIterable<string>) {
	return new Response(streamOf(chunks)).text();
}

describe('a cohort’s practice over simulated weeks', () => {
	it('counts drills per week and retention per skill, and exports both, drills labelled', async () => {
		const store = await getStore();
		const instructor = await makeUser('ivy', 'instructor', 'Ivy Example');
		const ana = await makeUser('anastasia', 'trainee', 'Anastasia Example');
		const ben = await makeUser('=benedict', 'trainee', '=benedict Example');
		const outsider = await makeUser('olga', 'trainee');
		const cohort = await store.createCohort({
			name: 'Spring 2026',
			instructorIds: [instructor.id],
			memberIds: [ana.id, ben.id]
		});
		// Week 0 is the week the cohort was made; weeks 1 to 3 start on the Mondays after it.
		const made = new Date(cohort.createdAt);
		const day0 = Date.UTC(made.getUTCFullYear(), made.getUTCMonth(), made.getUTCDate());
		const monday1 = day0 + (7 - ((made.getUTCDay() + 6) % 7)) * DAY;
		const week = (k: number, hours = 9) => new Date(monday1 + (k - 1) * 7 * DAY + hours * 3600_000);
		const [a, b] = (() => {
			const all = drills().map((d) => d.scenario);
			const first = all[0];
			return [first, all.find((d) => d.skill !== first.skill)!];
		})();

		// Ana met drill A before the cohort existed: not counted, but it makes A's returns reviews.
		await drill(ana, a.id, 'best', new Date(day0 - 10 * DAY));
		await drill(ana, a.id, 'best', week(1)); // review, passed
		await drill(ana, b.id, 'worst', week(2)); // new
		await drill(ana, a.id, 'best', week(2, 15)); // review, passed
		await drill(ana, b.id, 'worst', week(3)); // review, failed
		await drill(ben, a.id, 'best', week(3)); // new
		await drill(outsider, a.id, 'best', week(1)); // not on the roster
		const now = new Date(week(3).getTime() + 2 * DAY);

		const figures = await cohortPractice(store, cohort, now);
		expect(figures.weeks).toHaveLength(4);
		expect(figures.from).toBe(cohort.createdAt);
		expect(figures.trainees).toEqual([
			expect.objectContaining({
				username: '=benedict',
				perWeek: [0, 0, 0, 1],
				done: 1,
				reviews: 0,
				percent: null
			}),
			expect.objectContaining({
				username: 'anastasia',
				displayName: 'Anastasia Example',
				perWeek: [0, 1, 2, 1],
				done: 4,
				reviews: 3,
				passed: 2,
				percent: 67
			})
		]);
		const bySkill = Object.fromEntries(figures.skills.map((s) => [s.skill, s]));
		expect(bySkill[a.skill!]).toMatchObject({ reviews: 2, passed: 2, percent: 100 });
		expect(bySkill[b.skill!]).toMatchObject({ reviews: 1, passed: 0, percent: 0 });
		expect(bySkill[a.skill!].title).not.toBe(a.skill);
		expect(figures.total).toEqual({ done: 5, reviews: 3, passed: 2, percent: 67 });

		// The practice CSV: the gradebook's shape, by username, formula-safe.
		const csv = (await text(practiceCsvChunks(store, cohort, now))).split('\r\n');
		const weeks = figures.weeks.map((w) => `drills done ${w.key}`).join(',');
		expect(csv).toEqual([
			`username,drills done (from ${cohort.createdAt.slice(0, 10)}),due drills,due drills passed,retention (%),${weeks}`,
			"'=benedict,1,0,0,,0,0,0,1",
			'anastasia,4,3,2,67,0,1,2,1',
			''
		]);

		// xAPI: each counted drill labelled as one, under the pseudonym, with its outcome.
		const statements = JSON.parse(
			await text(xapiChunks(store, cohort, ORIGIN, now))
		) as XapiStatement[];
		const drillStatements = statements.filter((s) =>
			s.object.id.includes('/xapi/activities/drills/')
		);
		expect(drillStatements.length).toBe(statements.length);
		for (const s of drillStatements) {
			expect(s.context.extensions[`${ORIGIN}/xapi/extensions/kind`]).toBe('drill');
			expect([a.skill, b.skill]).toContain(s.context.extensions[`${ORIGIN}/xapi/extensions/skill`]);
			expect([ana.pseudonym, ben.pseudonym]).toContain(s.actor.account.name);
		}
		const outcomes = (who: PublicUser) =>
			drillStatements
				.filter(
					(s) => s.actor.account.name === who.pseudonym && s.verb.display['en-US'] !== 'answered'
				)
				.map((s) => `${s.verb.display['en-US']} ${s.object.id.split('/').at(-1)} ${s.timestamp}`);
		expect(outcomes(ana)).toEqual([
			`completed ${a.id} ${week(1).toISOString()}`,
			`passed ${a.id} ${week(1).toISOString()}`,
			`completed ${b.id} ${week(2).toISOString()}`,
			`failed ${b.id} ${week(2).toISOString()}`,
			`completed ${a.id} ${week(2, 15).toISOString()}`,
			`passed ${a.id} ${week(2, 15).toISOString()}`,
			`completed ${b.id} ${week(3).toISOString()}`,
			`failed ${b.id} ${week(3).toISOString()}`
		]);
		expect(outcomes(ben)).toHaveLength(2);
		const json = JSON.stringify(statements);
		for (const secret of ['anastasia', 'Anastasia', 'benedict', outsider.pseudonym])
			expect(json).not.toContain(secret);
	});

	it('has nothing to show for a cohort that has not practised', async () => {
		const store = await getStore();
		const ana = await makeUser('anastasia');
		const cohort = await store.createCohort({
			name: 'Quiet',
			instructorIds: [],
			memberIds: [ana.id]
		});
		const figures = await cohortPractice(store, cohort);
		expect(figures.total).toEqual({ done: 0, reviews: 0, passed: 0, percent: null });
		expect(figures.skills).toEqual([]);
		expect(figures.trainees[0]).toMatchObject({ done: 0, percent: null });
		expect(await text(xapiChunks(store, cohort, ORIGIN))).toBe('[\n]\n');
	});
});
