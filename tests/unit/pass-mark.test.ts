import { describe, expect, it } from 'vitest';
import { attemptView } from '../../src/lib/server/attempt-view';
import { choose, loadAttempt, startAttempt } from '../../src/lib/server/attempts';
import { cohortDashboard } from '../../src/lib/server/analytics/dashboard';
import { choiceChunks, gradebookChunks, xapiChunks } from '../../src/lib/server/analytics/exports';
import { cohortItems } from '../../src/lib/server/analytics/items';
import { streamOf } from '../../src/lib/server/analytics/stream';
import { traineeDetail } from '../../src/lib/server/analytics/trainee-detail';
import type { XapiStatement } from '../../src/lib/server/analytics/xapi';
import { attemptVerdict, passMarksFor } from '../../src/lib/server/pass-mark';
import {
	assignmentProgress,
	createAssignments,
	startAssignment,
	traineeAssignments,
	updateAssignmentSettings
} from '../../src/lib/server/programmes/assignments';
import { progressOf } from '../../src/lib/server/progress';
import { getStore, type PublicUser } from '../../src/lib/server/store';
import { verdictLabel } from '../../src/lib/labels';
import { makeUser, writeScenario } from './attempts/setup';

/**
 * The pass-mark defect of issue 13, built exactly: a scenario whose own pass mark is 70, an
 * assignment of it with pass mark 60, and an attempt for the assignment scoring 63. Every surface
 * that shows a verdict (debrief, home card, /me, the instructor's trainee page, the assignment
 * page, the dashboard, item analysis and the three exports) must say "passed" against 60. An
 * attempt played before the assignment existed is judged against the scenario's 70 everywhere.
 */

// One decision: totals 8, 5 and 0, so "steady" normalises to 5/8 = 62.5, rounded to 63.
const SOURCE = `---
title: Sixty-three
summary: One decision, three answers, for the pass-mark test.
client: { name: Robin }
difficulty: 1
minutes: 1
principles: [safe-space]
pass: 70
---

Robin sits down.

## Start {#start}

**Robin:** I nearly didn't come.

- "I'm glad you did. What made it hard to come today?" -> good
  id: best
  scores: safe-space +8
  feedback: Welcomes Robin and asks about the hesitation itself.
- "Well, you're here now, so let's use the time." -> fair
  id: steady
  scores: safe-space +5
  feedback: Practical, but it steps past the hesitation.
  better: "I'm glad you did. What made it hard to come today?"
- "Missing sessions would slow your progress." -> poor
  id: worst
  scores: safe-space +0
  feedback: A warning lands as blame.
  better: "I'm glad you did. What made it hard to come today?"

## Good {#good .ending outcome=strengthened}

### Debrief

Robin felt welcome.

## Fair {#fair .ending outcome=stalled}

### Debrief

Robin stayed.

## Poor {#poor .ending outcome=stalled}

### Debrief

Robin went quiet.
`;

let n = 0;
const eventId = () => `pass-mark-event-${++n}`;

async function text(chunks: AsyncIterable<string>) {
	return new Response(streamOf(chunks)).text();
}

async function playSteady(user: PublicUser, attemptId: string) {
	await choose(await getStore(), user, attemptId, { choiceId: 'start.steady', eventId: eventId() });
}

async function setUp() {
	await writeScenario('sixty-three', SOURCE);
	const store = await getStore();
	const instructor = await makeUser('ivy', 'instructor');
	const trainee = await makeUser('tam', 'trainee');
	const cohort = await store.createCohort({
		name: 'Cohort A',
		instructorIds: [instructor.id],
		memberIds: [trainee.id]
	});
	// Before the assignment exists: free play, judged by the scenario's own mark.
	const before = await startAttempt(await getStore(), trainee, 'sixty-three', 'assessment');
	await playSteady(trainee, before.id);
	const [assignment] = await createAssignments(
		store,
		cohort,
		{ scenarioIds: ['sixty-three'], mode: 'assessment', passMark: 60 },
		instructor
	);
	const forAssignment = await startAssignment(store, trainee, assignment.id, 'sixty-three');
	await playSteady(trainee, forAssignment.id);
	return { store, instructor, trainee, cohort, assignment, before, forAssignment };
}

describe('one pass mark everywhere', () => {
	it('judges a 63 for an assignment with mark 60 as passed against 60 on every surface', async () => {
		const { store, instructor, trainee, cohort, assignment, before, forAssignment } = await setUp();
		const ASSIGNMENT_MARK = { value: 60, from: 'assignment' };
		const SCENARIO_MARK = { value: 70, from: 'scenario' };

		// Debrief (the play page's data), for both attempts.
		for (const [attempt, passed, mark] of [
			[forAssignment, true, ASSIGNMENT_MARK],
			[before, false, SCENARIO_MARK]
		] as const) {
			const loaded = await loadAttempt(await getStore(), trainee, attempt.id);
			const view = attemptView(loaded, await attemptVerdict(store, loaded.attempt));
			expect(view.debrief?.result.normalised).toBe(63);
			expect(view.debrief?.verdict).toEqual({ passed, score: 63, mark });
		}
		expect(verdictLabel({ passed: true, mark: { value: 60, from: 'assignment' } })).toBe(
			'Passed (pass mark 60%, the assignment’s)'
		);

		// Home card.
		const [card] = await traineeAssignments(store, trainee);
		expect(card).toMatchObject({ status: 'passed', best: 63, passMark: ASSIGNMENT_MARK });

		// /me: the scenario's row is decided by the passing attempt; each recent attempt has its own.
		const mine = await store.listAttemptsByUser(trainee.id);
		const progress = progressOf(mine, await passMarksFor(store, mine));
		expect(progress.scenarios[0]).toMatchObject({
			passed: true,
			verdict: { passed: true, score: 63, mark: ASSIGNMENT_MARK }
		});
		const recent = new Map(progress.recent.map((r) => [r.id, r.verdict]));
		expect(recent.get(forAssignment.id)).toEqual({
			passed: true,
			score: 63,
			mark: ASSIGNMENT_MARK
		});
		expect(recent.get(before.id)).toEqual({ passed: false, score: 63, mark: SCENARIO_MARK });

		// The instructor's page for the trainee lists only the assignment's attempt, passed at 60.
		const detail = await traineeDetail(store, cohort, trainee.id);
		expect(detail.attempts.map((a) => [a.id, a.verdict])).toEqual([
			[forAssignment.id, { passed: true, score: 63, mark: ASSIGNMENT_MARK }]
		]);

		// The assignment's page.
		const page = await assignmentProgress(store, cohort, assignment);
		expect(page.passMark).toEqual(ASSIGNMENT_MARK);
		expect(page.trainees[0]).toMatchObject({ status: 'passed', best: 63 });

		// Dashboard.
		const dashboard = await cohortDashboard(store, cohort, new URLSearchParams());
		expect(dashboard.columns[0].passMark).toEqual(ASSIGNMENT_MARK);
		expect(dashboard.rows[0].cells[0]).toMatchObject({ status: 'passed', best: 63, passed: true });

		// Item analysis: one attempt in scope, and it passed.
		const items = await cohortItems(store, cohort, 'sixty-three', 'assessment');
		expect(items.versions[0]).toMatchObject({ attempts: 1, passRate: 100 });

		// Gradebook: the score column, then the verdict column naming the mark.
		const gradebook = (await text(gradebookChunks(store, cohort))).split('\r\n');
		expect(gradebook[0]).toBe(
			`username,Sixty-three [${assignment.id}],passed: Sixty-three [${assignment.id}] (pass mark 60)`
		);
		expect(gradebook[1]).toBe('tam,63,yes');

		// Per-choice CSV: the attempt's mark and verdict on its row.
		const choices = (await text(choiceChunks(store, cohort))).trim().split('\r\n');
		expect(choices).toHaveLength(2);
		const header = choices[0].split(',');
		const row = choices[1].split(',');
		expect(row[header.indexOf('attempt')]).toBe(forAssignment.id);
		expect(row[header.indexOf('pass_mark')]).toBe('60');
		expect(row[header.indexOf('passed')]).toBe('yes');

		// xAPI: passed, with the mark it used.
		const statements = JSON.parse(
			await text(xapiChunks(store, cohort, 'http://x.test'))
		) as XapiStatement[];
		const outcome = statements.find((s) => ['passed', 'failed'].includes(s.verb.display['en-US']))!;
		expect(outcome.verb.display['en-US']).toBe('passed');
		expect(outcome.result?.success).toBe(true);
		expect(outcome.result?.extensions?.['http://x.test/xapi/extensions/pass-mark']).toBe(60);

		void instructor;
	});

	it('re-judges every surface when the mark changes, and audits the old and new mark', async () => {
		const { store, instructor, trainee, cohort, assignment, forAssignment } = await setUp();
		await updateAssignmentSettings(
			store,
			assignment,
			{ scenarioIds: [], mode: 'assessment', passMark: 65 },
			instructor
		);
		const loaded = await loadAttempt(await getStore(), trainee, forAssignment.id);
		expect(
			attemptView(loaded, await attemptVerdict(store, loaded.attempt)).debrief?.verdict
		).toEqual({ passed: false, score: 63, mark: { value: 65, from: 'assignment' } });
		const [card] = await traineeAssignments(store, trainee);
		expect(card.status).toBe('not-yet-passed');
		const gradebook = (await text(gradebookChunks(store, cohort))).split('\r\n');
		expect(gradebook[1]).toBe('tam,63,no');
		const audit = (await store.listAudit()).filter((e) => e.action === 'assignment.update');
		expect(audit.at(-1)?.detail).toEqual({
			cohortId: cohort.id,
			passMark: { old: 60, new: 65 }
		});

		// Clearing the mark falls back to the scenario's 70, and says so.
		const updated = (await store.getAssignment(assignment.id))!;
		await updateAssignmentSettings(
			store,
			updated,
			{ scenarioIds: [], mode: 'assessment' },
			instructor
		);
		const changes = (await store.listAudit())
			.filter((e) => e.action === 'assignment.update')
			.map((e) => e.detail?.passMark);
		expect(changes).toEqual(
			expect.arrayContaining([
				{ old: 60, new: 65 },
				{ old: 65, new: null }
			])
		);
		const [after] = await traineeAssignments(store, trainee);
		expect(after.passMark).toEqual({ value: 70, from: 'scenario' });
	});
});
