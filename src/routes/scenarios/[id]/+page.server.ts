import { error, fail, redirect } from '@sveltejs/kit';
import { findScenario } from '$lib/server/scenario-library';
import { viewScenario } from '$lib/server/scenario-view';
import { AttemptError, startAttempt } from '$lib/server/attempts';
import { requireUser } from '$lib/server/auth/guard';
import { startAssignment } from '$lib/server/programmes/assignments';
import { isWhatIf } from '$lib/server/programmes/status';
import { getStore } from '$lib/server/store';
import type { AttemptMode } from '$lib/server/store/types';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const found = findScenario(params.id);
	if (!found) error(404, 'No such scenario');
	const view = viewScenario(found.scenario);
	let active: { id: string; mode: AttemptMode; whatIf: boolean }[] = [];
	if (locals.user) {
		const store = await getStore();
		active = (await store.listAttemptsByUser(locals.user.id))
			.filter(
				(a) =>
					a.scenarioId === params.id &&
					a.status === 'active' &&
					a.scenarioHash === found.scenario.hash
			)
			.map((a) => ({ id: a.id, mode: a.mode, whatIf: isWhatIf(a) }));
	}
	const { beats: _beats, order: _order, ...intro } = view;
	return {
		scenario: intro,
		decisions: found.analysis.longestPath,
		endings: found.analysis.endings.length,
		active
	};
};

export const actions: Actions = {
	start: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		const mode = form.get('mode');
		const assignmentId = form.get('assignmentId');
		let attemptId: string;
		try {
			// An assignment sets the mode and counts against its attempt limit.
			if (typeof assignmentId === 'string' && assignmentId !== '')
				attemptId = (await startAssignment(await getStore(), user, assignmentId, event.params.id))
					.id;
			else if (mode !== 'practice' && mode !== 'assessment')
				return fail(400, { message: 'Choose practice or assessment.' });
			else attemptId = (await startAttempt(await getStore(), user, event.params.id, mode)).id;
		} catch (e) {
			if (e instanceof AttemptError) return fail(e.status, { message: e.message });
			throw e;
		}
		redirect(303, `/attempts/${attemptId}`);
	}
};
