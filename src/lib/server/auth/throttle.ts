import type { Store } from '../store/types';

/**
 * Failed sign-ins per account: after `maxFailures` within `windowMs`, that username is refused
 * until the oldest failure leaves the window. Unknown usernames are counted the same way, so the
 * throttle does not reveal which accounts exist either. The tries are kept in the store, so every
 * app instance sees the same count.
 */
export interface ThrottleVerdict {
	allowed: boolean;
	/** Whole seconds until a new try is allowed (0 when allowed). */
	retryAfter: number;
}

export class SignInThrottle {
	readonly maxFailures: number;
	readonly windowMs: number;
	readonly #store: Pick<Store, 'countSignInTry' | 'clearSignInTries'>;

	constructor(
		store: Pick<Store, 'countSignInTry' | 'clearSignInTries'>,
		options: { maxFailures?: number; windowMs?: number } = {}
	) {
		this.#store = store;
		this.maxFailures = options.maxFailures ?? 5;
		this.windowMs = options.windowMs ?? 15 * 60 * 1000;
	}

	/**
	 * Counts a try as failed before the password is checked, so that many guesses sent at once
	 * cannot all slip in under the limit; `succeeded` takes it back.
	 */
	async begin(key: string, now = Date.now()): Promise<ThrottleVerdict> {
		const since = now - this.windowMs + 1;
		const { counted, recent } = await this.#store.countSignInTry(key, now, since, this.maxFailures);
		if (counted) return { allowed: true, retryAfter: 0 };
		const freeAt = recent[recent.length - this.maxFailures] + this.windowMs;
		return { allowed: false, retryAfter: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
	}

	succeeded(key: string): Promise<void> {
		return this.#store.clearSignInTries(key);
	}
}
