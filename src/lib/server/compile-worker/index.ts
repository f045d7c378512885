import { Worker } from 'node:worker_threads';
import workerSource from 'virtual:scenario-compile-worker';
import type { CompileResult } from '$lib/scenarios/types';
import type { CompileReply, CompileRequest } from './protocol';

/** A compile that threw inside the worker, took too long, or whose worker died. */
export class CompileWorkerError extends Error {
	override name = 'CompileWorkerError';
}

export interface CompileWorker {
	/** Compiles on the worker thread; the calling thread's event loop stays free meanwhile. */
	compile(source: string | Uint8Array, file: string): Promise<CompileResult>;
	/** Stops the thread; a later `compile` starts a new one. */
	close(): Promise<void>;
}

/**
 * One worker thread that compiles scenario files one at a time, started on first use and unref'd
 * so it never keeps the process alive. A compile that runs past `timeoutMs` (a pathological file;
 * counted from when the thread picks it up) ends the thread and fails; so does everything queued
 * behind it, and the next compile starts a fresh thread.
 */
export function createCompileWorker(options: { timeoutMs?: number } = {}): CompileWorker {
	const timeoutMs = options.timeoutMs ?? 30_000;
	const jobs = new Map<
		number,
		{ resolve: (r: CompileResult) => void; reject: (e: Error) => void; started: number }
	>();
	let worker: Worker | undefined;
	/** Whether `worker` has loaded its code; until then no compile is running, so none is timed. */
	let ready = false;
	let nextId = 1;
	let timer: NodeJS.Timeout | undefined;

	function failAll(error: Error) {
		for (const job of jobs.values()) job.reject(error);
		jobs.clear();
		clearTimeout(timer);
		timer = undefined;
	}

	/** Watches the oldest job: the worker runs jobs in order, so only it can be running. */
	function watch() {
		clearTimeout(timer);
		const oldest = jobs.values().next().value;
		if (!oldest) return;
		const left = Math.max(0, oldest.started + timeoutMs - Date.now());
		timer = setTimeout(() => {
			const stuck = worker;
			worker = undefined;
			failAll(new CompileWorkerError(`the compile took longer than ${timeoutMs} ms`));
			void stuck?.terminate();
		}, left);
		timer.unref();
	}

	function start(): Worker {
		const thread = new Worker(workerSource, { eval: true });
		ready = false;
		thread.unref();
		thread.on('message', (reply: CompileReply | 'ready') => {
			if (worker !== thread) return; // A thread already given up on.
			if (reply === 'ready') {
				// Loading the thread's code is not the compile's time: its clock starts now.
				ready = true;
				const first = jobs.values().next().value;
				if (first) first.started = Date.now();
				watch();
				return;
			}
			const job = jobs.get(reply.id);
			if (!job) return;
			jobs.delete(reply.id);
			// The next job starts now, so its clock starts now too.
			const next = jobs.values().next().value;
			if (next) next.started = Date.now();
			watch();
			if ('error' in reply) job.reject(new CompileWorkerError(reply.error));
			else job.resolve(reply.result);
		});
		thread.on('error', (error) => {
			if (worker === thread) worker = undefined;
			failAll(new CompileWorkerError(`the compile worker failed: ${error.message}`));
		});
		thread.on('exit', (code) => {
			if (worker !== thread) return;
			worker = undefined;
			failAll(new CompileWorkerError(`the compile worker stopped (exit code ${code})`));
		});
		return thread;
	}

	return {
		compile(source, file) {
			worker ??= start();
			const id = nextId++;
			const request: CompileRequest = { id, source, file };
			return new Promise<CompileResult>((resolve, reject) => {
				jobs.set(id, { resolve, reject, started: Date.now() });
				if (jobs.size === 1 && ready) watch();
				worker!.postMessage(request);
			});
		},
		async close() {
			const thread = worker;
			worker = undefined;
			failAll(new CompileWorkerError('the compile worker was closed'));
			await thread?.terminate();
		}
	};
}
