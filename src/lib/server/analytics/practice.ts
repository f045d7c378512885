import { inWindow, practiceFigures, practiceWindow, type DrillFact } from '$lib/practice/figures';
import { getPrinciple } from '$lib/scenarios/principles';
import type { Scenario } from '$lib/scenarios/types';
import { drillPassed } from '../practice/review';
import { findDrill } from '../scenario-library';
import type { AttemptResult } from '../scoring';
import type { Attempt, Cohort, Store } from '../store/types';
import { cohortScope } from './cohort-scope';
import { csvLine } from './csv';
import { versionCache } from './versions';

/**
 * A cohort's practice, for its instructors: the figures (src/lib/practice/figures.ts) from the
 * roster's finished drill attempts, the practice page's data, and the practice export. Only
 * figures and pass/fail reach instructors: a drill attempt itself stays the trainee's (it is not
 * cohort work, programmes/access.ts), so no page opens one. The xAPI export carries each drill's
 * choices under the trainee's pseudonym, as it does for scenario attempts.
 */

type VersionOf = ReturnType<typeof versionCache>;

/** The trainee's finished drill attempts, oldest first. */
async function finishedDrills(store: Store, userId: string): Promise<Attempt[]> {
	return (await store.listAttemptsByUser(userId, 'drill'))
		.filter((a) => a.status === 'completed' && a.completedAt && a.result && !a.voided)
		.sort((a, b) => a.completedAt!.localeCompare(b.completedAt!));
}

/** The drill as it was played; the current drill when that version is no longer held. */
async function drillVersion(attempt: Attempt, versionOf: VersionOf): Promise<Scenario | undefined> {
	return ((await versionOf(attempt.scenarioHash)) ?? findDrill(attempt.scenarioId))?.scenario;
}

async function factsOf(store: Store, userId: string, versionOf: VersionOf): Promise<DrillFact[]> {
	const facts: DrillFact[] = [];
	for (const attempt of await finishedDrills(store, userId)) {
		const drill = await drillVersion(attempt, versionOf);
		facts.push({
			userId,
			drillId: attempt.scenarioId,
			skill: drill?.skill ?? attempt.scenarioId,
			completedAt: attempt.completedAt!,
			passed: drillPassed(drill, attempt.result as unknown as AttemptResult)
		});
	}
	return facts;
}

const skillTitle = (skill: string) => getPrinciple(skill)?.title ?? skill;

/** What /cohorts/[id]/practice shows. `now` is handed in, so tests move the clock. */
export async function cohortPractice(store: Store, cohort: Cohort, now = new Date()) {
	const { trainees } = await cohortScope(store, cohort);
	const versionOf = versionCache();
	const facts: DrillFact[] = [];
	for (const trainee of trainees) facts.push(...(await factsOf(store, trainee.id, versionOf)));
	const figures = practiceFigures({
		traineeIds: trainees.map((t) => t.id),
		facts,
		since: cohort.createdAt,
		now
	});
	return {
		cohort: { id: cohort.id, name: cohort.name },
		...figures,
		// The roster as the dashboard shows it: names, never pseudonyms (those stay in exports).
		trainees: figures.trainees.map((row, i) => ({
			...row,
			username: trainees[i].username,
			displayName: trainees[i].displayName
		})),
		skills: figures.skills.map((s) => ({ ...s, title: skillTitle(s.skill) }))
	};
}

export type CohortPractice = Awaited<ReturnType<typeof cohortPractice>>;

/**
 * `practice.csv`, shaped like the gradebook (one row per trainee, by username, for an LMS
 * import): drills done, due drills, due drills passed, retention, then drills done in each week.
 * Written one trainee at a time, like the other exports.
 */
export async function* practiceCsvChunks(store: Store, cohort: Cohort, now = new Date()) {
	const { trainees } = await cohortScope(store, cohort);
	const window = practiceWindow({ since: cohort.createdAt, now });
	yield csvLine([
		'username',
		`drills done (from ${window.from.slice(0, 10)})`,
		'due drills',
		'due drills passed',
		'retention (%)',
		...window.weeks.map((w) => `drills done ${w.key}`)
	]);
	const versionOf = versionCache();
	for (const trainee of trainees) {
		const [row] = practiceFigures({
			traineeIds: [trainee.id],
			facts: await factsOf(store, trainee.id, versionOf),
			since: cohort.createdAt,
			now
		}).trainees;
		yield csvLine([
			trainee.username,
			row.done,
			row.reviews,
			row.passed,
			row.percent,
			...row.perWeek
		]);
	}
}

/**
 * The drill attempts a cohort's xAPI export carries for one trainee: those finished in the
 * practice window (`practiceWindow`), each with the drill version it was played on.
 */
export async function exportedDrills(
	store: Store,
	cohort: Cohort,
	userId: string,
	now: Date,
	versionOf: VersionOf
) {
	const window = practiceWindow({ since: cohort.createdAt, now });
	const found: { attempt: Attempt; version: Awaited<ReturnType<VersionOf>> }[] = [];
	for (const attempt of await finishedDrills(store, userId)) {
		if (!inWindow(attempt.completedAt!, window)) continue;
		found.push({ attempt, version: await versionOf(attempt.scenarioHash) });
	}
	return found;
}
