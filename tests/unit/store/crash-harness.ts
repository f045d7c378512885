import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../../src/lib/server/store';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'store-child.ts');

export interface ChildRun {
	stdout: string;
	stderr: string;
	code: number | null;
	signal: NodeJS.Signals | null;
}

/** Runs the store child to completion (`open` mode) or until `killAfter` says so. */
export function runChild(
	mode: 'open' | 'hold' | 'write',
	dataDir: string,
	options: {
		tag?: string;
		/** Kill this long after spawning, whatever the child is doing. */
		killAtMs?: number;
		/** Asked on each output chunk until it returns a delay: kill that long after. */
		killAfterMs?: (output: string, elapsedMs: number) => number | undefined;
		/** The child's store is this PostgreSQL database instead of `dataDir`. */
		databaseUrl?: string;
	} = {}
): Promise<ChildRun> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', CHILD, mode, dataDir, options.tag ?? 'run'],
			{
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, DATABASE_URL: options.databaseUrl ?? '' }
			}
		);
		const started = Date.now();
		let stdout = '';
		let stderr = '';
		let timer: NodeJS.Timeout | undefined;
		if (options.killAtMs !== undefined) {
			timer = setTimeout(() => child.kill('SIGKILL'), options.killAtMs);
		}
		child.stdout.setEncoding('utf-8').on('data', (chunk: string) => {
			stdout += chunk;
			if (!timer && options.killAfterMs) {
				const delay = options.killAfterMs(stdout, Date.now() - started);
				if (delay !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), delay);
			}
		});
		child.stderr.setEncoding('utf-8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ stdout, stderr, code, signal });
		});
	});
}

/** Starts `hold` mode and resolves once the child has the folder open. */
export function holdInChild(dataDir: string): Promise<{ kill: () => Promise<void>; pid: number }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'hold', dataDir], {
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const exited = new Promise<void>((done) => child.on('close', () => done()));
		child.stdout.setEncoding('utf-8').on('data', (chunk: string) => {
			if (chunk.includes('opened')) {
				resolve({
					pid: child.pid!,
					kill: async () => {
						child.kill('SIGKILL');
						await exited;
					}
				});
			}
			if (chunk.includes('refused')) reject(new Error('hold child was refused'));
		});
		child.on('error', reject);
	});
}

export interface CrashReport {
	kills: number;
	/** Kills that landed after the child had started writing events. */
	killsWhileWriting: number;
	acked: number;
	missing: string[];
	/** Reopen failures, with their messages. */
	failedOpens: string[];
	/** Attempts whose events are not numbered 1..n without gaps. */
	badSequences: string[];
}

/**
 * Kills a writing child with SIGKILL at random moments, `kills` times, and after each kill
 * reopens the store in this process: it must open, and every event the child acknowledged must
 * be there. The store is the data folder, or the PostgreSQL database `databaseUrl` names.
 */
export async function crashTrials(
	dataDir: string,
	kills: number,
	random: () => number = Math.random,
	databaseUrl?: string
): Promise<CrashReport> {
	const report: CrashReport = {
		kills: 0,
		killsWhileWriting: 0,
		acked: 0,
		missing: [],
		failedOpens: [],
		badSequences: []
	};
	for (let round = 0; round < kills; round++) {
		// Most kills land mid-write; some land during start (lock, check, backup, first writes).
		const early = random() < 0.2;
		const run = await runChild('write', dataDir, {
			tag: `r${round}`,
			killAtMs: early ? 400 + Math.floor(random() * 400) : undefined,
			// Timed from the first acknowledged write, not from `ready`: on a loaded machine the first
			// write can take longer than the whole window, and a kill before it proves nothing more
			// than the early kills do.
			killAfterMs: (out) => (/^ack /m.test(out) ? Math.floor(random() * 250) : undefined),
			databaseUrl
		});
		if (run.signal !== 'SIGKILL') {
			throw new Error(`crash child ended by itself (code ${run.code}): ${run.stderr}`);
		}
		report.kills++;
		const acks = run.stdout
			.split('\n')
			.filter((l) => l.startsWith('ack '))
			.map((l) => l.split(' ').slice(1) as [string, string]);
		if (acks.length > 0) report.killsWhileWriting++;
		report.acked += acks.length;

		let store;
		try {
			store = await openStore({ dataDir, databaseUrl }, { purpose: 'crash check' });
		} catch (e) {
			report.failedOpens.push((e as Error).message);
			break;
		}
		try {
			const byAttempt = new Map<string, Set<string>>();
			for (const [attemptId, id] of acks) {
				if (!byAttempt.has(attemptId)) {
					const events = await store.listEvents(attemptId);
					byAttempt.set(attemptId, new Set(events.map((e) => e.id)));
					if (!events.every((e, i) => e.seq === i + 1)) report.badSequences.push(attemptId);
				}
				if (!byAttempt.get(attemptId)!.has(id)) report.missing.push(id);
			}
		} finally {
			await store.close();
		}
	}
	return report;
}
