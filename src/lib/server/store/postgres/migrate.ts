import type postgres from 'postgres';
import { StoreVersionError } from '../errors';
import { SQL_MIGRATIONS, type SqlMigration } from './migrations';

/** The advisory lock every instance takes while it checks and applies migrations. */
const MIGRATION_LOCK = 0x5241_5050_4f52_54n;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order, in one transaction
 * under a transaction-level advisory lock: two instances starting together take turns, and the
 * second finds everything applied. A failed migration rolls back whole. Returns the names applied.
 */
export async function migrate(
	sql: postgres.Sql,
	migrations: readonly SqlMigration[] = SQL_MIGRATIONS
): Promise<string[]> {
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${String(MIGRATION_LOCK)}::bigint)`;
		await tx`create table if not exists schema_migrations (
			version integer primary key,
			name text not null,
			applied_at timestamptz not null default now()
		)`;
		const done = new Set(
			(await tx`select version from schema_migrations`).map((r) => Number(r.version))
		);
		const newest = Math.max(0, ...done);
		const known = Math.max(0, ...migrations.map((m) => m.version));
		if (newest > known) {
			throw new StoreVersionError(
				`The database has schema version ${newest}, and this Rapport knows up to ${known}. ` +
					'Run the newer Rapport that migrated it.'
			);
		}
		const applied: string[] = [];
		for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
			if (done.has(m.version)) continue;
			await tx.unsafe(m.sql);
			await tx`insert into schema_migrations (version, name) values (${m.version}, ${m.name})`;
			applied.push(m.name);
		}
		return applied;
	});
}
