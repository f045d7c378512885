import { error, fail } from '@sveltejs/kit';
import type { GuardEvent } from '$lib/server/auth/guard';
import { requireCohort } from '$lib/server/programmes/access';
import {
	assignmentFormValues,
	assignmentProgress,
	cohortAssignment,
	readAssignmentForm,
	scenarioTitle,
	updateAssignmentSettings
} from '$lib/server/programmes/assignments';
import { grantExtraAttempt, ProgrammeError, resetAttempt } from '$lib/server/programmes/audit';
import { confirmed } from '$lib/server/confirm';
import type { Actions, PageServerLoad } from './$types';

async function scope(event: GuardEvent & { params: { id: string; assignmentId: string } }) {
	const { user, store, cohort } = await requireCohort(event);
	const assignment = await cohortAssignment(store, cohort, event.params.assignmentId);
	if (!assignment) error(404, 'No such assignment.');
	return { user, store, cohort, assignment };
}

export const load: PageServerLoad = async (event) => {
	const { store, cohort, assignment } = await scope(event);
	const { passMark, trainees } = await assignmentProgress(store, cohort, assignment);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		assignment: {
			scenarioTitle: scenarioTitle(assignment.scenarioId),
			title: assignment.title ?? '',
			mode: assignment.mode,
			opensDate: assignment.opensAt?.slice(0, 10) ?? '',
			dueDate: assignment.dueAt?.slice(0, 10) ?? '',
			passMark: assignment.passMark ?? null,
			effectivePassMark: passMark,
			attemptLimit: assignment.attemptLimit ?? null
		},
		trainees
	};
};

export const actions: Actions = {
	update: async (event) => {
		const { user, store, assignment } = await scope(event);
		const form = await event.request.formData();
		const { input, errors } = readAssignmentForm(form, false);
		if (!input)
			return fail(400, {
				action: 'update',
				errors: Object.values(errors),
				fieldErrors: errors,
				values: assignmentFormValues(form)
			});
		await updateAssignmentSettings(store, assignment, input, user);
		return { action: 'update', done: 'The settings were saved.' };
	},
	reset: async (event) => {
		const { user, store, cohort } = await scope(event);
		const form = await event.request.formData();
		const attemptId = String(form.get('attemptId') ?? '');
		const errorFor = `reset-${attemptId}`;
		// A destructive action: confirmed by typing the trainee's name (DangerButton). Anything
		// else wrong with the post is resetAttempt's to say.
		const attempt = await store.getAttempt(attemptId);
		const trainee =
			attempt && cohort.memberIds.includes(attempt.userId)
				? await store.getUser(attempt.userId)
				: undefined;
		if (trainee && !confirmed(form, trainee.displayName))
			return fail(400, {
				action: 'reset',
				errorFor,
				errors: [`Not reset: type the trainee’s name, ${trainee.displayName}, to confirm.`]
			});
		try {
			await resetAttempt(store, user, cohort, attemptId, String(form.get('reason') ?? ''));
		} catch (e) {
			if (e instanceof ProgrammeError)
				return fail(e.status, { action: 'reset', errorFor, errors: [e.message] });
			throw e;
		}
		return {
			action: 'reset',
			done: 'The attempt was reset: it stays on the record but no longer counts.'
		};
	},
	grant: async (event) => {
		const { user, store, cohort, assignment } = await scope(event);
		const form = await event.request.formData();
		try {
			await grantExtraAttempt(
				store,
				user,
				cohort,
				assignment.id,
				String(form.get('userId') ?? ''),
				String(form.get('reason') ?? '')
			);
		} catch (e) {
			if (e instanceof ProgrammeError)
				return fail(e.status, { action: 'grant', errors: [e.message] });
			throw e;
		}
		return { action: 'grant', done: 'One more attempt was granted.' };
	}
};
