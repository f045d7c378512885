import type { SignInTries } from '../types';

/**
 * Sign-in tries per username for the embedded store, in memory: one process owns the data folder,
 * so every sign-in passes through here, and a restart forgetting them only shortens a lockout.
 * At most `maxKeys` usernames are kept, so a flood of made-up usernames cannot grow it forever.
 */
export class MemorySignInTries {
	readonly #maxKeys: number;
	readonly #tries = new Map<string, number[]>();

	constructor(maxKeys = 10_000) {
		this.#maxKeys = maxKeys;
	}

	#recent(key: string, since: number): number[] {
		const times = (this.#tries.get(key) ?? []).filter((t) => t >= since);
		if (times.length > 0) this.#tries.set(key, times);
		else this.#tries.delete(key);
		return times;
	}

	count(key: string, at: number, since: number, max: number): SignInTries {
		const recent = this.#recent(key, since);
		if (recent.length >= max) return { counted: false, recent };
		this.#tries.set(key, [...recent, at]);
		this.#bound(since);
		return { counted: true, recent };
	}

	clear(key: string): void {
		this.#tries.delete(key);
	}

	#bound(since: number): void {
		if (this.#tries.size <= this.#maxKeys) return;
		for (const key of [...this.#tries.keys()]) this.#recent(key, since);
		// Still too many: forget the oldest entries first.
		for (const key of this.#tries.keys()) {
			if (this.#tries.size <= this.#maxKeys) break;
			this.#tries.delete(key);
		}
	}

	get size(): number {
		return this.#tries.size;
	}
}
