import { join } from 'node:path';
import { openLowdbStore } from './lowdb/open';
import { openPostgresStore, PostgresStore } from './postgres/postgres-store';
import { FileScenarioVersionArchive, type ScenarioVersionArchive } from './scenario-versions';
import type { Store } from './types';

export type * from './types';
export * from './errors';
export { isDraftAuthor } from './drafts';

export function dataDir(): string {
	return process.env.DATA_DIR || './data';
}

/** The PostgreSQL connection string when Rapport should use PostgreSQL; otherwise undefined. */
export function databaseUrl(): string | undefined {
	return process.env.DATABASE_URL || undefined;
}

/** Where the store lives: PostgreSQL when `databaseUrl` is set, else the embedded `dataDir`. */
export interface StoreSettings {
	databaseUrl?: string;
	dataDir: string;
}

export function storeSettings(): StoreSettings {
	return { databaseUrl: databaseUrl(), dataDir: dataDir() };
}

/** For messages: where the data is, without a password. */
export function describeStore(settings: StoreSettings): string {
	if (!settings.databaseUrl) return settings.dataDir;
	try {
		const url = new URL(settings.databaseUrl);
		return `PostgreSQL ${url.host}${url.pathname}`;
	} catch {
		return 'PostgreSQL';
	}
}

/**
 * Opens the store the settings choose: PostgreSQL when a database URL is set, otherwise the
 * embedded store in the data folder. The only place that decides; everything else gets a `Store`.
 * `readOnly` and `backupOnOpen` concern the embedded store only.
 */
export function openStore(
	settings: StoreSettings = storeSettings(),
	options: {
		purpose?: string;
		readOnly?: boolean;
		backupOnOpen?: boolean;
		log?: (message: string) => void;
	} = {}
): Promise<Store> {
	if (settings.databaseUrl)
		return openPostgresStore({ url: settings.databaseUrl, log: options.log });
	return openLowdbStore({ dataDir: settings.dataDir, ...options });
}

let opening: Promise<Store> | undefined;

/**
 * The process-wide store, opened on first call (never at import: `vite build` imports server
 * modules, and opening writes a lock and a backup). A failed open is not cached, so the error
 * shows again on the next call instead of a stale rejection.
 */
export function getStore(): Promise<Store> {
	if (!opening) {
		opening = openStore(storeSettings(), { log: (m) => console.log(`[rapport] ${m}`) });
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

let fileArchive: FileScenarioVersionArchive | undefined;

/**
 * Where the scenario versions attempts were played on are kept: in the database with PostgreSQL
 * (so every instance sees them), else in `DATA_DIR/scenario-versions` (without opening the store).
 */
export function scenarioVersions(): ScenarioVersionArchive {
	if (!databaseUrl()) {
		fileArchive ??= new FileScenarioVersionArchive(join(dataDir(), 'scenario-versions'));
		return fileArchive;
	}
	const database = async () => {
		const store = await getStore();
		if (!(store instanceof PostgresStore)) throw new Error('rapport store: not PostgreSQL');
		return store;
	};
	return {
		save: async (version) => (await database()).save(version),
		get: async (hash) => (await database()).get(hash)
	};
}
