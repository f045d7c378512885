import { describe, expect, it } from 'vitest';
import {
	canManageCohort,
	canViewAttempt,
	managedCohort,
	rolesForPath
} from '../../../src/lib/server/programmes/access';
import type { Cohort, PublicUser, Store } from '../../../src/lib/server/store/types';

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
const store = {
	getCohort: async (id: string) => (id === 'c1' ? cohort : undefined),
	listCohorts: async () => [cohort]
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

	it('shows an attempt to its trainee, admins, and instructors of the trainee’s cohorts only', async () => {
		const attempt = { userId: 'trainee' };
		expect(await canViewAttempt(store, trainee, attempt)).toBe(true);
		expect(await canViewAttempt(store, admin, attempt)).toBe(true);
		expect(await canViewAttempt(store, teacher, attempt)).toBe(true);
		expect(await canViewAttempt(store, otherTeacher, attempt)).toBe(false);
		expect(await canViewAttempt(store, otherTrainee, attempt)).toBe(false);
		expect(await canViewAttempt(store, teacher, { userId: 'other-trainee' })).toBe(false);
	});

	it('gates whole areas by role in the hooks', () => {
		expect(rolesForPath('/admin')).toEqual(['admin']);
		expect(rolesForPath('/admin/users/x/export')).toEqual(['admin']);
		expect(rolesForPath('/cohorts/abc/roster')).toEqual(['instructor', 'admin']);
		expect(rolesForPath('/cohortsx')).toBeUndefined();
		expect(rolesForPath('/administrator')).toBeUndefined();
		expect(rolesForPath('/scenarios')).toBeUndefined();
	});
});
