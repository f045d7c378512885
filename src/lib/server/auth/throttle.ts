/**
 * Failed sign-ins per account, in memory: after `maxFailures` within `windowMs`, that username is
 * refused until the oldest failure leaves the window. Unknown usernames are counted the same way,
 * so the throttle does not reveal which accounts exist either.
 */
export interface ThrottleVerdict {
	allowed: boolean;
	/** Whole seconds until a new try is allowed (0 when allowed). */
	retryAfter: number;
}

export class SignInThrottle {
	readonly maxFailures: number;
	readonly windowMs: number;
	readonly #maxKeys: number;
	readonly #failures = new Map<string, number[]>();

	constructor(options: { maxFailures?: number; windowMs?: number; maxKeys?: number } = {}) {
		this.maxFailures = options.maxFailures ?? 5;
		this.windowMs = options.windowMs ?? 15 * 60 * 1000;
		this.#maxKeys = options.maxKeys ?? 10_000;
	}

	#recent(key: string, now: number): number[] {
		const times = (this.#failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
		if (times.length > 0) this.#failures.set(key, times);
		else this.#failures.delete(key);
		return times;
	}

	check(key: string, now = Date.now()): ThrottleVerdict {
		const times = this.#recent(key, now);
		if (times.length < this.maxFailures) return { allowed: true, retryAfter: 0 };
		const freeAt = times[times.length - this.maxFailures] + this.windowMs;
		return { allowed: false, retryAfter: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
	}

	/**
	 * Counts a try as failed before the password is checked, so that many guesses sent at once
	 * cannot all slip in under the limit; `succeeded` takes it back.
	 */
	begin(key: string, now = Date.now()): ThrottleVerdict {
		const verdict = this.check(key, now);
		if (verdict.allowed) {
			this.#failures.set(key, [...(this.#failures.get(key) ?? []), now]);
			this.#bound(now);
		}
		return verdict;
	}

	succeeded(key: string): void {
		this.#failures.delete(key);
	}

	#bound(now: number): void {
		if (this.#failures.size <= this.#maxKeys) return;
		for (const key of [...this.#failures.keys()]) this.#recent(key, now);
		// Still too many (a flood of made-up usernames): forget the oldest entries first.
		for (const key of this.#failures.keys()) {
			if (this.#failures.size <= this.#maxKeys) break;
			this.#failures.delete(key);
		}
	}

	get size(): number {
		return this.#failures.size;
	}
}
