import { openLowdbStore } from './lowdb/open';
import { openPostgresStore } from './postgres/postgres-store';
import type { Store } from './types';

export type * from './types';
export * from './errors';

export function dataDir(): string {
	return process.env.DATA_DIR || './data';
}

/** The PostgreSQL connection string when Rapport should use PostgreSQL; otherwise undefined. */
export function databaseUrl(): string | undefined {
	return process.env.DATABASE_URL || undefined;
}

/** Which store the settings choose, for messages (start-up, health, admin). */
export function storeKind(): 'postgres' | 'embedded' {
	return databaseUrl() ? 'postgres' : 'embedded';
}

/**
 * Opens the store the environment chooses: PostgreSQL when `DATABASE_URL` is set, otherwise the
 * embedded store in `DATA_DIR`. The only place that decides; everything else gets a `Store`.
 */
export function openStore(
	options: { purpose?: string; log?: (message: string) => void } = {}
): Promise<Store> {
	const url = databaseUrl();
	if (url) return openPostgresStore({ url, log: options.log });
	return openLowdbStore({ dataDir: dataDir(), purpose: options.purpose, log: options.log });
}

let opening: Promise<Store> | undefined;

/**
 * The process-wide store, opened on first call (never at import: `vite build` imports server
 * modules, and opening writes a lock and a backup). A failed open is not cached, so the error
 * shows again on the next call instead of a stale rejection.
 */
export function getStore(): Promise<Store> {
	if (!opening) {
		opening = openStore({ log: (m) => console.log(`[rapport] ${m}`) });
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
