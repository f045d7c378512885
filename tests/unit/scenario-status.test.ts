import { describe, expect, it } from 'vitest';
import { branch, choose, startAttempt } from '../../src/lib/server/attempts';
import { scenarioStandings } from '../../src/lib/server/scenario-status';
import { getStore, type PublicUser } from '../../src/lib/server/store';
import { SOURCE_A } from './analytics/fixtures';
import { makeUser, writeScenario } from './attempts/setup';

/**
 * The catalogue card's line for each scenario: a real store, scenarios in SCENARIOS_DIR and
 * attempts played through the attempt service.
 */

let n = 0;
async function play(
	user: PublicUser,
	scenarioId: string,
	mode: 'practice' | 'assessment',
	steps: string[],
	assignmentId?: string
) {
	const attempt = await startAttempt(
		await getStore(),
		user,
		scenarioId,
		mode,
		assignmentId ? { assignmentId } : {}
	);
	for (const choiceId of steps)
		await choose(await getStore(), user, attempt.id, { choiceId, eventId: `standing-${++n}` });
	return attempt;
}

describe('scenarioStandings', () => {
	it('not started, in progress, passed with the best score, and assigned with its due date', async () => {
		const ids = ['fresh', 'started', 'passed', 'replayed', 'assigned'];
		for (const id of ids) await writeScenario(id, SOURCE_A);
		const store = await getStore();
		const ana = await makeUser('ana');
		const ivy = await makeUser('ivy', 'instructor');
		const cohort = await store.createCohort({
			name: 'Spring',
			instructorIds: [ivy.id],
			memberIds: [ana.id]
		});
		const dueAt = '2999-01-01T00:00:00.000Z';
		const assignment = await store.createAssignment({
			cohortId: cohort.id,
			scenarioId: 'assigned',
			mode: 'assessment',
			createdBy: ivy.id,
			dueAt,
			passMark: 100
		});

		await play(ana, 'started', 'practice', ['opening.push']);
		await play(ana, 'passed', 'assessment', ['opening.push', 'wary.ignore']);
		await play(ana, 'passed', 'assessment', ['opening.own']);
		// A what-if in progress, and one finished at full marks: neither counts.
		const low = await play(ana, 'replayed', 'assessment', ['opening.push', 'wary.ignore']);
		const lowScore = (await store.getAttempt(low.id))!.result!.normalised as number;
		const done = await branch(await getStore(), ana, low.id, 0);
		await choose(await getStore(), ana, done.id, {
			choiceId: 'opening.own',
			eventId: `standing-${++n}`
		});
		await branch(await getStore(), ana, low.id, 0);
		// Free play of the assigned scenario does not count for the assignment.
		await play(ana, 'assigned', 'assessment', ['opening.own']);
		await play(ana, 'assigned', 'assessment', ['opening.push', 'wary.ignore'], assignment.id);
		const assignedScore = (await store.listAttemptsByUser(ana.id)).at(-1)!.result!
			.normalised as number;

		const standings = await scenarioStandings(store, ana, ids);
		expect(standings.fresh).toEqual({ status: 'not-started', assigned: false });
		expect(standings.started).toEqual({ status: 'in-progress', assigned: false });
		// Every verdict names the mark it was reached against: here the scenario's own.
		const SCENARIO_MARK = { value: 70, from: 'scenario' };
		expect(standings.passed).toEqual({
			status: 'passed',
			best: 100,
			assigned: false,
			passMark: SCENARIO_MARK
		});
		expect(standings.replayed).toEqual({
			status: 'not-yet-passed',
			best: lowScore,
			assigned: false,
			passMark: SCENARIO_MARK
		});
		expect(standings.assigned).toEqual({
			status: 'not-yet-passed',
			best: assignedScore,
			assigned: true,
			dueAt,
			passMark: { value: 100, from: 'assignment' }
		});
		// Someone else sees only their own standing.
		const ben = await makeUser('ben');
		expect(Object.values(await scenarioStandings(store, ben, ids))).toEqual(
			ids.map(() => ({ status: 'not-started', assigned: false }))
		);
	});
});
