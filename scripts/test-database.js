// The PostgreSQL the test suite runs the store tests against. Shared by vitest.config.ts (which
// adds the `postgres` test project only when the server answers) and scripts/test.js (which says
// in its summary when that suite was skipped, and why).
//
// RAPPORT_TEST_DATABASE_URL names a database the tests may connect to and create databases from
// (default: postgres://postgres@127.0.0.1:5432/test). Each run creates its own database,
// rapport_test_<random>, and drops it afterwards. In CI (CI=true) or with
// RAPPORT_REQUIRE_POSTGRES=1, an unreachable server fails the run instead of skipping.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function testDatabaseUrl() {
	return process.env.RAPPORT_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

export function postgresRequired() {
	return process.env.RAPPORT_REQUIRE_POSTGRES === '1' || process.env.CI === 'true';
}

/** The URL without its password, for messages. */
export function shownUrl(url = testDatabaseUrl()) {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '(an unparsable RAPPORT_TEST_DATABASE_URL)';
	}
}

/**
 * Undefined when the test server answers; otherwise why the PostgreSQL suite cannot run.
 * @returns {Promise<string | undefined>}
 */
export async function postgresUnavailable() {
	const sql = postgres(testDatabaseUrl(), { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await sql`select 1`;
		return undefined;
	} catch (e) {
		const error = /** @type {Error & { code?: string }} */ (e);
		return `cannot reach PostgreSQL at ${shownUrl()} (${error.code ?? error.message})`;
	} finally {
		await sql.end({ timeout: 1 }).catch(() => {});
	}
}

/** @param {string} url @param {string} database */
function withDatabase(url, database) {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

/**
 * Creates a fresh database for one run; returns its URL and a function that drops it.
 * @returns {Promise<{ url: string, drop: () => Promise<void> }>}
 */
export async function createTestDatabase() {
	const name = `rapport_test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
	try {
		await admin.unsafe(`create database ${name}`);
	} finally {
		await admin.end({ timeout: 1 });
	}
	return {
		url: withDatabase(testDatabaseUrl(), name),
		async drop() {
			const sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {} });
			try {
				await sql.unsafe(`drop database if exists ${name} with (force)`);
			} finally {
				await sql.end({ timeout: 1 });
			}
		}
	};
}
