// Bundles the scenario CLI (src/lib/scenarios/cli.ts) into dist/rapport-scenarios.js, the file
// package.json's `bin` names: plain JavaScript in one file, so `rapport-scenarios` starts in a
// fraction of the time tsx needs to compile the TypeScript first. Run by `npm install` (the
// `prepare` script); dist/ is not committed.
import { chmodSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
// Another folder as the first argument, for the tests.
const outdir = process.argv[2] ?? `${root}dist`;
const outfile = `${outdir}/rapport-scenarios.js`;

// Old chunks would pile up otherwise: their names carry a hash.
rmSync(outdir, { recursive: true, force: true });

await build({
	entryPoints: { 'rapport-scenarios': `${root}src/lib/scenarios/cli.ts` },
	outdir,
	// What only some commands need (XState, for `test`) goes in a chunk loaded on demand.
	splitting: true,
	chunkNames: 'chunks/[name]-[hash]',
	minify: true,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	// Bundled CommonJS dependencies call require(); give the ES module one.
	banner: {
		js: [
			'#!/usr/bin/env node',
			"import { createRequire as __rapportCreateRequire } from 'node:module';",
			'const require = __rapportCreateRequire(import.meta.url);'
		].join('\n')
	},
	// The project's tsconfig extends one `svelte-kit sync` writes, which a fresh clone does not
	// have yet at install; nothing in it matters to this bundle.
	tsconfigRaw: {},
	logLevel: 'warning'
});
chmodSync(outfile, 0o755);
