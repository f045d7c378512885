import { isCohortWork } from '../programmes/access';
import { isWhatIf } from '../programmes/status';
import type { Attempt, Cohort, Store } from '../store/types';
import { choiceHeader, choiceRows } from './choice-rows';
import { cohortScope, type CohortScope } from './cohort-scope';
import { csvLine } from './csv';
import { cohortMatrix } from './matrix';
import { attemptFacts } from './trainee-facts';
import { versionCache } from './versions';
import { drillPassMark } from '../practice/review';
import { exportedDrills } from './practice';
import { attemptStatements, type StatementInput } from './xapi';

/**
 * The three cohort exports, each produced one trainee at a time (read that trainee's attempts,
 * write their rows, move on), so `streamOf` can hand a download out as it is made and the file
 * never exists whole in memory. Like the dashboard they cover attempts made for the cohort's
 * assignments, minus attempts an instructor reset. docs/programmes-reports.md describes the
 * columns and how to import each file.
 */

const columnHeading = (c: CohortScope['columns'][number]) =>
	`${c.setTitle ? `${c.setTitle}: ` : ''}${c.title} [${c.id}]`;

/**
 * Gradebook header: the user identifier, one score column per assignment, then one verdict
 * column per assignment naming the pass mark it was judged against.
 */
export function gradebookHeader(scope: CohortScope): string {
	return csvLine([
		'username',
		...scope.columns.map(columnHeading),
		...scope.columns.map((c) => `passed: ${columnHeading(c)} (pass mark ${c.passMark.value})`)
	]);
}

/**
 * One row per trainee: username, then their best score (0-100) for each assignment, empty where
 * they have none, then `yes` or `no` for each assignment by the one pass rule (empty where there
 * is no score). Erased trainees appear under their pseudonym, which is their username now.
 */
export async function* gradebookChunks(store: Store, cohort: Cohort, now = new Date()) {
	const scope = await cohortScope(store, cohort);
	yield gradebookHeader(scope);
	for (const user of scope.trainees) {
		const facts = (await attemptFacts(store, [user.id])).get(user.id) ?? [];
		const [row] = cohortMatrix({
			trainees: [user],
			columns: scope.columns,
			attemptsOf: () => facts,
			now: now.toISOString()
		});
		yield csvLine([
			user.username,
			...row.cells.map((c) => c.best),
			...row.cells.map((c) => (c.best === null ? '' : c.passed ? 'yes' : 'no'))
		]);
	}
}

/** The trainee's attempts this cohort's exports cover, oldest first. */
async function exportedAttempts(
	store: Store,
	cohort: Cohort,
	userId: string,
	assigned: Set<string>
) {
	return (await store.listAttemptsByUser(userId))
		.filter((a) => isCohortWork(a, cohort, assigned) && !a.voided && !isWhatIf(a))
		.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export async function* choiceChunks(store: Store, cohort: Cohort) {
	const scope = await cohortScope(store, cohort);
	const assigned = new Set(scope.columns.map((c) => c.id));
	const versionOf = versionCache();
	yield choiceHeader();
	for (const user of scope.trainees) {
		let chunk = '';
		for (const attempt of await exportedAttempts(store, cohort, user.id, assigned)) {
			chunk += choiceRows({
				cohortId: cohort.id,
				pseudonym: user.pseudonym,
				attempt,
				events: await store.listEvents(attempt.id),
				version: await versionOf(attempt.scenarioHash),
				mark: scope.markOf(attempt)
			});
		}
		yield chunk;
	}
}

/**
 * A JSON array written piece by piece: `[`, each trainee's statements, `]`. After a trainee's
 * scenario attempts come their drills finished in the practice window (labelled as drills:
 * `activities/drills/…` and the `kind` extension), judged at each drill's own mark.
 */
export async function* xapiChunks(store: Store, cohort: Cohort, origin: string, now = new Date()) {
	const scope = await cohortScope(store, cohort);
	const assigned = new Set(scope.columns.map((c) => c.id));
	const versionOf = versionCache();
	yield '[';
	let first = true;
	for (const user of scope.trainees) {
		const parts: string[] = [];
		const add = async (
			attempt: Attempt,
			version: StatementInput['version'],
			mark: StatementInput['mark']
		) => {
			const input = {
				origin,
				cohortId: cohort.id,
				pseudonym: user.pseudonym,
				attempt,
				version,
				mark
			};
			for (const s of attemptStatements(input, await store.listEvents(attempt.id)))
				parts.push(JSON.stringify(s));
		};
		for (const attempt of await exportedAttempts(store, cohort, user.id, assigned))
			await add(attempt, await versionOf(attempt.scenarioHash), scope.markOf(attempt));
		for (const { attempt, version } of await exportedDrills(store, cohort, user.id, now, versionOf))
			await add(attempt, version, drillPassMark(version?.scenario));
		if (parts.length === 0) continue;
		yield (first ? '\n' : ',\n') + parts.join(',\n');
		first = false;
	}
	yield '\n]\n';
}

/** A file name from the cohort's name: letters, digits and dashes only. */
export function exportName(cohort: Cohort, what: string): string {
	const slug =
		cohort.name
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-|-$/g, '')
			.slice(0, 40) || 'cohort';
	return `${slug}-${what}`;
}
