import {
	createTestDatabase,
	postgresRequired,
	postgresUnavailable
} from '../../scripts/test-database.js';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openPostgresStore } from '../../src/lib/server/store/postgres/postgres-store';
import type { AccountInput } from '../../src/lib/server/auth/accounts';
import { test } from './fixtures';

export interface OwnDatabase {
	url: string;
	drop: () => Promise<void>;
}

/**
 * A fresh PostgreSQL database of a spec's own, holding one account, for specs that start servers
 * on it (`@own-store`). Skips the spec when PostgreSQL cannot be reached, unless it is required
 * (CI), where that is an error. Call from `beforeAll`; drop it in `afterAll`.
 */
export async function ownDatabaseWith(account: AccountInput): Promise<OwnDatabase> {
	const unavailable = await postgresUnavailable();
	if (unavailable && !postgresRequired()) test.skip(true, `PostgreSQL: ${unavailable}`);
	if (unavailable) throw new Error(`PostgreSQL is required here, but Rapport ${unavailable}.`);
	const database = await createTestDatabase();
	const store = await openPostgresStore({ url: database.url });
	try {
		await createAccount(store, account);
	} finally {
		await store.close();
	}
	return database;
}
