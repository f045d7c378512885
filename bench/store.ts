/**
 * The store's budget (issue 3): record-a-choice latency p50/p95 and the largest event-loop stall
 * with 1,000 trainees holding 100,000 choice events, and again with 10,000. Targets: p95 under
 * 20 ms, stall under 20 ms, the two sizes within 2x of each other. Then the crash run: the child
 * writer SIGKILLed `kills` times (100 by default), every acknowledged write checked after each.
 *
 *   npm run bench -- store
 *   RAPPORT_BENCH_KILLS=20 npm run bench -- store     (a quicker crash run)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openLowdbStore } from '../src/lib/server/store/lowdb/open';
import { SCHEMA_VERSION } from '../src/lib/server/store/lowdb/migrations';
import {
	attemptsFile,
	eventsFile,
	FIXED_FILES,
	listDataFiles,
	SHARD_DIRS,
	type AttemptsDoc,
	type EventsDoc,
	type UsersDoc
} from '../src/lib/server/store/lowdb/layout';
import type { Attempt, AttemptEvent, User } from '../src/lib/server/store/types';
import { crashTrials } from '../tests/unit/store/crash-harness';
import { percentile } from './stats';

export interface StoreBenchOptions {
	trainees?: number;
	sizes?: number[];
	/** Choices recorded and timed per size. */
	records?: number;
	/** Requests in flight at once while timing (a busy cohort, not one trainee). */
	concurrency?: number;
	kills?: number;
}

export interface SizeResult {
	/** Choice events stored: the size asked for, in whole attempts of 10 per trainee. */
	events: number;
	openMs: number;
	p50: number;
	p95: number;
	max: number;
	/** With `concurrency` records in flight. */
	busyP50: number;
	busyP95: number;
	busyPerSecond: number;
	/** Longest the event loop was blocked by this process's own work. */
	stallMs: number;
	/** Longest a 5 ms timer fired late, whatever the cause. */
	wallStallMs: number;
	/** The same, in an idle process running alongside. */
	machineStallMs: number;
	/** Heap grown while every trainee's file was in memory. */
	heapMb: number;
	bytesOnDisk: number;
}

const TARGET_P95_MS = 20;
const TARGET_STALL_MS = 20;

/**
 * Writes a data folder as the store would have after months of use: `trainees` users whose
 * finished attempts hold `events` choice events in all, 10 to an attempt (a scenario's length),
 * plus one active attempt each to record into. More stored events means more attempts, as in
 * real use. Written directly (not through the store) so 100,000 events take seconds to make.
 */
export async function makeDataFolder(dir: string, trainees: number, events: number) {
	for (const sub of SHARD_DIRS) await mkdir(path.join(dir, sub), { recursive: true });
	const users: User[] = [];
	const active: string[] = [];
	const perAttempt = 10;
	const finished = Math.max(1, Math.round(events / trainees / perAttempt));
	const at = new Date('2025-01-01T00:00:00Z').toISOString();
	const scenarios = ['coat-still-on', 'camera-off', 'the-waiting-list'];
	for (let t = 0; t < trainees; t++) {
		const id = `bench${String(t).padStart(6, '0')}`;
		users.push({
			id,
			username: `trainee-${t}`,
			displayName: `Trainee ${t}`,
			role: 'trainee',
			passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$bench',
			createdAt: at,
			pseudonym: `p-${id}`
		});
		const attempts: Attempt[] = [];
		for (let a = 0; a <= finished; a++) {
			const done = a < finished;
			const attempt: Attempt = {
				id: `${id}a${a}`,
				userId: id,
				scenarioId: scenarios[a % scenarios.length],
				scenarioHash: 'f'.repeat(64),
				mode: 'practice',
				status: done ? 'completed' : 'active',
				startedAt: at,
				...(done
					? { completedAt: at, result: { total: 70 + (a % 30), principles: { 'safe-space': 3 } } }
					: {})
			};
			attempts.push(attempt);
			if (!done) {
				active.push(attempt.id);
				continue;
			}
			const list: AttemptEvent[] = Array.from({ length: perAttempt }, (_, e) => ({
				id: randomUUID(),
				attemptId: attempt.id,
				seq: e + 1,
				type: 'choice',
				choiceId: `beat-${e + 1}.choice-${e % 4}`,
				at
			}));
			await writeFile(
				path.join(dir, eventsFile(attempt.id)),
				JSON.stringify({
					schemaVersion: SCHEMA_VERSION,
					attemptId: attempt.id,
					userId: id,
					events: list
				} satisfies EventsDoc)
			);
		}
		await writeFile(
			path.join(dir, attemptsFile(id)),
			JSON.stringify({ schemaVersion: SCHEMA_VERSION, userId: id, attempts } satisfies AttemptsDoc)
		);
	}
	await writeFile(
		path.join(dir, FIXED_FILES.users),
		JSON.stringify({ schemaVersion: SCHEMA_VERSION, users } satisfies UsersDoc)
	);
	return { active, stored: trainees * finished * perAttempt };
}

async function folderBytes(dir: string): Promise<number> {
	let total = 0;
	for (const { file } of await listDataFiles(dir)) total += (await stat(path.join(dir, file))).size;
	return total;
}

/**
 * Watches the event loop with a 5 ms timer. `wall` is the longest the timer fired late. On a
 * shared machine that includes time this process simply was not scheduled, so `own` counts only
 * the part of each gap this process spent on the CPU: that is what our code blocked.
 */
function stallProbe() {
	let wall = 0;
	let own = 0;
	let last = performance.now();
	let cpu = process.cpuUsage();
	const timer = setInterval(() => {
		const now = performance.now();
		const used = process.cpuUsage(cpu);
		const gap = now - last - 5;
		wall = Math.max(wall, gap);
		own = Math.max(own, Math.min(gap, (used.user + used.system) / 1000));
		last = now;
		cpu = process.cpuUsage();
	}, 5);
	const loop = monitorEventLoopDelay({ resolution: 1 });
	loop.enable();
	return {
		stop() {
			clearInterval(timer);
			loop.disable();
			return { wall: Math.max(wall, loop.max / 1e6), own };
		}
	};
}

/** The same probe in an idle process alongside: how late timers fire on this machine anyway. */
function idleBaseline() {
	const child = spawn(
		process.execPath,
		[
			'-e',
			`let m=0,l=performance.now();setInterval(()=>{const n=performance.now();m=Math.max(m,n-l-5);l=n},5);process.on('SIGTERM',()=>{console.log(m);process.exit(0)})`
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] }
	);
	let out = '';
	child.stdout.on('data', (c) => (out += c));
	const done = new Promise<number>((resolve) => child.on('close', () => resolve(Number(out) || 0)));
	return {
		stop() {
			child.kill('SIGTERM');
			return done;
		}
	};
}

async function measureSize(
	trainees: number,
	events: number,
	records: number,
	concurrency: number
): Promise<SizeResult> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-store-'));
	try {
		const { active, stored } = await makeDataFolder(dir, trainees, events);
		const bytesOnDisk = await folderBytes(dir);

		const heapBefore = process.memoryUsage().heapUsed;
		const openStart = performance.now();
		const store = await openLowdbStore({ dataDir: dir, purpose: 'bench' });
		const openMs = performance.now() - openStart;

		let next = 0;
		const record = async (i: number) => {
			// Spread over every trainee, so most records touch a shard not yet in memory.
			const attemptId = active[(i * 7919) % active.length];
			const t = performance.now();
			await store.recordEvent(attemptId, {
				id: randomUUID(),
				type: 'choice',
				choiceId: 'opening.a',
				at: new Date().toISOString()
			});
			return performance.now() - t;
		};
		const baseline = idleBaseline();
		const probe = stallProbe();
		// One trainee's click at a time: the latency of recording a choice.
		const single: number[] = [];
		for (let i = 0; i < records; i++) single.push(await record(next++));
		// Then many at once, as a cohort in a class would: throughput and queueing.
		const busy: number[] = [];
		const lane = async () => {
			for (let i = 0; i < records / concurrency; i++) busy.push(await record(next++));
		};
		const busyStart = performance.now();
		await Promise.all(Array.from({ length: concurrency }, lane));
		const busySeconds = (performance.now() - busyStart) / 1000;
		const stall = probe.stop();
		const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
		const machineStall = await baseline.stop();
		await store.close();

		single.sort((a, b) => a - b);
		busy.sort((a, b) => a - b);
		return {
			events: stored,
			openMs,
			p50: percentile(single, 50),
			p95: percentile(single, 95),
			max: single[single.length - 1],
			busyP50: percentile(busy, 50),
			busyP95: percentile(busy, 95),
			busyPerSecond: busy.length / busySeconds,
			stallMs: stall.own,
			wallStallMs: stall.wall,
			machineStallMs: machineStall,
			heapMb,
			bytesOnDisk
		};
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

export async function benchStore(options: StoreBenchOptions = {}) {
	const trainees = options.trainees ?? 1000;
	const sizes = options.sizes ?? [100_000, 10_000];
	const records = options.records ?? 1000;
	const concurrency = options.concurrency ?? 8;
	const kills = options.kills ?? Number(process.env.RAPPORT_BENCH_KILLS ?? 100);

	console.log(
		`Record a choice, ${trainees} trainees: ${records} records one at a time, then ${records} ` +
			`with ${concurrency} in flight.`
	);
	const results: SizeResult[] = [];
	for (const events of sizes) {
		const r = await measureSize(trainees, events, records, concurrency);
		results.push(r);
		console.log(
			`  ${String(r.events).padStart(7)} stored events (${(r.bytesOnDisk / 1e6).toFixed(1)} MB): ` +
				`p50 ${ms(r.p50)}, p95 ${ms(r.p95)}, max ${ms(r.max)}; largest stall ${ms(r.stallMs)}`
		);
		console.log(
			`          ${concurrency} in flight: p50 ${ms(r.busyP50)}, p95 ${ms(r.busyP95)}, ` +
				`${r.busyPerSecond.toFixed(0)} records/s; open (check; the backup follows) ${ms(r.openMs)}; ` +
				`heap +${r.heapMb.toFixed(0)} MB`
		);
		console.log(
			`          timer lateness: ${ms(r.wallStallMs)} here, ${ms(r.machineStallMs)} in an idle ` +
				`process alongside (machine load: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`
		);
	}

	const worstP95 = Math.max(...results.map((r) => r.p95));
	const worstStall = Math.max(...results.map((r) => r.stallMs));
	const p95s = results.map((r) => r.p95);
	const ratio = Math.max(...p95s) / Math.max(0.001, Math.min(...p95s));
	const checks = [
		{ name: `p95 < ${TARGET_P95_MS} ms`, ok: worstP95 < TARGET_P95_MS, got: ms(worstP95) },
		{
			name: `stall < ${TARGET_STALL_MS} ms`,
			ok: worstStall < TARGET_STALL_MS,
			got: ms(worstStall)
		},
		{ name: 'sizes within 2x (p95)', ok: ratio <= 2, got: `${ratio.toFixed(2)}x` }
	];

	let crash: Awaited<ReturnType<typeof crashTrials>> | undefined;
	if (kills > 0) {
		const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-bench-crash-'));
		const started = performance.now();
		try {
			crash = await crashTrials(dir, kills);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
		const seconds = ((performance.now() - started) / 1000).toFixed(0);
		console.log(
			`Crash run: ${crash.kills} SIGKILLs (${crash.killsWhileWriting} mid-write) in ${seconds} s, ` +
				`${crash.acked} acknowledged writes, ${crash.missing.length} missing, ` +
				`${crash.failedOpens.length} failed reopens, ${crash.badSequences.length} broken sequences.`
		);
		checks.push({
			name: 'crash run: always reopens, no acknowledged write lost',
			ok:
				crash.kills === kills &&
				crash.missing.length === 0 &&
				crash.failedOpens.length === 0 &&
				crash.badSequences.length === 0,
			got: `${crash.missing.length} lost`
		});
	}

	for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.got}`);
	return { passed: checks.every((c) => c.ok), sizes: results, crash };
}
