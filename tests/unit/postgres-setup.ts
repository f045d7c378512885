import type { TestProject } from 'vitest/node';
import { createTestDatabase } from '../../scripts/test-database.js';

/** One database for the `postgres` project's run, dropped when it ends (see backend.ts). */
export default async function setup(project: TestProject) {
	const database = await createTestDatabase();
	project.provide('postgresUrl', database.url);
	return () => database.drop();
}
