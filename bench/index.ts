/**
 * `npm run bench` runs every benchmark; `npm run bench -- engine` (or `compiler`, `store`, `dashboard`, `pages`, `load`, `cli`, `postgres`, `practice`, `studio-editor`, `studio-map`) runs
 * one. Benchmarks other helpers write are loaded only if their file exists, so this entry works
 * at every stage of the project. Exits 1 when a benchmark misses its target.
 */

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Benchmark {
	name: string;
	file: string;
	run: string;
}

const BENCHMARKS: Benchmark[] = [
	{ name: 'engine', file: 'engine.ts', run: 'benchEngine' },
	{ name: 'compiler', file: 'compiler.ts', run: 'benchCompiler' },
	{ name: 'store', file: 'store.ts', run: 'benchStore' },
	{ name: 'dashboard', file: 'dashboard.ts', run: 'benchDashboard' },
	{ name: 'dashboard-postgres', file: 'dashboard.ts', run: 'benchDashboardPostgres' },
	{ name: 'pages', file: 'pages.ts', run: 'benchPages' },
	{ name: 'load', file: 'load.ts', run: 'benchLoad' },
	{ name: 'load-two-instances', file: 'load.ts', run: 'benchLoadTwoInstances' },
	{ name: 'cli', file: 'cli.ts', run: 'benchCli' },
	{ name: 'postgres', file: 'postgres.ts', run: 'benchPostgres' },
	{ name: 'practice', file: 'practice.ts', run: 'benchPractice' },
	{ name: 'studio-editor', file: 'studio-editor.ts', run: 'benchStudioEditor' },
	{ name: 'studio-map', file: 'studio-map.ts', run: 'benchStudioMap' }
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.name === w));
if (unknown.length > 0) {
	console.error(`bench: unknown benchmark ${unknown.join(', ')}; choose from ${names()}`);
	process.exit(2);
}

function names(): string {
	return BENCHMARKS.map((b) => b.name).join(', ');
}

let failed = false;
for (const bench of BENCHMARKS) {
	if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
	const url = new URL(`./${bench.file}`, import.meta.url);
	if (!existsSync(fileURLToPath(url))) {
		if (wanted.includes(bench.name)) {
			console.error(`bench: bench/${bench.file} does not exist yet`);
			failed = true;
		}
		continue;
	}
	console.log(`\n=== ${bench.name} ===\n`);
	const mod = await import(url.href);
	const run = mod[bench.run] as (() => Promise<unknown>) | undefined;
	if (typeof run !== 'function') {
		console.error(`bench: bench/${bench.file} does not export ${bench.run}()`);
		failed = true;
		continue;
	}
	const result = await run();
	// A benchmark may report its targets as { passed }; one that returns nothing just prints.
	if (result && typeof result === 'object' && (result as { passed?: boolean }).passed === false) {
		failed = true;
	}
}

process.exitCode = failed ? 1 : 0;
