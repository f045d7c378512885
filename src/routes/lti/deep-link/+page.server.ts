import { error } from '@sveltejs/kit';
import {
	DeepLinkError,
	frameAncestorsFor,
	readDeepLinkRequest
} from '$lib/server/lti/deep-linking';
import { playableScenarios } from '$lib/server/scenario-library';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

/** Why the return endpoint sent the instructor back (it redirects here with `problem`). */
const PROBLEMS: Record<string, string> = {
	scenario: 'Choose a scenario.',
	mode: 'Choose practice or assessment.',
	'pass-mark': 'The pass mark must be a whole number from 0 to 100, or left empty.'
};

/**
 * The picker, shown by the LMS in its frame. No session: the signed request token in the URL is
 * the credential (deep-linking.ts), checked here and again by the return.
 */
export const load: PageServerLoad = async (event) => {
	const token = event.url.searchParams.get('request') ?? '';
	try {
		const request = await readDeepLinkRequest(await getStore(), token);
		event.locals.frameAncestors = frameAncestorsFor(request);
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
		if (e instanceof DeepLinkError) error(e.status, e.message);
		throw e;
	}
};
