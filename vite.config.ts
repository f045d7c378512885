import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { bundledWorker } from './scripts/bundled-worker-plugin.js';

export default defineConfig({
	plugins: [
		sveltekit(),
		bundledWorker({
			id: 'virtual:scenario-compile-worker',
			entry: 'src/lib/server/compile-worker/worker.ts'
		})
	],
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/scenarios/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
