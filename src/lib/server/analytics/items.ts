import { error } from '@sveltejs/kit';
import { knownScenario } from '../scenario-library';
import type { Cohort, Store } from '../store/types';
import { counts, type AttemptScope, type ScoredAttempt } from './counted';
import { cohortScope } from './cohort-scope';
import { itemAnalysis } from './item-analysis';
import { spreadOf } from './spread';
import { attemptFacts, type AttemptFacts } from './trainee-facts';
import { versionLookup } from './versions';

/**
 * The item analysis pages of a cohort. Like the dashboard, they count only attempts made for
 * one of the cohort's assignments; the scope (assessment only, or all) is the page's toggle.
 */

async function cohortAttempts(store: Store, cohort: Cohort) {
	const scope = await cohortScope(store, cohort);
	const assigned = new Set(scope.columns.map((c) => c.id));
	const facts = await attemptFacts(
		store,
		scope.trainees.map((t) => t.id)
	);
	const attempts: AttemptFacts[] = [];
	for (const list of facts.values())
		for (const a of list) if (a.assignmentId && assigned.has(a.assignmentId)) attempts.push(a);
	return { ...scope, attempts };
}

/** One line per scenario the cohort has been assigned. */
export async function cohortScenarios(store: Store, cohort: Cohort, scope: AttemptScope) {
	const { columns, attempts } = await cohortAttempts(store, cohort);
	const ids = [...new Set(columns.map((c) => c.scenarioId))];
	return ids.map((scenarioId) => {
		const counted = attempts.filter(
			(a): a is ScoredAttempt => a.scenarioId === scenarioId && counts(a, scope)
		);
		return {
			scenarioId,
			title: columns.find((c) => c.scenarioId === scenarioId)!.title,
			attempts: counted.length,
			trainees: new Set(counted.map((a) => a.userId)).size,
			versions: new Set(counted.map((a) => a.scenarioHash)).size,
			score: spreadOf(counted.map((a) => a.result.normalised))
		};
	});
}

export async function cohortItems(
	store: Store,
	cohort: Cohort,
	scenarioId: string,
	scope: AttemptScope
) {
	const { columns, attempts, markOf } = await cohortAttempts(store, cohort);
	const column = columns.find((c) => c.scenarioId === scenarioId);
	if (!column) error(404, 'This cohort has no assignment of that scenario.');
	const hashes = attempts.filter((a) => a.scenarioId === scenarioId).map((a) => a.scenarioHash);
	return itemAnalysis({
		scenarioId,
		title: column.title,
		attempts,
		scope,
		lookup: await versionLookup(hashes),
		currentHash: knownScenario(scenarioId)?.scenario.hash,
		markOf
	});
}
