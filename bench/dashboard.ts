/**
 * The programme screens' budget (issue 5): with 500 trainees x 20 scenarios x 3 attempts (30,000
 * attempts) on the embedded store, the cohort dashboard and one scenario's item analysis each
 * render server-side in under 300 ms at p95, and the CSV exports stream without holding the whole
 * file in memory.
 *
 *   npm run bench -- dashboard
 *   RAPPORT_BENCH_RUNS=40 npm run bench -- dashboard
 *
 * Data: 20 scenarios (the built-in library plus renamed copies of some of it, written to a temp
 * SCENARIOS_DIR; one copy in two versions, so version grouping is exercised). Every attempt is a
 * random walk through its scenario's real machine, scored as the server scores it; practice
 * attempts sometimes try a choice and rewind it. Files are written straight into a temp DATA_DIR
 * in the store's own layout (as bench/store.ts does), because 30,000 attempts through the Store
 * API would mean 150,000 durable writes.
 *
 * Timing: the route's own `load` and page component, loaded through Vite's SSR loader in
 * production mode and rendered with `svelte/server`, so a run is exactly what a request costs
 * minus HTTP. One warm-up, then RAPPORT_BENCH_RUNS runs (default 20), p50/p95.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Component } from 'svelte';
import { createServer, type ViteDevServer } from 'vite';
import { createActor } from 'xstate';
import { compileScenario } from '../src/lib/scenarios';
import type { Analysis, Scenario } from '../src/lib/scenarios/types';
import { machineForScenario } from '../src/lib/machines/scenario-machine';
import { replay } from '../src/lib/machines/replay';
import { resultOf } from '../src/lib/server/scoring';
// The property walk's seeded generator (mulberry32), so every run measures the same data, and
// its reading of which choices a snapshot offers.
import { offered, random } from '../tests/scenarios/walk';
import { SCHEMA_VERSION } from '../src/lib/server/store/lowdb/migrations';
import {
	attemptsFile,
	eventsFile,
	FIXED_FILES,
	SHARD_DIRS,
	type AttemptsDoc,
	type EventsDoc,
	type ProgrammeDoc,
	type UsersDoc
} from '../src/lib/server/store/lowdb/layout';
import type {
	Assignment,
	Attempt,
	AttemptEvent,
	AttemptMode,
	Cohort,
	User
} from '../src/lib/server/store/types';
import { percentile } from './stats';

const LIBRARY = path.resolve('src/lib/scenarios/library');

interface Version {
	scenario: Scenario;
	analysis: Analysis;
}

interface Walk {
	/** Choice ids on the final path. */
	choices: string[];
	/** Other choices offered at each step (for practice tries that get rewound). */
	alternatives: string[][];
	result: Record<string, unknown>;
}

function compileOrThrow(source: string, file: string): Version {
	const { scenario, analysis, diagnostics } = compileScenario(source, file);
	if (!scenario || !analysis)
		throw new Error(`${file}: ${diagnostics.map((d) => d.message).join('; ')}`);
	return { scenario, analysis };
}

/** Random complete paths through one version: a pool the attempts draw from. */
function walks(version: Version, count: number, rnd: () => number): Walk[] {
	const machine = machineForScenario(version.scenario);
	const pool: Walk[] = [];
	for (let i = 0; i < count; i++) {
		const actor = createActor(machine).start();
		const choices: string[] = [];
		const alternatives: string[][] = [];
		while (actor.getSnapshot().status === 'active') {
			const events = offered(version.scenario, actor.getSnapshot());
			const pick = events[Math.floor(rnd() * events.length)];
			choices.push(pick.choiceId);
			alternatives.push(events.map((e) => e.choiceId).filter((id) => id !== pick.choiceId));
			actor.send(pick);
		}
		actor.stop();
		const state = replay(machine, choices);
		pool.push({
			choices,
			alternatives,
			result: { ...resultOf(version.scenario, version.analysis, state) }
		});
	}
	return pool;
}

export interface BenchData {
	dataDir: string;
	scenariosDir: string;
	cohortId: string;
	instructorId: string;
	/** The scenario with two versions: the one whose item analysis is timed. */
	itemScenarioId: string;
	/** Version sources for SCENARIOS_DIR: the old one first; write it, scan, then the new one. */
	versionedFile: { name: string; old: string; current: string };
	attempts: number;
	events: number;
	traineeIds: string[];
}

const day = (n: number) => new Date(Date.UTC(2025, 0, 6) + n * 86_400_000).toISOString();

/**
 * Writes the data folder and the scenario folder. `trainees` x `scenarios` assignments x
 * `perScenario` attempts: a practice attempt first, then assessments; about one attempt in
 * twenty is left unfinished.
 */
export async function makeBenchData(
	root: string,
	{ trainees = 500, scenarios = 20, perScenario = 3, seed = 5 } = {}
): Promise<BenchData> {
	const rnd = random(seed);
	const dataDir = path.join(root, 'data');
	const scenariosDir = path.join(root, 'scenarios');
	for (const dir of SHARD_DIRS) await mkdir(path.join(dataDir, dir), { recursive: true });
	await mkdir(scenariosDir, { recursive: true });

	const files = (await readdir(LIBRARY)).filter((n) => n.endsWith('.md')).sort();
	const sources = await Promise.all(files.map((f) => readFile(path.join(LIBRARY, f), 'utf8')));
	// Built-in scenarios first, then renamed copies (their own ids, so their own hashes).
	const versions: Version[][] = [];
	for (let i = 0; i < scenarios; i++) {
		const base = i % files.length;
		const copy = Math.floor(i / files.length);
		if (copy === 0) {
			versions.push([compileOrThrow(sources[base], `src/lib/scenarios/library/${files[base]}`)]);
			continue;
		}
		const name = files[base].replace(/\.md$/, `-copy${copy}.md`);
		const current = sources[base].replace(/^title: (.*)$/m, `title: $1 (copy ${copy})`);
		await writeFile(path.join(scenariosDir, name), current);
		versions.push([compileOrThrow(current, name)]);
	}
	// The last scenario also has an older version: the same file before an edit.
	const lastIndex = versions.length - 1;
	const last = versions[lastIndex][0].scenario;
	const versionedName = `${last.id}.md`;
	const currentSource = await readFile(path.join(scenariosDir, versionedName), 'utf8').catch(
		() => ''
	);
	if (!currentSource)
		throw new Error('bench: the versioned scenario must be a copy (scenarios > library size)');
	const oldSource = currentSource.replace(/^summary: (.*)$/m, 'summary: $1 (first draft)');
	versions[lastIndex] = [versions[lastIndex][0], compileOrThrow(oldSource, versionedName)];

	const pools = versions.map((vs) => vs.map((v) => ({ version: v, walks: walks(v, 150, rnd) })));

	const at = day(0);
	const users: User[] = [];
	const instructor: User = {
		id: 'benchinstructor',
		username: 'bench-instructor',
		displayName: 'Bench Instructor',
		role: 'instructor',
		passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$bench',
		createdAt: at,
		pseudonym: 'p-benchinstructor'
	};
	users.push(instructor);
	const cohort: Cohort = {
		id: 'benchcohort',
		name: 'Bench cohort',
		instructorIds: [instructor.id],
		memberIds: [],
		createdAt: at
	};
	const assignments: Assignment[] = versions.map(([v], i) => ({
		id: `benchassign${String(i).padStart(2, '0')}`,
		cohortId: cohort.id,
		scenarioId: v.scenario.id,
		mode: 'assessment' as AttemptMode,
		createdBy: instructor.id,
		createdAt: at,
		// Half are due already, so the matrix has overdue cells.
		dueAt: day(i % 2 === 0 ? 20 : 400)
	}));

	let attemptCount = 0;
	let eventCount = 0;
	for (let t = 0; t < trainees; t++) {
		const id = `bench${String(t).padStart(6, '0')}`;
		users.push({
			id,
			username: `trainee-${t}`,
			displayName: `Trainee ${String(t).padStart(3, '0')}`,
			role: 'trainee',
			passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$bench',
			createdAt: at,
			pseudonym: `p-${id}`
		});
		cohort.memberIds.push(id);
		const attempts: Attempt[] = [];
		const eventFiles: { attemptId: string; events: AttemptEvent[] }[] = [];
		pools.forEach((versionPools, s) => {
			for (let k = 0; k < perScenario; k++) {
				// The older version takes the first quarter of the versioned scenario's attempts.
				const pool =
					versionPools.length > 1 && t < trainees / 4 ? versionPools[1] : versionPools[0];
				const walk = pool.walks[Math.floor(rnd() * pool.walks.length)];
				const mode: AttemptMode = k === 0 ? 'practice' : 'assessment';
				const attemptId = `${id}s${s}k${k}`;
				const started = new Date(Date.parse(day(1 + s)) + (t * 60 + k * 3600) * 1000);
				const unfinished = rnd() < 0.05;
				const steps = unfinished ? walk.choices.slice(0, -1) : walk.choices;
				const events: AttemptEvent[] = [];
				eventFiles.push({ attemptId, events });
				let seq = 0;
				const event = (type: 'choice' | 'rewind', choiceId?: string) => {
					seq++;
					events.push({
						id: `${attemptId}e${seq}`,
						attemptId,
						seq,
						type,
						...(choiceId ? { choiceId } : {}),
						at: new Date(started.getTime() + seq * 20_000).toISOString()
					});
				};
				steps.forEach((choiceId, i) => {
					const other = walk.alternatives[i];
					if (mode === 'practice' && other.length > 0 && rnd() < 0.15) {
						event('choice', other[Math.floor(rnd() * other.length)]);
						event('rewind');
					}
					event('choice', choiceId);
				});
				attempts.push({
					id: attemptId,
					userId: id,
					scenarioId: pool.version.scenario.id,
					scenarioHash: pool.version.scenario.hash,
					mode,
					status: unfinished ? 'active' : 'completed',
					startedAt: started.toISOString(),
					assignmentId: assignments[s].id,
					...(unfinished
						? {}
						: {
								completedAt: new Date(started.getTime() + (seq + 1) * 20_000).toISOString(),
								result: walk.result,
								...(rnd() < 0.3 ? { reflection: 'I noticed I rushed past the pause.' } : {})
							})
				});
			}
		});
		attemptCount += attempts.length;
		await writeFile(
			path.join(dataDir, attemptsFile(id)),
			JSON.stringify({ schemaVersion: SCHEMA_VERSION, userId: id, attempts } satisfies AttemptsDoc)
		);
		for (const { events } of eventFiles) eventCount += events.length;
		await Promise.all(
			eventFiles.map(({ attemptId, events }) =>
				writeFile(
					path.join(dataDir, eventsFile(attemptId)),
					JSON.stringify({
						schemaVersion: SCHEMA_VERSION,
						attemptId,
						userId: id,
						events
					} satisfies EventsDoc)
				)
			)
		);
	}
	await writeFile(
		path.join(dataDir, FIXED_FILES.users),
		JSON.stringify({ schemaVersion: SCHEMA_VERSION, users } satisfies UsersDoc)
	);
	await writeFile(
		path.join(dataDir, FIXED_FILES.programme),
		JSON.stringify({
			schemaVersion: SCHEMA_VERSION,
			cohorts: [cohort],
			assignments
		} satisfies ProgrammeDoc)
	);
	return {
		dataDir,
		scenariosDir,
		cohortId: cohort.id,
		instructorId: instructor.id,
		itemScenarioId: last.id,
		versionedFile: { name: versionedName, old: oldSource, current: currentSource },
		attempts: attemptCount,
		events: eventCount,
		traineeIds: users.filter((u) => u.role === 'trainee').map((u) => u.id)
	};
}

// Measuring

const TARGET_P95_MS = 300;

const round = (x: number) => Math.round(x * 10) / 10;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

/** A `gc()` without starting node with --expose-gc, so heap figures are not garbage. */
function collector(): () => void {
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
}

interface Timing {
	coldMs: number;
	p50: number;
	p95: number;
	max: number;
	htmlBytes: number;
}

async function time(runs: number, once: () => Promise<string>): Promise<Timing> {
	let start = performance.now();
	const html = await once();
	const coldMs = performance.now() - start;
	await once(); // warm-up: JIT, the first render of each component
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		start = performance.now();
		await once();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	return {
		coldMs: round(coldMs),
		p50: round(percentile(times, 50)),
		p95: round(percentile(times, 95)),
		max: round(times[times.length - 1]),
		htmlBytes: html.length
	};
}

interface StreamFigures {
	bytes: number;
	chunks: number;
	/** Live heap (after a collection) before the export, and its largest growth during it. */
	heapBeforeMb: number;
	liveGrowthMb: number;
	rssGrowthMb: number;
	firstChunkMs: number;
	totalMs: number;
}

/**
 * Reads a download chunk by chunk without keeping what it read. Every 20 chunks it collects
 * garbage and samples the heap, so the figure is what the export holds on to (a file held whole
 * would show up as its own size), not garbage waiting for collection.
 */
async function drain(response: Response, gc: () => void): Promise<StreamFigures> {
	gc();
	const heapBefore = process.memoryUsage().heapUsed;
	const rssBefore = process.memoryUsage.rss();
	let livePeak = heapBefore;
	let rssPeak = rssBefore;
	const reader = response.body!.getReader();
	let bytes = 0;
	let chunks = 0;
	let firstChunkMs = 0;
	const start = performance.now();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		if (chunks === 0) firstChunkMs = performance.now() - start;
		bytes += value.byteLength;
		chunks++;
		if (chunks % 20 === 0) {
			gc();
			livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
			rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
		}
	}
	return {
		bytes,
		chunks,
		heapBeforeMb: mb(heapBefore),
		liveGrowthMb: mb(livePeak - heapBefore),
		rssGrowthMb: mb(rssPeak - rssBefore),
		firstChunkMs: round(firstChunkMs),
		totalMs: round(performance.now() - start)
	};
}

export interface DashboardBenchResult {
	passed: boolean;
	attempts: number;
	events: number;
	dashboard: Timing;
	items: Timing;
	exports: Record<string, { first: StreamFigures; second: StreamFigures }>;
}

/**
 * The same measurement on the PostgreSQL store: the embedded data is copied into a fresh database
 * (made from RAPPORT_TEST_DATABASE_URL, dropped afterwards) by `migrate-store`, the app reads it
 * through DATABASE_URL, and the plans of the queries the dashboard runs are printed.
 */
export async function benchDashboardPostgres(
	options: { trainees?: number; scenarios?: number; runs?: number } = {}
): Promise<DashboardBenchResult | { passed: boolean }> {
	const { createTestDatabase, postgresUnavailable } = await import('../scripts/test-database.js');
	const unavailable = await postgresUnavailable();
	if (unavailable) {
		console.log(`dashboard on PostgreSQL: skipped, ${unavailable}`);
		return { passed: true };
	}
	const database = await createTestDatabase();
	try {
		return await benchDashboard({ ...options, databaseUrl: database.url });
	} finally {
		await database.drop();
	}
}

/** EXPLAIN ANALYZE of the queries behind the dashboard, on the bench's own data. */
async function printQueryPlans(url: string, userIds: string[]): Promise<void> {
	const { default: postgres } = await import('postgres');
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const plans: [string, () => Promise<{ 'QUERY PLAN': string }[]>][] = [
			[
				'change stamps for the cohort (attemptRevisions, one query per dashboard)',
				() => sql`explain analyze select user_id, max(revision) as revision, count(*) as count
					from attempts where user_id in ${sql(userIds)} group by user_id`
			],
			[
				"one trainee's attempts (listAttemptsByUser, when a stamp has changed)",
				() =>
					sql`explain analyze select data from attempts where user_id = ${userIds[0]} order by n`
			]
		];
		for (const [what, explain] of plans) {
			console.log(`query plan: ${what}`);
			for (const row of await explain()) console.log(`  ${row['QUERY PLAN']}`);
		}
	} finally {
		await sql.end({ timeout: 1 });
	}
}

export async function benchDashboard(
	options: { trainees?: number; scenarios?: number; runs?: number; databaseUrl?: string } = {}
): Promise<DashboardBenchResult> {
	const runs = options.runs ?? Number(process.env.RAPPORT_BENCH_RUNS ?? 20);
	const root = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-dashboard-'));
	const gc = collector();
	let vite: ViteDevServer | undefined;
	try {
		const start = performance.now();
		const data = await makeBenchData(root, options);
		console.log(
			`data: ${data.attempts.toLocaleString('en')} attempts, ${data.events.toLocaleString('en')} choice events, ` +
				`written in ${Math.round(performance.now() - start)} ms (${os.cpus().length} CPUs, load ${os
					.loadavg()
					.map((l) => l.toFixed(1))
					.join(' ')})`
		);
		if (options.databaseUrl) {
			const copied = performance.now();
			const { migrateStore } = await import('../src/lib/server/store/migrate-store');
			await migrateStore({ dataDir: data.dataDir, to: options.databaseUrl });
			console.log(
				`store: PostgreSQL (copied by migrate-store in ${Math.round(performance.now() - copied)} ms)`
			);
			process.env.DATABASE_URL = options.databaseUrl;
			await printQueryPlans(options.databaseUrl, data.traineeIds);
		} else {
			console.log('store: embedded');
			delete process.env.DATABASE_URL;
		}

		process.env.DATA_DIR = data.dataDir;
		process.env.SCENARIOS_DIR = data.scenariosDir;
		process.env.NODE_ENV = 'production';
		vite = await createServer({
			mode: 'production',
			logLevel: 'error',
			appType: 'custom',
			server: { middlewareMode: true, hmr: false, watch: null }
		});
		const load = <T>(file: string) => vite!.ssrLoadModule(file) as Promise<T>;
		const library = await load<typeof import('../src/lib/server/scenario-library')>(
			'/src/lib/server/scenario-library.ts'
		);
		// The versioned scenario: the library sees its first draft, then the current file, so it
		// knows both versions, as a server running through the edit would.
		const versioned = path.join(data.scenariosDir, data.versionedFile.name);
		await writeFile(versioned, data.versionedFile.old);
		library.resetScenarioLibrary();
		await library.currentEntries();
		await writeFile(versioned, data.versionedFile.current);
		library.resetScenarioLibrary();
		await library.currentEntries();
		const playable = library.playableScenarios().length;
		if (playable < (options.scenarios ?? 20))
			throw new Error(`bench: the library offers ${playable} scenarios`);

		const { render } = await load<typeof import('svelte/server')>('svelte/server');
		const store = await (
			await load<typeof import('../src/lib/server/store')>('/src/lib/server/store/index.ts')
		).getStore();
		const instructor = (await store.getUser(data.instructorId))!;
		const { passwordHash: _hidden, ...user } = instructor;
		const origin = 'http://127.0.0.1:4173';
		const event = (route: string, params: Record<string, string>) => ({
			locals: { user },
			params,
			url: new URL(`${origin}${route}`)
		});
		const page = async (route: string, dir: string, params: Record<string, string>) => {
			const server = await load<{ load: (e: unknown) => Promise<Record<string, unknown>> }>(
				`/src/routes/cohorts/[id]/${dir}/+page.server.ts`
			);
			// Any page component: its props are checked by svelte-check where it is written.
			const component = await load<{ default: Component<{ data: unknown }> }>(
				`/src/routes/cohorts/[id]/${dir}/+page.svelte`
			);
			return async () => {
				const t0 = performance.now();
				const pageData = await server.load(event(route, params));
				const t1 = performance.now();
				const body = render(component.default, { props: { data: pageData } }).body;
				if (process.env.RAPPORT_BENCH_SPLIT)
					console.log(`  load ${round(t1 - t0)} ms, render ${round(performance.now() - t1)} ms`);
				return body;
			};
		};

		const cohortBase = `/cohorts/${data.cohortId}`;
		const dashboard = await time(
			runs,
			await page(`${cohortBase}/dashboard`, 'dashboard', { id: data.cohortId })
		);
		console.log(
			`dashboard (500 x 20 matrix): first load ${dashboard.coldMs} ms (reads every trainee's attempts), ` +
				`then p50 ${dashboard.p50} ms, p95 ${dashboard.p95} ms, max ${dashboard.max} ms over ${runs} runs; ` +
				`${mb(dashboard.htmlBytes)} MB of HTML`
		);
		const items = await time(
			runs,
			await page(`${cohortBase}/items/${data.itemScenarioId}`, 'items/[scenarioId]', {
				id: data.cohortId,
				scenarioId: data.itemScenarioId
			})
		);
		console.log(
			`item analysis (${data.itemScenarioId}, two versions): first load ${items.coldMs} ms, ` +
				`then p50 ${items.p50} ms, p95 ${items.p95} ms, max ${items.max} ms; ${mb(items.htmlBytes)} MB of HTML`
		);

		const exports: DashboardBenchResult['exports'] = {};
		for (const file of ['gradebook.csv', 'choices.csv', 'xapi.json']) {
			const endpoint = await load<{ GET: (e: unknown) => Promise<Response> }>(
				`/src/routes/cohorts/[id]/export/${file}/+server.ts`
			);
			const download = () =>
				endpoint.GET(event(`${cohortBase}/export/${file}`, { id: data.cohortId }));
			// The first export also loads every attempt's events file into the store, which keeps
			// what it has opened; the second shows what the export itself holds.
			const first = await drain(await download(), gc);
			const second = await drain(await download(), gc);
			// Once more without the heap sampling (whose collections slow the read) for the time.
			const plain = await drain(await download(), () => {});
			exports[file] = { first, second };
			second.totalMs = plain.totalMs;
			console.log(
				`${file}: ${mb(second.bytes)} MB in ${second.chunks} chunks (one per trainee), first after ` +
					`${second.firstChunkMs} ms, all in ${second.totalMs} ms; live heap +${second.liveGrowthMb} MB ` +
					`at most, rss +${second.rssGrowthMb} MB (first export, while the store also loads every ` +
					`events file: heap +${first.liveGrowthMb} MB, rss +${first.rssGrowthMb} MB)`
			);
		}

		const passed = dashboard.p95 < TARGET_P95_MS && items.p95 < TARGET_P95_MS;
		// Streaming: what an export holds stays small, whatever the file's size (a file held whole
		// would add its own size). The bound: a tenth of the file, or 8 MB for small files.
		const streamed = Object.values(exports).every(
			({ second }) =>
				second.chunks > 2 &&
				second.liveGrowthMb * 1024 * 1024 < Math.max(8 * 1024 * 1024, second.bytes / 10)
		);
		console.log(
			`\ntarget: dashboard and item analysis p95 < ${TARGET_P95_MS} ms: ${passed ? 'met' : 'MISSED'}; ` +
				`exports stream (live heap under max(8 MB, a tenth of the file)): ${streamed ? 'yes' : 'NO'}`
		);
		await store.close();
		return {
			passed: passed && streamed,
			attempts: data.attempts,
			events: data.events,
			dashboard,
			items,
			exports
		};
	} finally {
		await vite?.close();
		await rm(root, { recursive: true, force: true });
	}
}
