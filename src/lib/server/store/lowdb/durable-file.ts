import { readFileSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';

/** A data file that exists but cannot be read as what it should hold. */
export class UnreadableFileError extends Error {
	readonly file: string;
	constructor(file: string, reason: string) {
		super(`${file}: ${reason}`);
		this.name = 'UnreadableFileError';
		this.file = file;
	}
}

async function fsyncDirectory(dir: string): Promise<void> {
	const handle = await open(dir, 'r');
	try {
		await handle.sync();
	} finally {
		await handle.close();
	}
}

/** Per directory: the sync running now, and the one queued behind it that later callers join. */
const directorySyncs = new Map<string, { running?: Promise<void>; queued?: Promise<void> }>();

/**
 * Flushes a directory's entries (renames, new files) to disk. Concurrent callers share syncs:
 * one that asks while a sync runs joins the next one, which starts after it and so covers its
 * rename. Many trainees recording at once then cost a few directory syncs, not one each.
 */
export function syncDirectory(dir: string): Promise<void> {
	let state = directorySyncs.get(dir);
	if (!state) directorySyncs.set(dir, (state = {}));
	const slot = state;
	if (slot.queued) return slot.queued;
	const start = (): Promise<void> => {
		const run = fsyncDirectory(dir).finally(() => {
			if (slot.running === run) slot.running = undefined;
			if (!slot.running && !slot.queued) directorySyncs.delete(dir);
		});
		slot.running = run;
		return run;
	};
	if (!slot.running) return start();
	const queued = slot.running
		.catch(() => {})
		.then(() => {
			slot.queued = undefined;
			return start();
		});
	slot.queued = queued;
	return queued;
}

export async function readJsonFile(file: string): Promise<unknown | null> {
	let text: string;
	try {
		text = await readFile(file, 'utf-8');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
	return parseJson(file, text);
}

function readJsonFileSync(file: string): unknown | null {
	let text: string;
	try {
		text = readFileSync(file, 'utf-8');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw e;
	}
	return parseJson(file, text);
}

export function parseJson(file: string, text: string): unknown {
	try {
		return JSON.parse(text);
	} catch (e) {
		const reason = text.trim() === '' ? 'the file is empty' : (e as Error).message;
		throw new UnreadableFileError(file, `not valid JSON (${reason})`);
	}
}

/** Writes `text` so that after the promise resolves it survives a crash or power cut. */
export async function writeFileDurably(file: string, text: string): Promise<void> {
	const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
	// The whole new version goes to a temp file and is flushed before it replaces the old one,
	// so a crash leaves either the old file or the new one, never half of either.
	await writeFile(temp, text, { flush: true });
	await rename(temp, file);
	await syncDirectory(path.dirname(file));
}

/**
 * A lowdb adapter for one JSON file that acknowledges a write only once it is on disk.
 *
 * Writes are serialised, and writes asked for while one is running are merged into the next one:
 * `Low` hands over the same (mutated) data object each time, so the merged write carries every
 * change made before it started. A thousand concurrent updates cost a handful of fsyncs, not a
 * thousand.
 */
export class DurableJsonFile<T> implements Adapter<T> {
	readonly file: string;
	readonly #check: (data: unknown) => T;
	#data: T | undefined;
	/** The write that has not started yet; joining it is enough to be included. */
	#queued: Promise<void> | null = null;
	#tail: Promise<void> = Promise.resolve();
	#outstanding = 0;

	constructor(file: string, check: (data: unknown) => T) {
		this.file = file;
		this.#check = check;
	}

	async read(): Promise<T | null> {
		return this.#checked(await readJsonFile(this.file));
	}

	/** For recovering after a failed write, where nothing may run in between. */
	readSync(): T | null {
		return this.#checked(readJsonFileSync(this.file));
	}

	#checked(data: unknown): T | null {
		if (data === null) return null;
		try {
			return this.#check(data);
		} catch (e) {
			throw new UnreadableFileError(this.file, (e as Error).message);
		}
	}

	write(data: T): Promise<void> {
		this.#data = data;
		if (this.#queued) return this.#queued;
		this.#outstanding++;
		const next = this.#tail
			.catch(() => {})
			.then(() => {
				// From here on, later changes need a later write: this one has taken its snapshot.
				this.#queued = null;
				return writeFileDurably(this.file, JSON.stringify(this.#data));
			})
			.finally(() => {
				// Written and nothing queued: let go of the data, so that a document released from
				// memory (DocumentRegistry) is not kept alive here.
				if (--this.#outstanding === 0) this.#data = undefined;
			});
		this.#queued = next;
		this.#tail = next;
		return next;
	}

	/** True while a write is queued or running. */
	get busy(): boolean {
		return this.#outstanding > 0;
	}

	/** Resolves when every write asked for so far has finished (successfully or not). */
	settled(): Promise<void> {
		return this.#tail.catch(() => {});
	}
}
