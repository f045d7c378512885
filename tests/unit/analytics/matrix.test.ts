import { describe, expect, it } from 'vitest';
import {
	cohortMatrix,
	columnSummaries,
	matrixView,
	viewRows,
	type AssignmentColumn
} from '../../../src/lib/server/analytics/matrix';
import { factsOf, type AttemptFacts } from '../../../src/lib/server/analytics/trainee-facts';
import { compileVersion, playedAttempt, SOURCE_A } from './fixtures';

const A = compileVersion(SOURCE_A);
const NOW = '2025-03-01T00:00:00.000Z';

const columns: AssignmentColumn[] = [
	{
		id: 'as1',
		scenarioId: 'coat',
		title: 'Coat',
		mode: 'assessment',
		passMark: { value: 70, from: 'assignment' },
		dueAt: '2025-02-01T00:00:00.000Z'
	},
	{
		id: 'as2',
		scenarioId: 'coat',
		title: 'Coat again',
		mode: 'practice',
		passMark: { value: 50, from: 'assignment' },
		dueAt: '2025-04-01T00:00:00.000Z'
	}
];
const trainees = [
	{ id: 'u1', username: 'ada', displayName: 'Ada Lovelace' },
	{ id: 'u2', username: 'bo', displayName: 'Bo Diddley' },
	{ id: 'u3', username: 'cy', displayName: 'Cy Twombly' },
	{ id: 'u4', username: 'di', displayName: 'Di Fox' }
];

type Mode = 'assessment' | 'practice';
const own = (userId: string, assignmentId: string, mode: Mode = 'assessment') =>
	factsOf(playedAttempt(A, ['opening.own'], { userId, mode, assignmentId }));
const ignored = (userId: string, assignmentId: string, mode: Mode = 'assessment') =>
	factsOf(playedAttempt(A, ['opening.push', 'wary.ignore'], { userId, mode, assignmentId }));
const running = (userId: string, assignmentId: string, mode: Mode = 'assessment') =>
	factsOf(playedAttempt(A, ['opening.push'], { userId, mode, assignmentId }));

const attempts: Record<string, AttemptFacts[]> = {
	// Passed as1 on the second try; passed as2.
	u1: [ignored('u1', 'as1'), own('u1', 'as1'), own('u1', 'as2', 'practice')],
	// A full score on as1 that an instructor reset: counted nowhere, so as1 is overdue. On as2 a
	// low finished attempt and one still running: in progress.
	u2: [
		{ ...own('u2', 'as1'), voided: true },
		ignored('u2', 'as2', 'practice'),
		running('u2', 'as2', 'practice')
	],
	// Running as1 after its due date: overdue comes first. Nothing on as2.
	u3: [running('u3', 'as1')],
	// Finished as2 below the pass mark.
	u4: [ignored('u4', 'as2', 'practice')]
};
const rows = cohortMatrix({ trainees, columns, attemptsOf: (id) => attempts[id] ?? [], now: NOW });
const low = ignored('x', 'as1').result!.normalised;

describe('cohortMatrix', () => {
	it('takes the best score, with the status rule of the home page', () => {
		const [u1, u2, u3, u4] = rows;
		expect(u1.cells.map((c) => [c.status, c.best, c.passed, c.overdue, c.attempts])).toEqual([
			['passed', 100, true, false, 2],
			['passed', 100, true, false, 1]
		]);
		expect(u1.cells[0].bestAttemptId).toBe(attempts.u1[1].id);
		expect(u2.cells.map((c) => [c.status, c.best, c.attempts])).toEqual([
			['overdue', null, 0],
			['in-progress', low, 2]
		]);
		expect(u3.cells.map((c) => [c.status, c.best])).toEqual([
			['overdue', null],
			['not-started', null]
		]);
		expect(u4.cells[1]).toMatchObject({ status: 'not-yet-passed', best: low, passed: false });
		expect([u1.passed, u1.overdue, u1.mean]).toEqual([2, 0, 100]);
		expect([u3.passed, u3.overdue, u3.mean]).toEqual([0, 1, null]);
	});

	it('summarises each column', () => {
		expect(columnSummaries(rows, columns)).toEqual([
			{ assignmentId: 'as1', passed: 1, overdue: 3, started: 2, meanBest: 100 },
			{
				assignmentId: 'as2',
				passed: 1,
				overdue: 0,
				started: 3,
				meanBest: Math.round((100 + low + low) / 3)
			}
		]);
	});
});

describe('matrix view', () => {
	const view = (q: string) => viewRows(rows, columns, matrixView(new URLSearchParams(q), columns));
	const names = (q: string) => view(q).map((r) => r.trainee.username);

	it('sorts by name by default and by any column either way, blanks last', () => {
		expect(names('')).toEqual(['ada', 'bo', 'cy', 'di']);
		expect(names('sort=name&dir=desc')).toEqual(['di', 'cy', 'bo', 'ada']);
		expect(names('sort=as2&dir=asc')).toEqual(['bo', 'di', 'ada', 'cy']);
		expect(names('sort=as2&dir=desc')).toEqual(['ada', 'bo', 'di', 'cy']);
		expect(names('sort=overdue&dir=desc')).toEqual(['bo', 'cy', 'di', 'ada']);
	});

	it('filters by status and by text', () => {
		expect(names('show=overdue')).toEqual(['bo', 'cy', 'di']);
		expect(names('show=all-passed')).toEqual(['ada']);
		expect(names('show=not-passed')).toEqual(['bo', 'cy', 'di']);
		expect(names('q=TWOM')).toEqual(['cy']);
	});

	it('ignores unknown parameters', () => {
		expect(matrixView(new URLSearchParams('sort=evil&dir=up&show=x'), columns)).toEqual({
			sort: 'name',
			dir: 'asc',
			show: 'all',
			q: ''
		});
	});
});
