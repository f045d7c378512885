import { fail } from '@sveltejs/kit';
import { requireCohort } from '$lib/server/programmes/access';
import {
	cohortAssignment,
	removeAssignment,
	scenarioTitle
} from '$lib/server/programmes/assignments';
import { confirmed } from '$lib/server/confirm';
import { cohortNameProblem, instructorChoices, updateCohort } from '$lib/server/programmes/cohorts';
import { passMarkOf } from '$lib/server/pass-mark';
import { knownScenario } from '$lib/server/scenario-library';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, store, cohort } = await requireCohort(event);
	const users = await store.listUsers();
	const byId = new Map(users.map((u) => [u.id, u]));
	const assignments = (await store.listAssignments({ cohortId: cohort.id })).sort(
		(a, b) =>
			(a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.createdAt.localeCompare(b.createdAt)
	);
	return {
		cohort: {
			id: cohort.id,
			name: cohort.name,
			archived: cohort.archived ?? false,
			trainees: cohort.memberIds.length,
			instructorIds: cohort.instructorIds,
			instructors: cohort.instructorIds.map(
				(id) => byId.get(id)?.displayName ?? 'A deleted account'
			)
		},
		assignments: assignments.map((a) => ({
			id: a.id,
			title: a.title ?? '',
			scenarioTitle: scenarioTitle(a.scenarioId),
			mode: a.mode,
			opensAt: a.opensAt ?? null,
			// Not yet open: trainees neither see it nor can start it.
			notOpen: a.opensAt !== undefined && Date.parse(a.opensAt) > Date.now(),
			dueAt: a.dueAt ?? null,
			passMark: passMarkOf(a, knownScenario(a.scenarioId)?.scenario.pass),
			attemptLimit: a.attemptLimit ?? null
		})),
		// Only admins choose instructors; the list is for their form.
		allInstructors: user.role === 'admin' ? instructorChoices(users) : []
	};
};

export const actions: Actions = {
	rename: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const name = String((await event.request.formData()).get('name') ?? '');
		const problem = cohortNameProblem(name);
		if (problem) return fail(400, { action: 'rename', error: problem, name });
		await updateCohort(store, user, cohort, { name });
		return { action: 'rename', done: 'The cohort was renamed.' };
	},
	archive: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const archived = String((await event.request.formData()).get('archived')) === 'true';
		await updateCohort(store, user, cohort, { archived });
		return {
			action: 'archive',
			done: archived
				? 'The cohort is archived: its trainees no longer see its assignments.'
				: 'The cohort is current again.'
		};
	},
	instructors: async (event) => {
		const { user, store, cohort } = await requireCohort(event, ['admin']);
		const ids = (await event.request.formData()).getAll('instructorId').map(String);
		await updateCohort(store, user, cohort, { instructorIds: ids });
		return { action: 'instructors', done: 'The instructors were saved.' };
	},
	removeAssignment: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const form = await event.request.formData();
		const id = String(form.get('assignmentId') ?? '');
		const assignment = await cohortAssignment(store, cohort, id);
		if (!assignment) return fail(404, { action: 'removeAssignment', error: 'No such assignment.' });
		const title = scenarioTitle(assignment.scenarioId);
		const result = await removeAssignment(store, assignment, user, confirmed(form, title));
		if (result.attempts > 0)
			return fail(409, {
				action: 'removeAssignment',
				errorFor: `remove-${id}`,
				error: `Trainees have made ${result.attempts} attempt${result.attempts === 1 ? '' : 's'} at this assignment, so it stays. Change its due date instead.`
			});
		if (!result.removed)
			return fail(400, {
				action: 'removeAssignment',
				errorFor: `remove-${id}`,
				error: `Not removed: type the scenario’s title, ${title}, to confirm.`
			});
		return { action: 'removeAssignment', done: 'The assignment was removed.' };
	}
};
