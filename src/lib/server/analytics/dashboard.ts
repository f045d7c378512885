import type { Cohort, Store } from '../store/types';
import { scopeFrom } from './counted';
import { cohortScope } from './cohort-scope';
import { cohortMatrix, columnSummaries, matrixView, viewRows } from './matrix';
import { standingsOf, traineePrinciples } from './principle-summary';
import { attemptFacts, derived } from './trainee-facts';

/**
 * Everything the cohort dashboard shows. The cohort's figures count only attempts made for one
 * of its assignments, so a trainee's work for another cohort, or free play, never leaks in.
 */
export async function cohortDashboard(
	store: Store,
	cohort: Cohort,
	params: URLSearchParams,
	now = new Date()
) {
	const { trainees, columns } = await cohortScope(store, cohort);
	const assigned = new Set(columns.map((c) => c.id));
	const facts = await attemptFacts(
		store,
		trainees.map((t) => t.id)
	);
	const scope = scopeFrom(params.get('attempts'));
	// Each trainee's principle figures depend on their facts, the scope and this cohort's
	// assignments, so they are kept with the facts under a key naming the other two.
	const key = `principles:${scope}:${[...assigned].sort().join(',')}`;
	const perTrainee = [...facts.values()].map((list) =>
		derived(list, key, () =>
			traineePrinciples(list, scope, (a) => !!a.assignmentId && assigned.has(a.assignmentId))
		)
	);

	const rows = cohortMatrix({
		trainees,
		columns,
		attemptsOf: (id) => facts.get(id) ?? [],
		now: now.toISOString()
	});
	const view = matrixView(params, columns);
	return {
		cohort: { id: cohort.id, name: cohort.name },
		columns,
		view,
		scope,
		trainees: trainees.length,
		rows: viewRows(rows, columns, view),
		summaries: columnSummaries(rows, columns),
		standings: standingsOf(perTrainee)
	};
}

export type CohortDashboard = Awaited<ReturnType<typeof cohortDashboard>>;
