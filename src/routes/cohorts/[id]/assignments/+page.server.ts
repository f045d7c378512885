import { fail, redirect } from '@sveltejs/kit';
import { requireCohort } from '$lib/server/programmes/access';
import {
	AssignmentConflictError,
	type AssignmentErrors,
	assignmentFormValues,
	createAssignments,
	readAssignmentForm
} from '$lib/server/programmes/assignments';
import { playableScenarios } from '$lib/server/scenario-library';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { store, cohort } = await requireCohort(event);
	const assigned = new Set(
		(await store.listAssignments({ cohortId: cohort.id })).map((a) => a.scenarioId)
	);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		scenarios: playableScenarios().map(({ scenario }) => ({
			id: scenario.id,
			title: scenario.title,
			pass: scenario.pass,
			assigned: assigned.has(scenario.id)
		}))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const form = await event.request.formData();
		const { input, errors } = readAssignmentForm(form);
		if (!input) return fail(400, { errors, values: assignmentFormValues(form) });
		try {
			await createAssignments(store, cohort, input, user);
		} catch (e) {
			if (e instanceof AssignmentConflictError)
				return fail(409, {
					errors: { scenarioIds: e.message } satisfies AssignmentErrors as AssignmentErrors,
					values: assignmentFormValues(form)
				});
			throw e;
		}
		redirect(303, `/cohorts/${cohort.id}`);
	}
};
