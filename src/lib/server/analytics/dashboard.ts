import type { Cohort, Store } from '../store/types';
import { scopeFrom } from './counted';
import { cohortScope } from './cohort-scope';
import { cohortMatrix, columnSummaries, matrixView, viewRows } from './matrix';
import { principleStandings } from './principle-summary';
import { attemptFacts, type AttemptFacts } from './trainee-facts';

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
	const ofCohort: AttemptFacts[] = [];
	for (const list of facts.values())
		for (const a of list) if (a.assignmentId && assigned.has(a.assignmentId)) ofCohort.push(a);

	const rows = cohortMatrix({
		trainees,
		columns,
		attemptsOf: (id) => facts.get(id) ?? [],
		now: now.toISOString()
	});
	const view = matrixView(params, columns);
	const scope = scopeFrom(params.get('attempts'));
	return {
		cohort: { id: cohort.id, name: cohort.name },
		columns,
		view,
		scope,
		trainees: trainees.length,
		rows: viewRows(rows, columns, view),
		summaries: columnSummaries(rows, columns),
		standings: principleStandings(ofCohort, scope)
	};
}

export type CohortDashboard = Awaited<ReturnType<typeof cohortDashboard>>;
