/**
 * `npm run bench -- postgres`: recording a choice on the PostgreSQL store with many events
 * already stored (budget: p95 under 20 ms with 1,000,000). Runs in a fresh database made from
 * RAPPORT_TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), dropped after.
 * RAPPORT_BENCH_PG_EVENTS sets how many events are stored first (default 1,000,000).
 */
import { randomUUID } from 'node:crypto';
import { createTestDatabase, postgresUnavailable } from '../scripts/test-database.js';
import { newId } from '../src/lib/server/store/ids';
import { openPostgresStore } from '../src/lib/server/store/postgres/postgres-store';
import type { Attempt, AttemptEvent, User } from '../src/lib/server/store/types';
import { median, percentile } from './stats';

const EVENTS_PER_ATTEMPT = 10;
const RECORD_BUDGET_P95_MS = 20;

export async function benchPostgres(): Promise<{ passed: boolean }> {
	const unavailable = await postgresUnavailable();
	if (unavailable) {
		console.log(`postgres: skipped, ${unavailable}`);
		return { passed: true };
	}
	const total = Number(process.env.RAPPORT_BENCH_PG_EVENTS ?? 1_000_000);
	const database = await createTestDatabase();
	const store = await openPostgresStore({ url: database.url });
	try {
		const seeded = performance.now();
		const attempts = await seed(store, total);
		console.log(
			`seeded ${total.toLocaleString('en')} events in ${attempts.length.toLocaleString('en')} attempts: ` +
				`${((performance.now() - seeded) / 1000).toFixed(1)} s`
		);

		// One choice at a time, each on a different open attempt, as trainees' posts arrive.
		const times: number[] = [];
		for (let i = 0; i < 500; i++) {
			const attempt = attempts[(i * 7919) % attempts.length];
			const t = performance.now();
			await store.recordEvent(
				attempt.id,
				{ id: randomUUID(), type: 'choice', choiceId: 'c', at: new Date().toISOString() },
				EVENTS_PER_ATTEMPT + 1 + countBefore(i, attempt, attempts)
			);
			times.push(performance.now() - t);
		}
		times.sort((a, b) => a - b);
		const p95 = percentile(times, 95);
		console.log(
			`record a choice (sequential, 500): median ${median(times).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms ` +
				`(budget ${RECORD_BUDGET_P95_MS} ms)`
		);

		// 200 at once on 200 attempts: what a class posting together meets.
		const concurrent = await Promise.all(
			attempts.slice(0, 200).map(async (attempt) => {
				const t = performance.now();
				await store.recordEvent(attempt.id, {
					id: randomUUID(),
					type: 'choice',
					choiceId: 'c',
					at: new Date().toISOString()
				});
				return performance.now() - t;
			})
		);
		concurrent.sort((a, b) => a - b);
		console.log(
			`record a choice (200 at once): median ${median(concurrent).toFixed(2)} ms, p95 ${percentile(concurrent, 95).toFixed(2)} ms`
		);
		const passed = p95 < RECORD_BUDGET_P95_MS;
		console.log(passed ? 'postgres: within budget' : 'postgres: OVER BUDGET');
		return { passed };
	} finally {
		await store.close();
		await database.drop();
	}
}

/** Events the sequential loop already added to this attempt before step `i`. */
function countBefore(i: number, attempt: Attempt, attempts: Attempt[]): number {
	let n = 0;
	for (let j = 0; j < i; j++) if (attempts[(j * 7919) % attempts.length] === attempt) n++;
	return n;
}

async function seed(
	store: Awaited<ReturnType<typeof openPostgresStore>>,
	total: number
): Promise<Attempt[]> {
	const at = new Date().toISOString();
	const users: User[] = Array.from({ length: 1000 }, (_, i) => ({
		id: newId(),
		username: `bench-${i}`,
		displayName: `Bench ${i}`,
		role: 'trainee',
		passwordHash: '',
		createdAt: at,
		pseudonym: `p-bench-${i}`
	}));
	await store.importRecords({
		users,
		cohorts: [],
		assignments: [],
		attempts: [],
		events: [],
		audit: [],
		scenarioVersions: [],
		drillCards: [],
		ownWords: [],
		drafts: [],
		identities: [],
		ltiPlatforms: [],
		ltiKeys: [],
		ltiResourceLinks: [],
		ltiLaunchLinks: [],
		ltiScores: []
	});
	const all: Attempt[] = [];
	const batch = 10_000;
	for (let done = 0; done < total; done += batch * EVENTS_PER_ATTEMPT) {
		const attempts: Attempt[] = [];
		const events: AttemptEvent[] = [];
		for (let i = 0; i < batch && done + i * EVENTS_PER_ATTEMPT < total; i++) {
			const attempt: Attempt = {
				id: newId(),
				userId: users[(all.length + i) % users.length].id,
				scenarioId: 'coat-still-on',
				scenarioHash: 'h',
				mode: 'practice',
				status: 'active',
				startedAt: at
			};
			attempts.push(attempt);
			for (let seq = 1; seq <= EVENTS_PER_ATTEMPT; seq++) {
				events.push({
					id: randomUUID(),
					attemptId: attempt.id,
					seq,
					type: 'choice',
					choiceId: 'c',
					at
				});
			}
		}
		await store.importRecords({
			users: [],
			cohorts: [],
			assignments: [],
			attempts,
			events,
			audit: [],
			scenarioVersions: [],
			drillCards: [],
			ownWords: [],
			drafts: [],
			identities: [],
			ltiPlatforms: [],
			ltiKeys: [],
			ltiResourceLinks: [],
			ltiLaunchLinks: [],
			ltiScores: []
		});
		all.push(...attempts);
	}
	return all;
}
