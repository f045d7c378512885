import type { PlayState } from '$lib/machines/replay';
import { clientRating, reportedRating, scoreCard, type ScoreCard } from '$lib/scenarios/score';
import type { Analysis, Scenario, SrsLine } from '$lib/scenarios/types';

/**
 * An attempt's result, computed only from its replayed path and the scenario's analysis. It is
 * stored with the attempt for fast dashboards, and can be recomputed at any time to audit it.
 */
export interface AttemptResult extends ScoreCard {
	ending: string;
	outcome: string;
	meters: Record<string, number>;
	/** What the client wrote on the session rating, in their rating style. */
	rating: Record<SrsLine, number | null>;
	/**
	 * What the client felt, read from the meters: the rating a candid client gives. Absent from
	 * results stored before rating styles, whose `rating` was this read-out.
	 */
	felt?: Record<SrsLine, number | null>;
	choices: string[];
	scenarioHash: string;
}

export function resultOf(scenario: Scenario, analysis: Analysis, state: PlayState): AttemptResult {
	if (state.status !== 'done' || !state.output) throw new Error('the attempt has not ended');
	const felt = clientRating(scenario.meters, state.meters, scenario.srs);
	return {
		...scoreCard(scenario, analysis, state),
		ending: state.output.ending,
		outcome: state.output.outcome,
		meters: state.meters,
		rating: reportedRating(felt, scenario.ratingStyle),
		felt,
		choices: state.output.choices,
		scenarioHash: scenario.hash
	};
}
