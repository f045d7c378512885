import { fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { cohortNameProblem, createCohort, instructorChoices } from '$lib/server/programmes/cohorts';
import { ProgrammeError } from '$lib/server/programmes/audit';
import { getStore } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['instructor', 'admin']);
	const store = await getStore();
	// Admins choose who teaches it; an instructor who makes a cohort teaches it.
	const instructors = user.role === 'admin' ? instructorChoices(await store.listUsers()) : [];
	return { instructors };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event, ['instructor', 'admin']);
		const form = await event.request.formData();
		const name = String(form.get('name') ?? '');
		const instructorIds = form.getAll('instructorId').map(String);
		const problem = cohortNameProblem(name);
		if (problem) return fail(400, { name, instructorIds, error: problem });
		let cohort;
		try {
			cohort = await createCohort(await getStore(), user, { name, instructorIds });
		} catch (e) {
			if (e instanceof ProgrammeError)
				return fail(e.status, { name, instructorIds: [], error: e.message });
			throw e;
		}
		redirect(303, `/cohorts/${cohort.id}`);
	}
};
