import type { PlayState } from '$lib/machines/replay';
import { clientRating, scoreCard, type ScoreCard } from '$lib/scenarios/score';
import type { Analysis, Scenario, SrsLine } from '$lib/scenarios/types';

/**
 * An attempt's result, computed only from its replayed path and the scenario's analysis. It is
 * stored with the attempt for fast dashboards, and can be recomputed at any time to audit it.
 */
export interface AttemptResult extends ScoreCard {
	ending: string;
	outcome: string;
	meters: Record<string, number>;
	rating: Record<SrsLine, number | null>;
	choices: string[];
	scenarioHash: string;
}

export function resultOf(scenario: Scenario, analysis: Analysis, state: PlayState): AttemptResult {
	if (state.status !== 'done' || !state.output) throw new Error('the attempt has not ended');
	return {
		...scoreCard(scenario, analysis, state),
		ending: state.output.ending,
		outcome: state.output.outcome,
		meters: state.meters,
		rating: clientRating(scenario.meters, state.meters, scenario.srs),
		choices: state.output.choices,
		scenarioHash: scenario.hash
	};
}
