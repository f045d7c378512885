import { Low } from 'lowdb';
import { DurableJsonFile } from './durable-file';

/**
 * One JSON file held in memory by one `Low`. Changes are made in memory synchronously (so two
 * requests can never interleave inside one change) and acknowledged once the file is on disk.
 */
export class Document<T> {
	readonly #low: Low<T>;
	readonly #file: DurableJsonFile<T>;
	readonly #empty: () => T;

	constructor(low: Low<T>, file: DurableJsonFile<T>, empty: () => T) {
		this.#low = low;
		this.#file = file;
		this.#empty = empty;
	}

	get file(): string {
		return this.#file.file;
	}

	get data(): T {
		return this.#low.data;
	}

	/**
	 * Runs `change` on the data and resolves with its result once the change is on disk. If
	 * `change` throws, nothing is written; it must then have left the data untouched.
	 */
	async mutate<R>(change: (data: T) => R): Promise<R> {
		const result = change(this.#low.data);
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

/**
 * Exactly one `Document` (one `Low`) per file for the store that owns this registry; the data
 * folder lock makes that store the only one in any process. Files open on first use.
 */
export class DocumentRegistry {
	readonly #open = new Map<string, Promise<Document<unknown>>>();

	get<T>(file: string, kind: DocumentKind<T>): Promise<Document<T>> {
		let doc = this.#open.get(file);
		if (!doc) {
			doc = load(file, kind) as Promise<Document<unknown>>;
			this.#open.set(file, doc);
			// A failed open is not cached: the next call tries again.
			doc.catch(() => this.#open.delete(file));
		}
		return doc as Promise<Document<T>>;
	}

	/** Only for files that were removed from disk (a deleted user's attempts). */
	forget(file: string): void {
		this.#open.delete(file);
	}

	async settled(): Promise<void> {
		const docs = await Promise.allSettled(this.#open.values());
		await Promise.all(docs.map((d) => (d.status === 'fulfilled' ? d.value.settled() : undefined)));
	}

	clear(): void {
		this.#open.clear();
	}
}

async function load<T>(file: string, kind: DocumentKind<T>): Promise<Document<T>> {
	const adapter = new DurableJsonFile(file, kind.check);
	const low = new Low<T>(adapter, kind.empty());
	await low.read();
	return new Document(low, adapter, kind.empty);
}
