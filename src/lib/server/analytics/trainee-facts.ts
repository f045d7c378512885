import { statSync } from 'node:fs';
import path from 'node:path';
import { LowdbStore } from '../store/lowdb/lowdb-store';
import { attemptsFile } from '../store/lowdb/layout';
import { isWhatIf } from '../programmes/status';
import type { Attempt, Store } from '../store/types';
import type { AttemptResult } from '../scoring';

/**
 * What the cohort screens need from each trainee's attempts, kept per trainee between requests.
 *
 * Every store read hands back a deep copy, and copying 30,000 attempts takes longer than the
 * whole dashboard may (about a second on a busy 2-core machine). So each trainee's attempts are
 * read once, reduced to the figures the analytics use, and kept until that trainee's attempts
 * change. The change stamp for the lowdb store is its shard file's inode, size and mtime: the
 * store acknowledges a change only after the new file has been renamed into place (a new inode
 * every time), so any change a request could have seen has already changed the stamp. A store
 * without files (a future PostgreSQL one) gets no stamp, and then nothing is kept: always correct,
 * just slower. A store method reporting a revision per trainee would replace the stat.
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

function stampOf(store: Store, userId: string): string | undefined {
	if (!(store instanceof LowdbStore)) return undefined;
	try {
		const s = statSync(path.join(store.dataDir, attemptsFile(userId)), { bigint: true });
		return `${s.ino}:${s.size}:${s.mtimeNs}`;
	} catch (error) {
		// No file yet: the trainee has no attempts. A stamp of its own, replaced by the first write.
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
		return undefined;
	}
}

/** The attempts of each trainee, as facts, in the order given. */
export async function attemptFacts(
	store: Store,
	userIds: readonly string[]
): Promise<Map<string, AttemptFacts[]>> {
	let byUser = kept.get(store);
	if (!byUser) kept.set(store, (byUser = new Map()));
	const out = new Map<string, AttemptFacts[]>();
	for (const userId of userIds) {
		const stamp = stampOf(store, userId);
		const hit = stamp !== undefined ? byUser.get(userId) : undefined;
		if (hit && hit.stamp === stamp) {
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
