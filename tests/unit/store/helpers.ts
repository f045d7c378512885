import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openLowdbStore, type LowdbStoreOptions } from '../../../src/lib/server/store/lowdb/open';
import type { LowdbStore } from '../../../src/lib/server/store/lowdb/lowdb-store';
import { openPostgresStore } from '../../../src/lib/server/store/postgres/postgres-store';
import type { Store } from '../../../src/lib/server/store/types';
import { freshDatabaseUrl, storeBackend } from './backend';

const made: string[] = [];
const opened: Store[] = [];

/** A fresh folder under the OS temp dir, removed after the test. */
export async function tempDataDir(): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-store-'));
	made.push(dir);
	return dir;
}

/** Opens an embedded store that is closed after the test even if the test fails. */
export async function openStore(
	dataDir: string,
	options: Partial<LowdbStoreOptions> = {}
): Promise<LowdbStore> {
	const store = await openLowdbStore({ dataDir, ...options });
	opened.push(store);
	return store;
}

export interface TestStoreOptions {
	clock?: () => Date;
}

/** Where each test store keeps its data, so `reopenTestStore` opens the same again. */
const locations = new WeakMap<Store, { at: string; options: TestStoreOptions }>();

async function openAt(at: string, options: TestStoreOptions): Promise<Store> {
	const store =
		storeBackend() === 'postgres'
			? await openPostgresStore({ url: at, ...options })
			: await openLowdbStore({ dataDir: at, backupOnOpen: false, ...options });
	opened.push(store);
	locations.set(store, { at, options });
	return store;
}

/**
 * A fresh, empty store of the kind this test project runs against (see backend.ts): a temp data
 * folder for the embedded store, a schema of its own for PostgreSQL. Closed after the test.
 */
export async function openTestStore(options: TestStoreOptions = {}): Promise<Store> {
	const at = storeBackend() === 'postgres' ? await freshDatabaseUrl() : await tempDataDir();
	return openAt(at, options);
}

/** Closes a test store and opens its data again, as a restarted process would. */
export async function reopenTestStore(store: Store): Promise<Store> {
	const location = locations.get(store);
	if (!location) throw new Error('not a test store');
	await store.close();
	return openAt(location.at, location.options);
}

afterEach(async () => {
	for (const store of opened.splice(0)) await store.close();
	for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

export async function seedTrainee(store: Store, username = 'trainee') {
	const user = await store.createUser({
		username,
		displayName: username,
		role: 'trainee',
		passwordHash: 'not-a-real-hash'
	});
	const attempt = await store.createAttempt({
		userId: user.id,
		scenarioId: 'coat-still-on',
		scenarioHash: 'abc',
		mode: 'practice'
	});
	return { user, attempt };
}
