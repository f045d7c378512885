import { PRINCIPLES } from '$lib/scenarios/principles';
import { playableScenarios } from '$lib/server/scenario-library';
import { summarise } from '$lib/server/scenario-view';
import { scenarioStandings } from '$lib/server/scenario-status';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const principle = url.searchParams.get('principle') ?? '';
	const difficulty = Number(url.searchParams.get('difficulty') ?? '') || 0;
	const all = playableScenarios().map(({ scenario }) => summarise(scenario));
	const scenarios = all.filter(
		(s) =>
			(!principle || s.principles.some((p) => p.id === principle)) &&
			(!difficulty || s.difficulty === difficulty)
	);
	return {
		scenarios,
		standings: locals.user
			? await scenarioStandings(
					await getStore(),
					locals.user,
					scenarios.map((s) => s.id)
				)
			: {},
		total: all.length,
		filters: { principle, difficulty },
		principles: PRINCIPLES.map((p) => ({ id: p.id, title: p.title }))
	};
};
