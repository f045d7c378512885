import { error } from '@sveltejs/kit';
import { getPrinciple, SOURCE } from '$lib/scenarios/principles';
import { playableScenarios } from '$lib/server/scenario-library';
import { summarise } from '$lib/server/scenario-view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params }) => {
	const principle = getPrinciple(params.id);
	if (!principle) error(404, 'No such principle');
	return {
		principle,
		source: SOURCE,
		scenarios: playableScenarios()
			.filter(({ scenario }) =>
				scenario.beats.some((b) => b.choices.some((c) => principle.id in c.scores))
			)
			.map(({ scenario }) => summarise(scenario))
	};
};
