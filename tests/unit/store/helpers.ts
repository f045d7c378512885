import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openLowdbStore, type LowdbStoreOptions } from '../../../src/lib/server/store/lowdb/open';
import type { LowdbStore } from '../../../src/lib/server/store/lowdb/lowdb-store';

const made: string[] = [];
const opened: LowdbStore[] = [];

/** A fresh folder under the OS temp dir, removed after the test. */
export async function tempDataDir(): Promise<string> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'rapport-store-'));
	made.push(dir);
	return dir;
}

/** Opens a store that is closed after the test even if the test fails. */
export async function openStore(
	dataDir: string,
	options: Partial<LowdbStoreOptions> = {}
): Promise<LowdbStore> {
	const store = await openLowdbStore({ dataDir, ...options });
	opened.push(store);
	return store;
}

afterEach(async () => {
	for (const store of opened.splice(0)) await store.close();
	for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

export async function seedTrainee(store: LowdbStore, username = 'trainee') {
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
