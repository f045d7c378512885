/**
 * Load, measured as the outside test of issue 18 did: simulated trainees on the production build
 * (`npm run build` first), each signed in with an attempt of their own, posting choices as a
 * browser without JavaScript does (one form post per choice; its answer is the next play page).
 * Two figures on one instance of the embedded store:
 *   saturation: 50 trainees posting with no pause: choices per second;
 *   paced: 200 trainees pausing 5 s between choices: p95 per choice, at most
 *   TARGETS.pacedP95Ms.
 * Loopback only, bounded in trainees and seconds. The load generator shares the machine's cores
 * with the server, as it did in the outside test. `RAPPORT_BENCH_CPU_PROF=<dir>` runs the server
 * with `--cpu-prof` into that folder. A benchmark, not a timed test: nothing here runs in CI.
 */

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccount } from '../src/lib/server/auth/accounts';
import { openLowdbStore } from '../src/lib/server/store/lowdb/open';
import {
	formPost,
	playFormFields,
	playFormOf,
	signInCookie,
	startAttemptOver
} from '../tests/e2e/player-helpers';
import { startServer, type RunningServer } from '../tests/e2e/server-process';
import { percentile } from './stats';

export const TARGETS = {
	/** p95 of one choice post with 200 trainees pausing between choices, in ms. */
	pacedP95Ms: 100
} as const;

const SCENARIO = 'coat-still-on';
/** The measured runs; smaller ones are for profiling a single change by hand. */
const DEFAULTS = {
	pacedTrainees: 200,
	pauseMs: 5_000,
	pacedMs: 30_000,
	saturationTrainees: 50,
	saturationMs: 10_000
};
const PASSWORD = 'load-bench-trainee-passphrase';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Trainee {
	cookie: string;
	attempt: string;
	/** Choices acknowledged (answered 200) so far. */
	posted: number;
	/** Hidden fields and choices of the play page as last seen. */
	seq: string;
	choices: string[];
}

/** Accounts are written straight into the store before the server starts (hashing is slow). */
async function seed(dataDir: string, count: number): Promise<string[]> {
	const store = await openLowdbStore({ dataDir, purpose: 'bench seed', backupOnOpen: false });
	const names = Array.from({ length: count }, (_, i) => `load-${String(i).padStart(3, '0')}`);
	for (const username of names) {
		await createAccount(store, { username, password: PASSWORD, role: 'trainee' });
	}
	await store.close();
	return names;
}

async function startAttempt(server: RunningServer, trainee: Trainee): Promise<void> {
	trainee.attempt = await startAttemptOver(server.url, trainee.cookie, SCENARIO);
	const form = await playFormFields(server.url, trainee.attempt, trainee.cookie);
	trainee.seq = form.seq;
	trainee.choices = form.choices;
}

async function signIn(server: RunningServer, username: string): Promise<Trainee> {
	const account = { username, password: PASSWORD, role: 'trainee' as const, displayName: username };
	const trainee: Trainee = {
		cookie: await signInCookie(server.url, account),
		attempt: '',
		posted: 0,
		seq: '',
		choices: []
	};
	await startAttempt(server, trainee);
	return trainee;
}

/** Runs `work` over `items`, `limit` at a time. */
async function inBatches<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>) {
	const results: R[] = [];
	for (let i = 0; i < items.length; i += limit) {
		results.push(...(await Promise.all(items.slice(i, i + limit).map(work))));
	}
	return results;
}

/**
 * Posts one choice (the first offered, or a random one) and reads the next play page from the
 * answer; starts a new attempt once this one has ended. Returns the choice's time in ms.
 */
async function chooseOnce(server: RunningServer, trainee: Trainee): Promise<number> {
	const choiceId = trainee.choices[Math.floor(Math.random() * trainee.choices.length)];
	const started = performance.now();
	const response = await formPost(
		server.url,
		`/attempts/${trainee.attempt}?/choose`,
		trainee.cookie,
		{
			choiceId,
			eventId: randomUUID(),
			seq: trainee.seq
		}
	);
	const html = await response.text();
	const took = performance.now() - started;
	if (response.status !== 200) throw new Error(`bench: a choice got ${response.status}`);
	trainee.posted++;
	const form = playFormOf(html);
	trainee.seq = form.seq;
	trainee.choices = form.choices;
	if (trainee.choices.length === 0) await startAttempt(server, trainee);
	return took;
}

/**
 * Each trainee chooses, pauses `pauseMs`, and again, until `durationMs` has passed. `servers`
 * take the posts in turn, each trainee starting on a different one, as behind a load balancer.
 */
async function drive(
	servers: RunningServer | RunningServer[],
	trainees: Trainee[],
	pauseMs: number,
	durationMs: number
): Promise<{ times: number[]; seconds: number }> {
	const pool = Array.isArray(servers) ? servers : [servers];
	const times: number[] = [];
	const started = performance.now();
	const end = started + durationMs;
	await Promise.all(
		trainees.map(async (trainee, t) => {
			// Spread the first choices over one pause, as a class does not click in step.
			if (pauseMs > 0) await sleep(Math.random() * pauseMs);
			for (let n = t; performance.now() < end; n++) {
				times.push(await chooseOnce(pool[n % pool.length], trainee));
				if (pauseMs > 0) await sleep(pauseMs);
			}
		})
	);
	return { times: times.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

function sleep(ms: number): Promise<void> {
	return new Promise((done) => setTimeout(done, ms));
}

export async function benchLoad(
	options: Partial<typeof DEFAULTS> = {}
): Promise<{ passed: boolean }> {
	const { pacedTrainees, pauseMs, pacedMs, saturationTrainees, saturationMs } = {
		...DEFAULTS,
		...options
	};
	if (!existsSync(join(ROOT, 'build', 'index.js'))) {
		console.error('bench load: run `npm run build` first (it measures the production build)');
		return { passed: false };
	}
	const dataDir = await mkdtemp(join(tmpdir(), 'rapport-bench-load-'));
	const profile = process.env.RAPPORT_BENCH_CPU_PROF;
	let server: RunningServer | undefined;
	try {
		const names = await seed(dataDir, pacedTrainees);
		server = await startServer({
			dataDir,
			env: { NODE_ENV: 'production' },
			nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(profile)}`] : [],
			timeoutMs: 20_000
		});
		const trainees = await inBatches(names, 10, (name) => signIn(server!, name));

		const saturation = await drive(server, trainees.slice(0, saturationTrainees), 0, saturationMs);
		const perSecond = saturation.times.length / saturation.seconds;
		const paced = await drive(server, trainees, pauseMs, pacedMs);
		const p95 = percentile(paced.times, 95);
		const passed = p95 <= TARGETS.pacedP95Ms;

		console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);
		console.log(
			`saturation: ${saturationTrainees} trainees, no pause, ${saturationMs / 1000} s: ` +
				`${perSecond.toFixed(0)} choices/s (p50 ${percentile(saturation.times, 50).toFixed(0)} ms, ` +
				`p95 ${percentile(saturation.times, 95).toFixed(0)} ms)`
		);
		console.log(
			`paced: ${pacedTrainees} trainees, ${pauseMs / 1000} s pause, ${pacedMs / 1000} s: ` +
				`${paced.times.length} choices, p50 ${percentile(paced.times, 50).toFixed(0)} ms, ` +
				`p95 ${p95.toFixed(0)} ms (target <= ${TARGETS.pacedP95Ms} ms) ${passed ? 'PASS' : 'FAIL'}`
		);
		return { passed };
	} finally {
		await server?.stop();
		await rm(dataDir, { recursive: true, force: true });
	}
}

/**
 * Issue 15's budget: 200 trainees playing at once across two instances on one PostgreSQL
 * database, each trainee's posts alternating between the instances: p95 per choice at most
 * TARGETS.pacedP95Ms, and every acknowledged choice stored exactly once. Runs in a fresh
 * database made from RAPPORT_TEST_DATABASE_URL, dropped afterwards.
 */
export async function benchLoadTwoInstances(
	options: Partial<typeof DEFAULTS> = {}
): Promise<{ passed: boolean }> {
	const { pacedTrainees, pauseMs, pacedMs } = { ...DEFAULTS, ...options };
	if (!existsSync(join(ROOT, 'build', 'index.js'))) {
		console.error('bench load-two-instances: run `npm run build` first');
		return { passed: false };
	}
	const { createTestDatabase, postgresUnavailable } = await import('../scripts/test-database.js');
	const unavailable = await postgresUnavailable();
	if (unavailable) {
		console.log(`load on two instances: skipped, ${unavailable}`);
		return { passed: true };
	}
	const database = await createTestDatabase();
	const dataDir = await mkdtemp(join(tmpdir(), 'rapport-bench-load2-'));
	const servers: RunningServer[] = [];
	try {
		const { openPostgresStore } = await import('../src/lib/server/store/postgres/postgres-store');
		const store = await openPostgresStore({ url: database.url });
		const names = Array.from(
			{ length: pacedTrainees },
			(_, i) => `load-${String(i).padStart(3, '0')}`
		);
		try {
			for (const username of names)
				await createAccount(store, { username, password: PASSWORD, role: 'trainee' });
		} finally {
			await store.close();
		}
		const env = { NODE_ENV: 'production', DATABASE_URL: database.url };
		servers.push(
			...(await Promise.all([
				startServer({ dataDir, env, timeoutMs: 20_000 }),
				startServer({ dataDir, env, timeoutMs: 20_000 })
			]))
		);
		const trainees = await inBatches(names, 10, (name) =>
			signIn(servers[names.indexOf(name) % 2], name)
		);
		const paced = await drive(servers, trainees, pauseMs, pacedMs);
		const p95 = percentile(paced.times, 95);

		// Every acknowledged choice is stored once: as many choice events as 200 answers (the
		// table's keys already refuse a second copy of one).
		const { default: postgres } = await import('postgres');
		const sql = postgres(database.url, { max: 1, onnotice: () => {} });
		let stored = 0;
		try {
			[{ stored }] = await sql`select count(*)::int as stored from attempt_events
				where data->>'type' = 'choice'`;
		} finally {
			await sql.end();
		}
		const acknowledged = trainees.reduce((n, t) => n + t.posted, 0);
		const once = stored === acknowledged;
		const passed = p95 <= TARGETS.pacedP95Ms && once;
		console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(2)}`);
		console.log(
			`two instances on PostgreSQL, ${pacedTrainees} trainees, ${pauseMs / 1000} s pause, ` +
				`${pacedMs / 1000} s, posts alternating between instances: ${paced.times.length} choices, ` +
				`p50 ${percentile(paced.times, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms ` +
				`(target <= ${TARGETS.pacedP95Ms} ms); ${acknowledged} acknowledged, ${stored} stored: ` +
				`${passed ? 'PASS' : 'FAIL'}`
		);
		return { passed };
	} finally {
		await Promise.all(servers.map((s) => s.stop()));
		await database.drop();
		await rm(dataDir, { recursive: true, force: true });
	}
}
