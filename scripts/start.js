// `npm start`: builds the app if the build is missing or older than any source file, then runs
// the production server (build/index.js) in this process. Rebuilding only when stale keeps a
// restart instant; comparing against every file outside the generated folders (not a list of
// "source" folders) means a new kind of source can never be silently left out of the build.
//
// Defaults, each replaced by setting the variable:
//   PORT=3000
//   HOST=127.0.0.1   only this machine can connect; HOST=0.0.0.0 serves the network
//   ORIGIN=http://localhost:$PORT   without it adapter-node assumes https and refuses every
//                    form post (403); behind a proxy set ORIGIN to the public address instead
//   DATA_DIR=./data  (the store's own default)
//   BODY_SIZE_LIMIT=4M  adapter-node's request limit (its own default, 512K, is below the
//                    studio's 1 MB scenario limit; see scripts/body-size-limit.js)
// `node scripts/start.js --build` rebuilds even when the build looks current.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_BODY_SIZE_LIMIT } from './body-size-limit.js';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const buildEntry = join(root, 'build', 'index.js');
const generated = new Set([
	'.git',
	'.svelte-kit',
	'build',
	'coverage',
	'data',
	'node_modules',
	'playwright-report',
	'test-results'
]);

/** @param {string} dir */
function newestChange(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (generated.has(entry.name) && dir === root) continue;
		const path = join(dir, entry.name);
		if (entry.isDirectory()) newest = Math.max(newest, newestChange(path));
		else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
	}
	return newest;
}

function buildIsCurrent() {
	return existsSync(buildEntry) && statSync(buildEntry).mtimeMs >= newestChange(root);
}

if (process.argv.includes('--build') || !buildIsCurrent()) {
	console.log('Building Rapport (npm run build)...');
	const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) {
		console.error('The build failed; see above.');
		process.exit(build.status ?? 1);
	}
}

process.env.PORT ||= '3000';
process.env.HOST ||= '127.0.0.1';
process.env.BODY_SIZE_LIMIT ||= DEFAULT_BODY_SIZE_LIMIT;
// With a proxy that sends the address in headers, adapter-node takes it from there instead.
if (!process.env.PROTOCOL_HEADER && !process.env.HOST_HEADER) {
	process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
}

console.log(
	`Rapport: ${process.env.ORIGIN ?? `http://localhost:${process.env.PORT}`}` +
		` (store: ${process.env.DATA_DIR ?? './data'}; stop with Ctrl+C)`
);
await import(pathToFileURL(buildEntry).href);
