import { error } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { DeepLinkError, readDeepLinkRequest } from '$lib/server/lti/deep-linking';
import { playableScenarios } from '$lib/server/scenario-library';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

/** Why the return endpoint sent the instructor back (it redirects here with `problem`). */
const PROBLEMS: Record<string, string> = {
	scenario: 'Choose a scenario.',
	mode: 'Choose practice or assessment.',
	'pass-mark': 'The pass mark must be a whole number from 0 to 100, or left empty.'
};

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, ['instructor', 'admin']);
	const token = event.url.searchParams.get('request') ?? '';
	try {
		const request = await readDeepLinkRequest(await getStore(), token, user.id);
		return {
			token,
			platform: request.platform.name,
			scenarios: playableScenarios()
				.map(({ scenario }) => ({ id: scenario.id, title: scenario.title }))
				.sort((a, b) => a.title.localeCompare(b.title)),
			problems: event.url.searchParams
				.getAll('problem')
				.map((p) => PROBLEMS[p])
				.filter(Boolean)
		};
	} catch (e) {
		if (e instanceof DeepLinkError) error(400, e.message);
		throw e;
	}
};
