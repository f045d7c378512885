import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

declare module 'vitest' {
	export interface ProvidedContext {
		/** Which store this test project runs against (vite.config.ts). */
		storeBackend: 'embedded' | 'postgres';
		/** The `postgres` project's database for this run (tests/unit/postgres-setup.ts). */
		postgresUrl: string;
	}
}

export type StoreBackend = 'embedded' | 'postgres';

export function storeBackend(): StoreBackend {
	return inject('storeBackend') ?? 'embedded';
}

/**
 * A URL for a schema of its own in this run's database: each test starts from nothing, and test
 * files running side by side never see each other's rows.
 */
export async function freshDatabaseUrl(): Promise<string> {
	const base = inject('postgresUrl');
	const schema = `t_${randomBytes(6).toString('hex')}`;
	const sql = postgres(base, { max: 1, onnotice: () => {} });
	try {
		await sql.unsafe(`create schema ${schema}`);
	} finally {
		await sql.end({ timeout: 1 });
	}
	const url = new URL(base);
	url.searchParams.set('search_path', schema);
	return url.toString();
}
