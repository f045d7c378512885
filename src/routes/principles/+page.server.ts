import { PRINCIPLES, SOURCE } from '$lib/scenarios/principles';
import { playableScenarios } from '$lib/server/scenario-library';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const scenarios = playableScenarios();
	return {
		source: SOURCE,
		principles: PRINCIPLES.map((p) => ({
			...p,
			scenarios: scenarios.filter(({ scenario }) => scenario.principles.includes(p.id)).length
		}))
	};
};
