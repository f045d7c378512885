import { fail } from '@sveltejs/kit';
import { cohortScores } from '$lib/server/lti/ags';
import { coursesFor, RosterSyncError, syncRoster } from '$lib/server/lti/nrps';
import { TokenCache } from '$lib/server/lti/token';
import { requireCohort } from '$lib/server/programmes/access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { store, user, cohort } = await requireCohort(event);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		courses: await coursesFor({ store, tokens: new TokenCache() }, user),
		scores: await cohortScores(store, cohort)
	};
};

export const actions: Actions = {
	sync: async (event) => {
		const { store, user, cohort } = await requireCohort(event);
		const form = await event.request.formData();
		let platformId: string | undefined, contextId: string | undefined;
		try {
			[platformId, contextId] = String(form.get('course') ?? '')
				.split(' ')
				.map((part) => decodeURIComponent(part));
		} catch {
			// A malformed value: treated as no choice.
		}
		if (!platformId || !contextId) return fail(400, { error: 'Choose a course to sync.' });
		try {
			const report = await syncRoster({ store, tokens: new TokenCache() }, user, {
				platformId,
				contextId,
				cohort
			});
			return { report };
		} catch (e) {
			if (e instanceof RosterSyncError) return fail(e.status, { error: e.message });
			throw e;
		}
	}
};
