import { describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import { createCohort, updateCohort } from '../../../src/lib/server/programmes/cohorts';
import { ProgrammeError } from '../../../src/lib/server/programmes/audit';

// Issue 18, defect 5: /cohorts/new offers the instructor picker only to admins, but an instructor
// could post the hidden field anyway and name co-instructors. The rule: only admins choose a
// cohort's instructors; an instructor's cohort is taught by them alone.

describe('who names a cohort’s instructors', () => {
	it('refuses an instructor who names anyone but themselves, and writes nothing', async () => {
		const store = await getStore();
		const ivy = await makeUser('ivy', 'instructor');
		const otto = await makeUser('otto', 'instructor');
		await expect(
			createCohort(store, ivy, { name: 'Group A', instructorIds: [otto.id] })
		).rejects.toMatchObject({ status: 403 });
		await expect(
			createCohort(store, ivy, { name: 'Group A', instructorIds: [ivy.id, otto.id] })
		).rejects.toBeInstanceOf(ProgrammeError);
		expect(await store.listCohorts()).toEqual([]);
	});

	it('lets an instructor make a cohort they teach alone', async () => {
		const store = await getStore();
		const ivy = await makeUser('ivy', 'instructor');
		const mine = await createCohort(store, ivy, { name: 'Group A', instructorIds: [ivy.id] });
		expect(mine.instructorIds).toEqual([ivy.id]);
		expect((await createCohort(store, ivy, { name: 'Group B' })).instructorIds).toEqual([ivy.id]);
	});

	it('refuses an instructor changing the instructors of their own cohort', async () => {
		const store = await getStore();
		const ivy = await makeUser('ivy', 'instructor');
		const otto = await makeUser('otto', 'instructor');
		const mine = await createCohort(store, ivy, { name: 'Group A' });
		await expect(
			updateCohort(store, ivy, mine, { instructorIds: [ivy.id, otto.id] })
		).rejects.toMatchObject({ status: 403 });
		expect((await store.getCohort(mine.id))!.instructorIds).toEqual([ivy.id]);
	});

	it('lets an admin name any instructors, and only instructor accounts', async () => {
		const store = await getStore();
		const admin = await makeUser('root', 'admin');
		const ivy = await makeUser('ivy', 'instructor');
		const otto = await makeUser('otto', 'instructor');
		const tess = await makeUser('tess', 'trainee');
		const cohort = await createCohort(store, admin, {
			name: 'Group A',
			instructorIds: [ivy.id, otto.id, tess.id]
		});
		expect(cohort.instructorIds).toEqual([ivy.id, otto.id]);
		const changed = await updateCohort(store, admin, cohort, { instructorIds: [otto.id] });
		expect(changed.instructorIds).toEqual([otto.id]);
	});
});
