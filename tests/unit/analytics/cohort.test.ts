import { describe, expect, it, vi } from 'vitest';
import { attemptView } from '../../../src/lib/server/attempt-view';
import {
	branch,
	choose,
	loadAttempt,
	rewind,
	startAttempt
} from '../../../src/lib/server/attempts';
import { cohortDashboard } from '../../../src/lib/server/analytics/dashboard';
import {
	choiceChunks,
	gradebookChunks,
	xapiChunks
} from '../../../src/lib/server/analytics/exports';
import { cohortItems, cohortScenarios } from '../../../src/lib/server/analytics/items';
import { streamOf } from '../../../src/lib/server/analytics/stream';
import { traineeDetail } from '../../../src/lib/server/analytics/trainee-detail';
import { attemptFacts } from '../../../src/lib/server/analytics/trainee-facts';
import { passMarksFor } from '../../../src/lib/server/pass-mark';
import { progressOf } from '../../../src/lib/server/progress';
import type { XapiStatement } from '../../../src/lib/server/analytics/xapi';
import { getStore, type PublicUser } from '../../../src/lib/server/store';
import { makeUser, writeScenario } from '../attempts/setup';
import { SOURCE_A, SOURCE_B } from './fixtures';

/**
 * The reports over a real store and the real trainee loop: attempts are played through
 * `startAttempt`/`choose`, the scenario file is changed between attempts, and every report is
 * read back. Each test has its own DATA_DIR and SCENARIOS_DIR (see ../attempts/setup).
 */

const ORIGIN = 'http://rapport.test';

let n = 0;
async function play(
	user: PublicUser,
	assignmentId: string,
	steps: string[],
	mode: 'assessment' | 'practice' = 'assessment'
) {
	const attempt = await startAttempt(await getStore(), user, 'coat', mode, { assignmentId });
	for (const step of steps) {
		const eventId = `analytics-event-${++n}`;
		if (step === 'rewind') await rewind(await getStore(), user, attempt.id, { eventId });
		else await choose(await getStore(), user, attempt.id, { choiceId: step, eventId });
	}
	return attempt;
}

async function text(chunks: AsyncIterable<string>) {
	return new Response(streamOf(chunks)).text();
}

async function setUp() {
	await writeScenario('coat', SOURCE_A);
	const store = await getStore();
	// Display names unlike the usernames, so the exports are checked for leaking either.
	const instructor = await makeUser('ivy', 'instructor', 'Ivy Example');
	const ana = await makeUser('anastasia', 'trainee', 'Anastasia Example');
	const ben = await makeUser('=benedict', 'trainee', '=benedict Example');
	const cohort = await store.createCohort({
		name: 'Spring 2025',
		instructorIds: [instructor.id],
		memberIds: [ana.id, ben.id]
	});
	const assignment = await store.createAssignment({
		cohortId: cohort.id,
		scenarioId: 'coat',
		mode: 'assessment',
		createdBy: instructor.id,
		dueAt: '2999-01-01T00:00:00.000Z'
	});
	return { store, instructor, ana, ben, cohort, assignment };
}

describe('cohort reports over the store', () => {
	it('group by version, and an old attempt still replays after the file changed', async () => {
		const { store, ana, ben, cohort, assignment } = await setUp();
		const old = await play(ana, assignment.id, ['opening.push', 'wary.ignore']);
		await writeScenario('coat', SOURCE_B);
		await play(ben, assignment.id, ['opening.ask']);
		await play(ana, assignment.id, ['opening.own']);

		const items = await cohortItems(store, cohort, 'coat', 'assessment');
		expect(items.versions.map((v) => [v.current, v.known, v.attempts])).toEqual([
			[true, true, 2],
			[false, true, 1]
		]);
		const [current, earlier] = items.versions;
		expect(current.beats.find((b) => b.id === 'opening')!.choices.map((c) => c.count)).toEqual([
			1, 0, 1
		]);
		expect(earlier.beats.find((b) => b.id === 'wary')!.choices.map((c) => c.count)).toEqual([0, 1]);
		expect((await cohortScenarios(store, cohort, 'assessment'))[0]).toMatchObject({
			scenarioId: 'coat',
			attempts: 3,
			trainees: 2,
			versions: 2
		});

		// The trainee's own page for the old attempt: the debrief of version A.
		const view = attemptView(await loadAttempt(await getStore(), ana, old.id));
		expect(view.debrief!.ending.id).toBe('guarded');
		expect(view.debrief!.decisions[0].feedbackHtml).toContain('puts the weight on Maya');
		// The instructor's view of it: path and feedback from version A, marked as older.
		const detail = await traineeDetail(store, cohort, ana.id);
		const history = detail.attempts.find((a) => a.id === old.id)!;
		expect(history.current).toBe(false);
		expect(history.path.map((p) => p.id)).toEqual(['opening', 'wary', 'check-in', 'guarded']);
		expect(history.feedback.map((f) => f.shown)).toEqual(['at-debrief', 'at-debrief']);
	});

	it('the dashboard sees a new attempt as soon as it is recorded', async () => {
		const { store, ana, cohort, assignment } = await setUp();
		const params = new URLSearchParams();
		const before = await cohortDashboard(store, cohort, params);
		expect(before.rows.map((r) => r.cells[0].status)).toEqual(['not-started', 'not-started']);

		await play(ana, assignment.id, ['opening.push', 'wary.ignore']);
		const failed = await cohortDashboard(store, cohort, params);
		const anaRow = () => failed.rows.find((r) => r.trainee.id === ana.id)!;
		expect(anaRow().cells[0]).toMatchObject({ status: 'not-yet-passed', passed: false });

		await play(ana, assignment.id, ['opening.own']);
		const passed = await cohortDashboard(store, cohort, params);
		expect(passed.rows.find((r) => r.trainee.id === ana.id)!.cells[0]).toMatchObject({
			status: 'passed',
			best: 100,
			attempts: 2
		});
		expect(passed.standings.find((p) => p.id === 'i-statements')!.spread.n).toBe(1);
		// Pseudonyms belong to the research exports; the dashboard never carries them.
		expect(JSON.stringify(passed)).not.toContain(ana.pseudonym);
	});

	it('reads a trainee again only when their attempts changed', async () => {
		const { store, ana, ben, assignment } = await setUp();
		await play(ana, assignment.id, ['opening.own']);
		const reads = vi.spyOn(store, 'listAttemptsByUser');
		const first = await attemptFacts(store, [ana.id, ben.id]);
		expect(reads).toHaveBeenCalledTimes(2);
		const again = await attemptFacts(store, [ana.id, ben.id]);
		expect(reads).toHaveBeenCalledTimes(2);
		expect(again.get(ana.id)).toBe(first.get(ana.id));

		await play(ben, assignment.id, ['opening.own']);
		const after = await attemptFacts(store, [ana.id, ben.id]);
		expect(reads).toHaveBeenCalledTimes(3);
		expect(reads).toHaveBeenLastCalledWith(ben.id);
		expect(after.get(ben.id)!.map((a) => a.status)).toEqual(['completed']);
		expect(after.get(ana.id)).toBe(first.get(ana.id));
	});

	it('a "what if" replay of an assessment counts towards no figure, export or progress', async () => {
		const { store, ana, cohort, assignment } = await setUp();
		const assessed = await play(ana, assignment.id, ['opening.push', 'wary.ignore']);
		const low = (await store.getAttempt(assessed.id))!.result!.normalised as number;
		expect(low).toBeLessThan(100);
		const figures = async () => {
			const anaAttempts = await store.listAttemptsByUser(ana.id);
			const dashboard = await cohortDashboard(store, cohort, new URLSearchParams('attempts=all'));
			return {
				cell: dashboard.rows.find((r) => r.trainee.id === ana.id)!.cells[0],
				scenarios: await cohortScenarios(store, cohort, 'all'),
				gradebook: await text(gradebookChunks(store, cohort)),
				choices: await text(choiceChunks(store, cohort)),
				xapi: await text(xapiChunks(store, cohort, ORIGIN)),
				progress: progressOf(anaAttempts, await passMarksFor(store, anaAttempts)).scenarios
			};
		};
		const before = await figures();

		// Back to the first decision, and the best path from there: a full score, in practice.
		const replay = await branch(await getStore(), ana, assessed.id, 0);
		await choose(await getStore(), ana, replay.id, {
			choiceId: 'opening.own',
			eventId: `what-if-${++n}`
		});
		const replayed = (await store.getAttempt(replay.id))!;
		expect(replayed).toMatchObject({ status: 'completed', parentAttemptId: assessed.id });
		expect(replayed.result!.normalised).toBe(100);
		expect(attemptView(await loadAttempt(await getStore(), ana, replay.id)).attempt.whatIf).toBe(
			true
		);

		const after = await figures();
		expect(after).toEqual(before);
		expect(after.cell).toMatchObject({ best: low, attempts: 1 });
		expect(after.progress[0]).toMatchObject({ attempts: 1, completed: 1, best: low });
	});

	it('exports a gradebook, choice rows and xAPI statements', async () => {
		const { store, ana, ben, cohort, assignment } = await setUp();
		await play(ana, assignment.id, ['opening.own']);
		await play(ben, assignment.id, ['opening.push', 'wary.repair']);
		// A practice attempt for another assignment of another cohort is not exported here.
		const other = await store.createCohort({
			name: 'Other',
			instructorIds: [],
			memberIds: [ana.id]
		});
		const elsewhere = await store.createAssignment({
			cohortId: other.id,
			scenarioId: 'coat',
			mode: 'practice',
			createdBy: ana.id
		});
		await play(ana, elsewhere.id, ['opening.push', 'rewind', 'opening.own'], 'practice');

		const gradebook = (await text(gradebookChunks(store, cohort))).split('\r\n');
		expect(gradebook[0]).toBe(
			`username,Coat still on [${assignment.id}],passed: Coat still on [${assignment.id}] (pass mark 70)`
		);
		// A username that looks like a formula is escaped; scores stay numbers.
		const benScore = (await store.listAttemptsByUser(ben.id))[0].result!.normalised as number;
		// The assignment sets no mark: the scenario's (70) judges both.
		const benPassed = benScore >= 70;
		expect(gradebook.slice(1, 3)).toEqual([
			`'=benedict,${benScore},${benPassed ? 'yes' : 'no'}`,
			'anastasia,100,yes'
		]);
		expect(gradebook[3]).toBe('');

		const choices = (await text(choiceChunks(store, cohort))).trim().split('\r\n');
		expect(choices).toHaveLength(1 + 1 + 2);
		const users = await store.listUsers();
		const pseudonym = (id: string) => users.find((u) => u.id === id)!.pseudonym;
		const csv = choices.join('\n');
		expect(csv).toContain(pseudonym(ana.id));
		for (const secret of ['anastasia', 'benedict', 'Example']) expect(csv).not.toContain(secret);

		const raw = await text(xapiChunks(store, cohort, ORIGIN));
		const statements = JSON.parse(raw) as XapiStatement[];
		// Trainees in username order ('=' sorts before letters): Benedict's two choices, then Ana's one.
		expect(statements.map((s) => s.verb.display['en-US'])).toEqual([
			'answered',
			'answered',
			'completed',
			benPassed ? 'passed' : 'failed',
			'answered',
			'completed',
			'passed'
		]);
		expect(statements[2].result!.score!.scaled).toBe((benScore as number) / 100);
		expect(new Set(statements.map((s) => s.actor.account.name))).toEqual(
			new Set([pseudonym(ana.id), pseudonym(ben.id)])
		);
		for (const secret of ['anastasia', 'benedict', 'Example']) expect(raw).not.toContain(secret);
		const again = JSON.parse(await text(xapiChunks(store, cohort, ORIGIN))) as XapiStatement[];
		expect(again.map((s) => s.id)).toEqual(statements.map((s) => s.id));
	});

	it('exports an empty cohort as valid files', async () => {
		const { store } = await setUp();
		const empty = await store.createCohort({ name: 'Empty', instructorIds: [], memberIds: [] });
		expect(JSON.parse(await text(xapiChunks(store, empty, ORIGIN)))).toEqual([]);
		expect(await text(gradebookChunks(store, empty))).toBe('username\r\n');
	});
});
