import { describe, expect, it } from 'vitest';
import {
	canManageCohort,
	canViewAttempt,
	isCohortWork,
	managedCohort,
	rolesForPath
} from '../../../src/lib/server/programmes/access';
import type { Assignment, Cohort, PublicUser, Store } from '../../../src/lib/server/store/types';

const user = (id: string, role: PublicUser['role']): PublicUser => ({
	id,
	role,
	username: id,
	displayName: id,
	createdAt: '',
	pseudonym: `p-${id}`
});
const admin = user('admin', 'admin');
const teacher = user('teacher', 'instructor');
const otherTeacher = user('other-teacher', 'instructor');
const trainee = user('trainee', 'trainee');
const otherTrainee = user('other-trainee', 'trainee');
const cohort: Cohort = {
	id: 'c1',
	name: 'Group A',
	instructorIds: ['teacher'],
	memberIds: ['trainee'],
	createdAt: ''
};
// Group B, taught by the other teacher; the trainee is on both rosters.
const cohortB: Cohort = {
	id: 'c2',
	name: 'Group B',
	instructorIds: ['other-teacher'],
	memberIds: ['trainee'],
	createdAt: ''
};
const assignments: Record<string, Pick<Assignment, 'id' | 'cohortId'>> = {
	a1: { id: 'a1', cohortId: 'c1' },
	b1: { id: 'b1', cohortId: 'c2' }
};
const store = {
	getCohort: async (id: string) => [cohort, cohortB].find((c) => c.id === id),
	listCohorts: async () => [cohort, cohortB],
	getAssignment: async (id: string) => assignments[id]
} as unknown as Store;

describe('access rules', () => {
	it('lets admins and the cohort’s own instructors manage it, nobody else', () => {
		expect(canManageCohort(admin, cohort)).toBe(true);
		expect(canManageCohort(teacher, cohort)).toBe(true);
		expect(canManageCohort(otherTeacher, cohort)).toBe(false);
		expect(canManageCohort(trainee, cohort)).toBe(false);
	});

	it('answers 404 alike for another instructor’s cohort and a missing one', async () => {
		await expect(managedCohort(store, teacher, 'c1')).resolves.toBe(cohort);
		for (const [who, id] of [
			[otherTeacher, 'c1'],
			[trainee, 'c1'],
			[teacher, 'nope']
		] as const) {
			await expect(managedCohort(store, who, id)).rejects.toMatchObject({ status: 404 });
		}
	});

	it('shows an attempt to its trainee, admins, and instructors only when it is their cohort’s work', async () => {
		const attempt = { userId: 'trainee', assignmentId: 'a1' };
		expect(await canViewAttempt(store, trainee, attempt)).toBe(true);
		expect(await canViewAttempt(store, admin, attempt)).toBe(true);
		expect(await canViewAttempt(store, teacher, attempt)).toBe(true);
		expect(await canViewAttempt(store, otherTeacher, attempt)).toBe(false);
		expect(await canViewAttempt(store, otherTrainee, attempt)).toBe(false);
		expect(
			await canViewAttempt(store, teacher, { userId: 'other-trainee', assignmentId: 'a1' })
		).toBe(false);
		// The trainee's own practice is theirs, even though they are on the teacher's roster.
		expect(await canViewAttempt(store, teacher, { userId: 'trainee' })).toBe(false);
		expect(await canViewAttempt(store, admin, { userId: 'trainee' })).toBe(true);
	});

	it('never shows an instructor work done for another cohort by a trainee they added', async () => {
		// The reported case: the teacher put group B's trainee on group A's roster by username.
		// Their attempt for group B's assignment (an assessment in progress) stays out of reach.
		const inB = { userId: 'trainee', assignmentId: 'b1' };
		expect(await canViewAttempt(store, teacher, inB)).toBe(false);
		expect(await canViewAttempt(store, otherTeacher, inB)).toBe(true);
		expect(await canViewAttempt(store, teacher, { userId: 'trainee', assignmentId: 'gone' })).toBe(
			false
		);
	});

	it('counts as a cohort’s work only its assignments’ attempts by trainees on its roster', () => {
		const assigned = new Set(['a1']);
		expect(isCohortWork({ userId: 'trainee', assignmentId: 'a1' }, cohort, assigned)).toBe(true);
		expect(isCohortWork({ userId: 'trainee', assignmentId: 'b1' }, cohort, assigned)).toBe(false);
		expect(isCohortWork({ userId: 'trainee' }, cohort, assigned)).toBe(false);
		expect(isCohortWork({ userId: 'other-trainee', assignmentId: 'a1' }, cohort, assigned)).toBe(
			false
		);
	});

	it('gates whole areas by role in the hooks', () => {
		expect(rolesForPath('/admin')).toEqual(['admin']);
		expect(rolesForPath('/admin/users/x/export')).toEqual(['admin']);
		expect(rolesForPath('/cohorts/abc/roster')).toEqual(['instructor', 'admin']);
		expect(rolesForPath('/cohortsx')).toBeUndefined();
		expect(rolesForPath('/administrator')).toBeUndefined();
		expect(rolesForPath('/scenarios')).toBeUndefined();
		expect(rolesForPath('/studio')).toEqual(['instructor', 'admin']);
		expect(rolesForPath('/studio/abc')).toEqual(['instructor', 'admin']);
		expect(rolesForPath('/studios')).toBeUndefined();
	});
});
