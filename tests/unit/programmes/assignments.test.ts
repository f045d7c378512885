import { describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import {
	AssignmentConflictError,
	assignmentProgress,
	createAssignments,
	dueAtFromDate,
	opensAtFromDate,
	readAssignmentForm,
	updateAssignmentSettings,
	startAssignment,
	traineeAssignments
} from '../../../src/lib/server/programmes/assignments';
import {
	auditForTrainee,
	grantExtraAttempt,
	resetAttempt
} from '../../../src/lib/server/programmes/audit';

async function setUp(
	settings: { attemptLimit?: number; mode?: 'practice' | 'assessment'; opensAt?: string } = {}
) {
	const store = await getStore();
	const teacher = await makeUser('teacher', 'instructor');
	const trainee = await makeUser('trainee');
	const outsider = await makeUser('outsider');
	const cohort = await store.createCohort({
		name: 'Group A',
		instructorIds: [teacher.id],
		memberIds: [trainee.id]
	});
	const [assignment, second] = await createAssignments(
		store,
		cohort,
		{
			scenarioIds: ['coat-still-on', 'camera-off'],
			mode: settings.mode ?? 'assessment',
			title: 'Week 1',
			...settings
		},
		teacher
	);
	return { store, teacher, trainee, outsider, cohort, assignment, second };
}

describe('assigning a scenario twice', () => {
	it('refuses the same scenario with the same dates, and creates nothing', async () => {
		const { store, teacher, cohort } = await setUp();
		await expect(
			createAssignments(
				store,
				cohort,
				{ scenarioIds: ['the-waiting-list', 'coat-still-on'], mode: 'practice' },
				teacher
			)
		).rejects.toThrow(/“Coat still on” is already assigned to this cohort with the same dates/);
		await expect(
			createAssignments(
				store,
				cohort,
				{ scenarioIds: ['coat-still-on'], mode: 'assessment' },
				teacher
			)
		).rejects.toBeInstanceOf(AssignmentConflictError);
		expect((await store.listAssignments({ cohortId: cohort.id })).map((a) => a.scenarioId)).toEqual(
			['coat-still-on', 'camera-off']
		);
	});

	it('allows it again with other dates, e.g. a second round later in the term', async () => {
		const { store, teacher, cohort } = await setUp();
		const again = await createAssignments(
			store,
			cohort,
			{ scenarioIds: ['coat-still-on'], mode: 'assessment', dueAt: '2026-06-30T23:59:59.999Z' },
			teacher
		);
		expect(again).toHaveLength(1);
	});
});

describe('reading the assignment form', () => {
	it('checks every field and lists each problem', () => {
		const form = new FormData();
		form.set('mode', 'exam');
		form.set('dueDate', '2026-02-30');
		form.set('passMark', '101');
		form.set('attemptLimit', '0');
		const { input, errors } = readAssignmentForm(form);
		expect(input).toBeUndefined();
		expect(Object.keys(errors).sort()).toEqual([
			'attemptLimit',
			'dueAt',
			'mode',
			'passMark',
			'scenarioIds'
		]);
	});

	it('reads a valid form; blank settings stay unset', () => {
		const form = new FormData();
		form.append('scenarioId', 'coat-still-on');
		form.append('scenarioId', 'coat-still-on');
		form.set('mode', 'practice');
		form.set('dueDate', '2026-03-01');
		form.set('passMark', '');
		form.set('attemptLimit', '3');
		expect(readAssignmentForm(form).input).toEqual({
			scenarioIds: ['coat-still-on'],
			mode: 'practice',
			dueAt: '2026-03-01T23:59:59.999Z',
			attemptLimit: 3
		});
		expect(dueAtFromDate('')).toBeUndefined();
		expect(dueAtFromDate('01/03/2026')).toBeNull();
	});

	it('reads an opening date as the start of that day, and refuses one after the due date', () => {
		const form = new FormData();
		form.append('scenarioId', 'coat-still-on');
		form.set('mode', 'practice');
		form.set('opensDate', '2026-03-01');
		form.set('dueDate', '2026-03-01');
		expect(readAssignmentForm(form).input).toMatchObject({
			opensAt: '2026-03-01T00:00:00.000Z',
			dueAt: '2026-03-01T23:59:59.999Z'
		});
		form.set('opensDate', '2026-03-02');
		expect(readAssignmentForm(form).errors).toEqual({
			opensAt: 'The opening date must be on or before the due date.'
		});
		form.set('opensDate', '2026-13-01');
		expect(readAssignmentForm(form).errors).toEqual({
			opensAt: 'Enter the opening date as a date, or leave it empty.'
		});
		expect(opensAtFromDate('')).toBeUndefined();
	});
});

describe('starting an assignment', () => {
	it('records the assignment, takes its mode, and returns the unfinished attempt on a second start', async () => {
		const { store, trainee, assignment } = await setUp({ mode: 'assessment' });
		const attempt = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		expect(attempt).toMatchObject({
			assignmentId: assignment.id,
			mode: 'assessment',
			userId: trainee.id
		});
		const again = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		expect(again.id).toBe(attempt.id);
	});

	it('is 404 for a trainee not on the roster, a wrong scenario or an unknown assignment', async () => {
		const { store, trainee, outsider, assignment } = await setUp();
		await expect(
			startAssignment(store, outsider, assignment.id, 'coat-still-on')
		).rejects.toMatchObject({ status: 404 });
		await expect(
			startAssignment(store, trainee, assignment.id, 'camera-off')
		).rejects.toMatchObject({ status: 404 });
		await expect(startAssignment(store, trainee, 'nope', 'coat-still-on')).rejects.toMatchObject({
			status: 404
		});
	});

	it('enforces the limit; a granted attempt or a reset frees one, each audited with its reason', async () => {
		const { store, teacher, trainee, cohort, assignment } = await setUp({ attemptLimit: 1 });
		const first = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		await store.updateAttempt(first.id, { status: 'completed', result: { normalised: 10 } });
		await expect(
			startAssignment(store, trainee, assignment.id, 'coat-still-on')
		).rejects.toMatchObject({
			status: 409,
			message:
				'You have used all 1 attempt for this assignment. Ask your instructor if you need another.'
		});

		await expect(
			grantExtraAttempt(store, teacher, cohort, assignment.id, trainee.id, ' ')
		).rejects.toMatchObject({
			status: 400
		});
		await grantExtraAttempt(
			store,
			teacher,
			cohort,
			assignment.id,
			trainee.id,
			'Was ill on the day'
		);
		const second = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		await store.updateAttempt(second.id, { status: 'completed', result: { normalised: 20 } });
		await expect(
			startAssignment(store, trainee, assignment.id, 'coat-still-on')
		).rejects.toMatchObject({
			message: expect.stringMatching(/all 2 attempts/)
		});

		await resetAttempt(store, teacher, cohort, second.id, 'Browser crashed mid-way');
		expect((await store.getAttempt(second.id))!.voided).toMatchObject({
			by: teacher.id,
			reason: 'Browser crashed mid-way'
		});
		await expect(resetAttempt(store, teacher, cohort, second.id, 'again')).rejects.toMatchObject({
			status: 409
		});
		const third = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		expect(third.id).not.toBe(second.id);

		const audit = await auditForTrainee(store, trainee.id, cohort);
		expect(audit.map((a) => [a.action, a.reason, a.actor.displayName])).toEqual([
			['attempt.reset', 'Browser crashed mid-way', 'teacher'],
			['assignment.grantAttempt', 'Was ill on the day', 'teacher']
		]);
		expect(audit[0].attemptId).toBe(second.id);
		// The grant says how many extra attempts the trainee had after it.
		expect(audit[1].extra).toBe(1);
		expect(audit[0].extra).toBeUndefined();
		expect(await auditForTrainee(store, 'someone-else', cohort)).toEqual([]);
	});

	it('reports every trainee on the roster for the assignment page, attempts oldest first', async () => {
		const { store, teacher, trainee, cohort, assignment } = await setUp({ attemptLimit: 2 });
		const other = await makeUser('zoe');
		const roster = await store.updateCohort(cohort.id, { memberIds: [trainee.id, other.id] });
		const first = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		await store.updateAttempt(first.id, { status: 'completed', result: { normalised: 40 } });
		await resetAttempt(store, teacher, roster, first.id, 'Fire alarm');
		const second = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		await store.updateAttempt(second.id, { status: 'completed', result: { normalised: 90 } });

		const { passMark, trainees } = await assignmentProgress(store, roster, assignment);
		expect(passMark).toEqual({ value: 70, from: 'scenario' });
		expect(trainees.map((t) => [t.displayName, t.status, t.best, t.left])).toEqual([
			['trainee', 'passed', 90, 1],
			['zoe', 'not-started', null, 2]
		]);
		expect(trainees[0].attempts.map((a) => [a.id, a.score, a.voided?.reason ?? null])).toEqual([
			[first.id, 40, 'Fire alarm'],
			[second.id, 90, null]
		]);
	});

	it('counts two extra attempts granted at the same moment as two', async () => {
		const { store, teacher, trainee, cohort, assignment } = await setUp({ attemptLimit: 1 });
		await Promise.all(
			['Missed the session', 'Fire alarm'].map((reason) =>
				grantExtraAttempt(store, teacher, cohort, assignment.id, trainee.id, reason)
			)
		);
		expect((await store.getAssignment(assignment.id))!.extraAttempts).toEqual({ [trainee.id]: 2 });
		const audit = await auditForTrainee(store, trainee.id, cohort);
		expect(audit.map((a) => a.extra).sort()).toEqual([1, 2]);
	});

	it('refuses to start an assignment of an archived cohort', async () => {
		const { store, trainee, cohort, assignment } = await setUp();
		await store.updateCohort(cohort.id, { archived: true });
		await expect(
			startAssignment(store, trainee, assignment.id, 'coat-still-on')
		).rejects.toMatchObject({
			status: 409,
			message: 'This cohort is archived.'
		});
		expect(await traineeAssignments(store, trainee)).toEqual([]);
	});

	it('will not reset an attempt from outside the cohort', async () => {
		const { store, teacher, trainee, cohort } = await setUp();
		const free = await store.createAttempt({
			userId: trainee.id,
			scenarioId: 'coat-still-on',
			scenarioHash: 'h',
			mode: 'practice'
		});
		await expect(resetAttempt(store, teacher, cohort, free.id, 'no reason')).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('an assignment with an opening date', () => {
	it('is hidden from its trainees and cannot be started until it opens; clearing the date opens it', async () => {
		const { store, teacher, trainee, assignment } = await setUp({
			opensAt: '2026-06-01T00:00:00.000Z'
		});
		const before = new Date('2026-05-31T23:59:59.000Z');
		const after = new Date('2026-06-01T00:00:00.000Z');
		expect(await traineeAssignments(store, trainee, before)).toEqual([]);
		await expect(
			startAssignment(store, trainee, assignment.id, assignment.scenarioId, before)
		).rejects.toMatchObject({ status: 409, message: 'This assignment has not opened yet.' });

		expect((await traineeAssignments(store, trainee, after)).map((a) => a.id)).toContain(
			assignment.id
		);
		const attempt = await startAssignment(
			store,
			trainee,
			assignment.id,
			assignment.scenarioId,
			after
		);
		expect(attempt.assignmentId).toBe(assignment.id);

		// Saving the settings with the date left empty clears it: open from then on.
		const cleared = await updateAssignmentSettings(
			store,
			assignment,
			{ scenarioIds: [], mode: assignment.mode },
			teacher
		);
		expect(cleared.opensAt).toBeUndefined();
		expect((await traineeAssignments(store, trainee, before)).map((a) => a.id)).toContain(
			assignment.id
		);
	});
});

describe('a trainee’s assignment list', () => {
	it('lists assignments of their cohorts with status, best score and attempts left', async () => {
		const { store, trainee, outsider, assignment, second } = await setUp({ attemptLimit: 2 });
		const a = await startAssignment(store, trainee, assignment.id, 'coat-still-on');
		await store.updateAttempt(a.id, { status: 'completed', result: { normalised: 100 } });
		await startAssignment(store, trainee, second.id, 'camera-off');
		const list = await traineeAssignments(store, trainee);
		expect(list.map((x) => [x.scenarioId, x.status, x.best ?? null, x.attemptsLeft])).toEqual([
			['camera-off', 'in-progress', null, 1],
			['coat-still-on', 'passed', 100, 1]
		]);
		expect(list[0].activeAttemptId).toBeDefined();
		expect(list[0]).toMatchObject({ cohortName: 'Group A', title: 'Week 1', mode: 'assessment' });
		expect(await traineeAssignments(store, outsider)).toEqual([]);
	});
});
