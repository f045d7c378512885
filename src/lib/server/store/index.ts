import { openLowdbStore } from './lowdb/open';
import type { Store } from './types';

export type * from './types';
export * from './errors';

export function dataDir(): string {
	return process.env.DATA_DIR || './data';
}

let opening: Promise<Store> | undefined;

/**
 * The process-wide store, opened on first call (never at import: `vite build` imports server
 * modules, and opening writes a lock and a backup). A failed open is not cached, so the error
 * shows again on the next call instead of a stale rejection.
 */
export function getStore(): Promise<Store> {
	if (!opening) {
		opening = openLowdbStore({ dataDir: dataDir(), log: (m) => console.log(`[rapport] ${m}`) });
		opening.catch(() => {
			opening = undefined;
		});
	}
	return opening;
}

/** Closes the process-wide store (tests, graceful shutdown). */
export async function closeStore(): Promise<void> {
	const current = opening;
	opening = undefined;
	if (current) await (await current).close();
}
