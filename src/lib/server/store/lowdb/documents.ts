import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file';

/**
 * One JSON file held in memory by one `Low`. Changes are made in memory synchronously (so two
 * requests can never interleave inside one change) and acknowledged once the file is on disk.
 *
 * The data may be released from memory while no write is pending (`release`); the next use reads
 * the file again. The `Document` itself stays the one object for its file, so a caller holding it
 * across an await never works on a stale copy.
 */
export class Document<T> {
	readonly #low: Low<T>;
	readonly #file: DurableJsonFile<T>;
	readonly #empty: () => T;
	/** Called when the data comes back into memory (the registry counts it again). */
	readonly #onReload: (doc: Document<T>) => void;
	#released = false;
	/** Counts loads and releases, so that a slow reload cannot bring back data older than now. */
	#generation = 0;

	constructor(
		low: Low<T>,
		file: DurableJsonFile<T>,
		empty: () => T,
		onReload: (doc: Document<T>) => void = () => {}
	) {
		this.#low = low;
		this.#file = file;
		this.#empty = empty;
		this.#onReload = onReload;
	}

	get file(): string {
		return this.#file.file;
	}

	get data(): T {
		// Normally `DocumentRegistry.get` has reloaded it already; this covers a caller that kept
		// the document across an await during which it was released.
		if (this.#released) this.#loaded(this.#file.readSync());
		return this.#low.data;
	}

	/** False while the data is released from memory. */
	get inMemory(): boolean {
		return !this.#released;
	}

	/**
	 * Drops the data from memory, unless a write is queued or running (it holds the change that
	 * is not on disk yet). Returns whether it was released.
	 */
	release(): boolean {
		if (this.#released || this.#file.busy) return false;
		this.#low.data = null as T;
		this.#released = true;
		this.#generation++;
		return true;
	}

	/** Reads the file again if the data was released. */
	async reload(): Promise<void> {
		if (!this.#released) return;
		const generation = this.#generation;
		const data = await this.#file.read();
		// Meanwhile the data may have been read synchronously (`data`), changed, written and
		// released again: what this read found is then out of date, and `data` reads it anew.
		if (this.#released && this.#generation === generation) this.#loaded(data);
	}

	#loaded(data: T | null): void {
		this.#low.data = data ?? this.#empty();
		this.#released = false;
		this.#generation++;
		this.#onReload(this);
	}

	/**
	 * Runs `change` on the data and resolves with its result once the change is on disk. If
	 * `change` throws, nothing is written; it must then have left the data untouched.
	 */
	async mutate<R>(change: (data: T) => R): Promise<R> {
		const result = change(this.data);
		try {
			await this.#low.write();
		} catch (e) {
			this.#recover();
			throw e;
		}
		return result;
	}

	/** Resolves once every write asked for so far has finished. */
	settled(): Promise<void> {
		return this.#file.settled();
	}

	#recover(): void {
		// A later write is queued or running: it carries this change too, so memory stays as is.
		// Otherwise memory goes back to what is on disk, so a failed change does not linger.
		if (this.#file.busy) return;
		this.#low.data = this.#file.readSync() ?? this.#empty();
	}
}

export interface DocumentKind<T> {
	/** Checks (and may upgrade) parsed JSON; throws with a reason when it is not a T. */
	check(data: unknown): T;
	empty(): T;
}

/** How many files' data the embedded store keeps in memory at most (besides pending writes). */
export const DEFAULT_FILES_IN_MEMORY = 1000;

/**
 * Exactly one `Document` (one `Low`) per file for the store that owns this registry; the data
 * folder lock makes that store the only one in any process. Files open on first use.
 *
 * Memory stays bounded however many trainees' files have been opened: past `filesInMemory`, the
 * data of the least recently used files is released (and read again when next used).
 */
export class DocumentRegistry {
	readonly #open = new Map<string, Promise<Document<unknown>>>();
	/** The documents whose data is in memory, least recently used first (Maps keep order). */
	readonly #recent = new Map<string, Document<unknown>>();
	/** Each open file's document, once loaded. */
	readonly #loaded = new Map<string, Document<unknown>>();
	readonly #filesInMemory: number;

	constructor({ filesInMemory = DEFAULT_FILES_IN_MEMORY }: { filesInMemory?: number } = {}) {
		this.#filesInMemory = Math.max(1, filesInMemory);
	}

	async get<T>(file: string, kind: DocumentKind<T>): Promise<Document<T>> {
		let opening = this.#open.get(file);
		if (!opening) {
			// Read back synchronously, inside a caller's change: counted, but nothing is released
			// here, since the change may be using another document that is not yet being written.
			const touch = (doc: Document<T>) => this.#touch(file, doc as Document<unknown>, false);
			opening = load(file, kind, touch) as Promise<Document<unknown>>;
			this.#open.set(file, opening);
			// A failed open is not cached: the next call tries again.
			opening.catch(() => this.#open.delete(file));
		}
		const doc = await opening;
		if (this.#open.get(file) === opening) this.#loaded.set(file, doc);
		await doc.reload();
		this.#touch(file, doc, true);
		return doc as Document<T>;
	}

	/** How many documents hold their data in memory. */
	get inMemory(): number {
		return this.#recent.size;
	}

	/** Marks the document most recently used; `trim`: then releases the least recent over the limit. */
	#touch(file: string, doc: Document<unknown>, trim: boolean): void {
		// A forgotten file (removed from disk) is not counted again.
		if (this.#loaded.get(file) !== doc || !doc.inMemory) return;
		this.#recent.delete(file);
		this.#recent.set(file, doc);
		if (!trim) return;
		let excess = this.#recent.size - this.#filesInMemory;
		for (const [name, old] of this.#recent) {
			if (excess <= 0) return;
			// A document with a write pending stays for now; a later call releases it.
			if (old.release()) {
				this.#recent.delete(name);
				excess--;
			}
		}
	}

	/** Only for files that were removed from disk (a deleted user's attempts). */
	forget(file: string): void {
		this.#open.delete(file);
		this.#loaded.delete(file);
		this.#recent.delete(file);
	}

	async settled(): Promise<void> {
		const docs = await Promise.allSettled(this.#open.values());
		await Promise.all(docs.map((d) => (d.status === 'fulfilled' ? d.value.settled() : undefined)));
	}

	clear(): void {
		this.#open.clear();
		this.#loaded.clear();
		this.#recent.clear();
	}
}

async function load<T>(
	file: string,
	kind: DocumentKind<T>,
	onReload: (doc: Document<T>) => void
): Promise<Document<T>> {
	const adapter = new DurableJsonFile(file, kind.check);
	const low = new Low<T>(adapter, kind.empty());
	await low.read();
	return new Document(low, adapter, kind.empty, onReload);
}
