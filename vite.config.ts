import { sveltekit } from '@sveltejs/kit/vite';
import {
	defineConfig,
	type TestProjectInlineConfiguration,
	type ViteUserConfig
} from 'vitest/config';
import { bundledWorker } from './scripts/bundled-worker-plugin.js';

/**
 * Test files that use a store. They run twice: in the `embedded` project against the lowdb store
 * and in the `postgres` project against PostgreSQL (tests/unit/store/backend.ts picks the store
 * from the project), each PostgreSQL run in a database of its own that is dropped afterwards.
 * Tests that read the embedded store's files (roster, erasure, lifecycle, lock, admin) run
 * in the embedded project only.
 */
const STORE_TESTS = [
	'src/lib/server/auth/auth.test.ts',
	'tests/unit/store/store.test.ts',
	'tests/unit/store/drill-cards.test.ts',
	'tests/unit/store/prediction.test.ts',
	'tests/unit/store/own-words.test.ts',
	'tests/unit/store/drafts.test.ts',
	'tests/unit/store/identities.test.ts',
	'tests/unit/store/draft-history.test.ts',
	'tests/unit/store/lti.test.ts',
	'tests/unit/store/lti-services.test.ts',
	'tests/unit/lti/services.test.ts',
	'tests/unit/store/migrate-store.test.ts',
	'tests/unit/store/postgres-migrate.test.ts',
	'tests/unit/store/crash.test.ts',
	'tests/unit/attempts/*.test.ts',
	'tests/unit/programmes/assignments.test.ts',
	'tests/unit/programmes/password-links.test.ts',
	'tests/unit/programmes/require-cohort.test.ts',
	'tests/unit/analytics/cohort.test.ts',
	'tests/unit/analytics/practice.test.ts',
	'tests/unit/healthz.test.ts'
];

/** The `postgres` project, or why it is left out (see scripts/test-database.js). */
async function postgresProject(): Promise<TestProjectInlineConfiguration[]> {
	const { postgresRequired, postgresUnavailable } = await import('./scripts/test-database.js');
	const unavailable = await postgresUnavailable();
	if (unavailable && postgresRequired()) {
		throw new Error(`The PostgreSQL store tests are required here, but Rapport ${unavailable}.`);
	}
	if (unavailable) {
		console.warn(
			`\nPostgreSQL store tests skipped: ${unavailable}.\n` +
				'Set RAPPORT_TEST_DATABASE_URL to a PostgreSQL database the tests may create databases from.\n'
		);
		return [];
	}
	return [
		{
			extends: true,
			test: {
				name: 'postgres',
				include: STORE_TESTS,
				provide: { storeBackend: 'postgres' },
				globalSetup: ['tests/unit/postgres-setup.ts']
			}
		}
	];
}

const ALL_TESTS = ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/scenarios/**/*.test.ts'];

export default defineConfig(async (): Promise<ViteUserConfig> => ({
	plugins: [
		sveltekit(),
		bundledWorker({
			id: 'virtual:scenario-compile-worker',
			entry: 'src/lib/server/compile-worker/worker.ts'
		})
	],
	test: {
		environment: 'node',
		testTimeout: 30_000,
		// Only under Vitest: `vite build` reads this file too, and must not probe a database.
		// Each project names its own files: a project's `include` adds to the root's.
		projects: process.env.VITEST
			? [
					{
						extends: true,
						test: {
							name: 'embedded',
							include: ALL_TESTS,
							provide: { storeBackend: 'embedded' }
						}
					},
					...(await postgresProject())
				]
			: undefined
	}
}));
