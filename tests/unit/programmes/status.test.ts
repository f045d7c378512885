import { describe, expect, it } from 'vitest';
import { passMarkOf } from '../../../src/lib/server/pass-mark';
import {
	assignmentStatus,
	attemptsLeft,
	bestScore
} from '../../../src/lib/server/programmes/status';

const now = new Date('2026-03-10T12:00:00Z');
const assignment = { id: 'as1', dueAt: '2026-03-12T23:59:59.999Z' };
type A = Parameters<typeof assignmentStatus>[0]['attempts'][number];
const done = (normalised: number, extra: Partial<A> = {}): A => ({
	assignmentId: 'as1',
	status: 'completed',
	result: { normalised },
	...extra
});
const status = (attempts: A[], a: { id: string; dueAt?: string } = assignment) =>
	assignmentStatus({ assignment: a, passMark: passMarkOf(undefined, 70), attempts, now });

describe('"what if" replays', () => {
	it('never count for an assignment: not for its status, best score or attempt limit', () => {
		const whatIf = done(100, { parentAttemptId: 'earlier' });
		expect(status([done(40), whatIf])).toBe('not-yet-passed');
		expect(bestScore([done(40), whatIf], 'as1')).toBe(40);
		expect(attemptsLeft({ id: 'as1', attemptLimit: 2 }, 'u1', [done(40), whatIf])).toBe(1);
	});
});

describe('assignmentStatus', () => {
	it('is not started without attempts, in progress with an active one', () => {
		expect(status([])).toBe('not-started');
		expect(status([{ assignmentId: 'as1', status: 'active' }])).toBe('in-progress');
	});

	it('is passed when any finished attempt reaches the pass mark, even after the due date', () => {
		expect(status([done(40), done(70)])).toBe('passed');
		expect(status([done(90)], { id: 'as1', dueAt: '2026-03-01T00:00:00Z' })).toBe('passed');
	});

	it('is not yet passed below the mark, and overdue once the due date has gone', () => {
		expect(status([done(69)])).toBe('not-yet-passed');
		expect(status([done(69)], { id: 'as1', dueAt: '2026-03-10T11:59:59Z' })).toBe('overdue');
		expect(status([], { id: 'as1', dueAt: '2026-03-09T00:00:00Z' })).toBe('overdue');
		expect(status([], { id: 'as1' })).toBe('not-started');
	});

	it('ignores reset attempts and other assignments', () => {
		const voided = { at: 'x', by: 'i', reason: 'technical problem' };
		expect(status([done(95, { voided })])).toBe('not-started');
		expect(status([done(95, { assignmentId: 'other' })])).toBe('not-started');
		expect(status([{ assignmentId: 'as1', status: 'completed' }])).toBe('not-yet-passed');
	});
});

describe('attempt limits and scores', () => {
	it('counts attempts left with extra attempts granted to one trainee', () => {
		const a = { id: 'as1', attemptLimit: 2, extraAttempts: { u2: 1 } };
		const two = [done(10), done(20)];
		expect(attemptsLeft(a, 'u1', two)).toBe(0);
		expect(attemptsLeft(a, 'u2', two)).toBe(1);
		expect(attemptsLeft(a, 'u1', [done(10)])).toBe(1);
		expect(attemptsLeft({ id: 'as1' }, 'u1', two)).toBeUndefined();
	});

	it('does not count a reset attempt against the limit', () => {
		const a = { id: 'as1', attemptLimit: 1 };
		expect(attemptsLeft(a, 'u1', [done(10, { voided: { at: '', by: '', reason: 'x' } })])).toBe(1);
	});

	it('takes the best finished, counted score', () => {
		expect(
			bestScore([done(40), done(80), done(99, { voided: { at: '', by: '', reason: 'x' } })], 'as1')
		).toBe(80);
		expect(bestScore([{ assignmentId: 'as1', status: 'active' }], 'as1')).toBeUndefined();
	});

	it('uses the assignment pass mark, else the scenario one, else 70, and says whose', () => {
		expect(passMarkOf({ passMark: 55 }, 80)).toEqual({ value: 55, from: 'assignment' });
		expect(passMarkOf({ passMark: 0 }, 80)).toEqual({ value: 0, from: 'assignment' });
		expect(passMarkOf({}, 80)).toEqual({ value: 80, from: 'scenario' });
		expect(passMarkOf({}, undefined)).toEqual({ value: 70, from: 'scenario' });
		expect(passMarkOf(undefined, 65)).toEqual({ value: 65, from: 'scenario' });
	});
});
