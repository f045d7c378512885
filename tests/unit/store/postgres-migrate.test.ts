import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { StoreVersionError } from '../../../src/lib/server/store/errors';
import { migrate } from '../../../src/lib/server/store/postgres/migrate';
import { SQL_MIGRATIONS } from '../../../src/lib/server/store/postgres/migrations';
import { openPostgresStore } from '../../../src/lib/server/store/postgres/postgres-store';
import { freshDatabaseUrl, storeBackend } from './backend';

async function withSql<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
	const sql = postgres(url, { max: 2, onnotice: () => {} });
	try {
		return await work(sql);
	} finally {
		await sql.end();
	}
}

describe.runIf(storeBackend() === 'postgres')('PostgreSQL schema migrations', () => {
	it('are applied once, in order, even by several instances starting together', async () => {
		const url = await freshDatabaseUrl();
		const stores = await Promise.all(
			Array.from({ length: 4 }, () => openPostgresStore({ url, maxConnections: 2 }))
		);
		await Promise.all(stores.map((s) => s.close()));
		const rows = await withSql(
			url,
			(sql) => sql`select version, name from schema_migrations order by version`
		);
		expect(rows.map((r) => [r.version, r.name])).toEqual(
			SQL_MIGRATIONS.map((m) => [m.version, m.name])
		);
		expect(await withSql(url, (sql) => migrate(sql))).toEqual([]);
	});

	it('roll back whole when one fails, and refuse a database from a newer Rapport', async () => {
		const url = await freshDatabaseUrl();
		await withSql(url, (sql) => migrate(sql));
		const broken = [
			...SQL_MIGRATIONS,
			{ version: 90, name: '090_fine', sql: 'create table fine (id integer)' },
			{ version: 91, name: '091_broken', sql: 'create table broken (id integer); select nonsense' }
		];
		await expect(withSql(url, (sql) => migrate(sql, broken))).rejects.toThrow(/nonsense/);
		const tables = await withSql(
			url,
			(sql) => sql`select count(*)::int as n from pg_tables where tablename in ('fine', 'broken')`
		);
		expect(tables[0].n).toBe(0);

		await withSql(
			url,
			(sql) => sql`insert into schema_migrations (version, name) values (99, 'future')`
		);
		await expect(openPostgresStore({ url })).rejects.toBeInstanceOf(StoreVersionError);
	});
});
