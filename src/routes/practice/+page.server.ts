import { error, redirect } from '@sveltejs/kit';
import { AttemptError } from '$lib/server/attempts';
import { requireUser } from '$lib/server/auth/guard';
import { nextDrill, practiceToday } from '$lib/server/practice/plan';
import { getStore } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

/** Drills are a trainee's own practice: instructors and admins have cohorts to look after. */
const TRAINEES = ['trainee'] as const;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, TRAINEES);
	return { today: await practiceToday(await getStore(), user, new Date()) };
};

export const actions: Actions = {
	/** Plays the next drill due (or carries on with the one started); each drill's end leads back. */
	start: async (event) => {
		const user = requireUser(event, TRAINEES);
		let attemptId: string | undefined;
		try {
			attemptId = await nextDrill(await getStore(), user, new Date());
		} catch (e) {
			if (e instanceof AttemptError) error(e.status, e.message);
			throw e;
		}
		redirect(303, attemptId ? `/attempts/${attemptId}` : '/practice?done=1');
	}
};
