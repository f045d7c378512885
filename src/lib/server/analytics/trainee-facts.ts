import { isWhatIf } from '../programmes/status';
import type { Attempt, Store } from '../store/types';
import type { AttemptResult } from '../scoring';

/**
 * What the cohort screens need from each trainee's attempts, kept per trainee between requests.
 *
 * Every store read hands back a deep copy, and copying 30,000 attempts takes longer than the
 * whole dashboard may (about a second on a busy 2-core machine). So each trainee's attempts are
 * read once, reduced to the figures the analytics use, and kept until that trainee's attempts
 * change: the store's change counter for the trainee's attempts (`Store.attemptRevisions`) says
 * when. It is read before the attempts, so what is kept is never older than its stamp; with
 * several instances on one database, a change made by any of them changes the stamp.
 */

export type SlimResult = Pick<
	AttemptResult,
	'normalised' | 'ending' | 'outcome' | 'choices' | 'principles' | 'total'
>;

export interface AttemptFacts {
	id: string;
	userId: string;
	scenarioId: string;
	scenarioHash: string;
	mode: Attempt['mode'];
	status: Attempt['status'];
	startedAt: string;
	completedAt?: string;
	assignmentId?: string;
	/** Reset by an instructor: listed on the trainee's page, counted nowhere. */
	voided?: boolean;
	/** A "what if" replay of another attempt: practice, counted nowhere. */
	whatIf?: boolean;
	result?: SlimResult;
}

export function factsOf(attempt: Attempt): AttemptFacts {
	const r = attempt.result as AttemptResult | undefined;
	return {
		id: attempt.id,
		userId: attempt.userId,
		scenarioId: attempt.scenarioId,
		scenarioHash: attempt.scenarioHash,
		mode: attempt.mode,
		status: attempt.status,
		startedAt: attempt.startedAt,
		...(attempt.completedAt ? { completedAt: attempt.completedAt } : {}),
		...(attempt.assignmentId ? { assignmentId: attempt.assignmentId } : {}),
		...(attempt.voided ? { voided: true } : {}),
		...(isWhatIf(attempt) ? { whatIf: true } : {}),
		...(r
			? {
					result: {
						normalised: r.normalised,
						ending: r.ending,
						outcome: r.outcome,
						choices: r.choices,
						principles: r.principles,
						total: r.total
					}
				}
			: {})
	};
}

interface Kept {
	stamp: string;
	facts: AttemptFacts[];
}

const kept = new WeakMap<Store, Map<string, Kept>>();

/** The attempts of each trainee, as facts, in the order given. */
export async function attemptFacts(
	store: Store,
	userIds: readonly string[]
): Promise<Map<string, AttemptFacts[]>> {
	let byUser = kept.get(store);
	if (!byUser) kept.set(store, (byUser = new Map()));
	const out = new Map<string, AttemptFacts[]>();
	const stamps = await store.attemptRevisions(userIds);
	for (const userId of userIds) {
		const stamp = stamps.get(userId);
		const hit = byUser.get(userId);
		if (hit && stamp !== undefined && hit.stamp === stamp) {
			out.set(userId, hit.facts);
			continue;
		}
		const facts = (await store.listAttemptsByUser(userId)).map(factsOf);
		if (stamp !== undefined) byUser.set(userId, { stamp, facts });
		out.set(userId, facts);
	}
	return out;
}

/** Test hook: forget everything kept for a store. */
export function forgetFacts(store: Store): void {
	kept.delete(store);
}

const derivedFrom = new WeakMap<readonly AttemptFacts[], Map<string, unknown>>();

/**
 * A figure computed from one trainee's facts, kept as long as those facts are: a trainee's facts
 * are replaced, never changed, when their attempts change, so the figure is recomputed exactly
 * then. `key` must name everything else the figure depends on.
 */
export function derived<T>(facts: readonly AttemptFacts[], key: string, compute: () => T): T {
	let cache = derivedFrom.get(facts);
	if (!cache) derivedFrom.set(facts, (cache = new Map()));
	if (!cache.has(key)) cache.set(key, compute());
	return cache.get(key) as T;
}
