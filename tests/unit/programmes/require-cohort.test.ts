import { describe, expect, it } from 'vitest';
import { requireCohort } from '../../../src/lib/server/programmes/access';
import { getStore, type PublicUser } from '../../../src/lib/server/store';
import { makeUser } from '../attempts/setup';

// The start of every /cohorts/[id] load, action and endpoint, over a real store in a temp folder.

function event(user: PublicUser | undefined, id: string) {
	const url = new URL(`http://rapport.test/cohorts/${id}/dashboard?attempts=all`);
	return { locals: { user } as App.Locals, url, params: { id } };
}

describe('requireCohort', () => {
	it('gives a cohort’s instructor and an admin the cohort; everyone else is turned away', async () => {
		const store = await getStore();
		const teacher = await makeUser('teacher', 'instructor');
		const other = await makeUser('other', 'instructor');
		const admin = await makeUser('boss', 'admin');
		const trainee = await makeUser('trainee');
		const cohort = await store.createCohort({
			name: 'Group A',
			instructorIds: [teacher.id],
			memberIds: [trainee.id]
		});

		for (const who of [teacher, admin]) {
			const found = await requireCohort(event(who, cohort.id));
			expect(found.user).toBe(who);
			expect(found.cohort.id).toBe(cohort.id);
			expect(found.store).toBe(store);
		}
		// Signed out: to sign-in, coming back to the same page.
		await expect(requireCohort(event(undefined, cohort.id))).rejects.toMatchObject({
			status: 303,
			location: `/signin?next=${encodeURIComponent(`/cohorts/${cohort.id}/dashboard?attempts=all`)}`
		});
		await expect(requireCohort(event(trainee, cohort.id))).rejects.toMatchObject({ status: 403 });
		// Another instructor's cohort and a missing one look the same.
		await expect(requireCohort(event(other, cohort.id))).rejects.toMatchObject({ status: 404 });
		await expect(requireCohort(event(teacher, 'missing'))).rejects.toMatchObject({ status: 404 });
		// With roles given, only those: the cohort's own instructor is refused an admin-only action.
		await expect(requireCohort(event(teacher, cohort.id), ['admin'])).rejects.toMatchObject({
			status: 403
		});
		expect((await requireCohort(event(admin, cohort.id), ['admin'])).cohort.id).toBe(cohort.id);
	});
});
