// A Vite plugin that turns a worker thread's entry file into a module exporting that entry bundled
// into one CommonJS script (by esbuild), for `new Worker(source, { eval: true })`. Vite bundles
// only browser workers; a server worker bundled this way needs no file of its own, so it works
// the same under `vite dev`, Vitest and in the adapter-node build.
import path from 'node:path';
import { build } from 'esbuild';

/**
 * @param {{ id: string, entry: string }} options `id` is what the server code imports; `entry` is
 *   the worker's entry file, relative to the project root.
 * @returns {import('vite').Plugin}
 */
export function bundledWorker({ id, entry }) {
	const resolved = `\0${id}`;
	return {
		name: 'rapport:bundled-worker',
		resolveId(source) {
			return source === id ? resolved : undefined;
		},
		async load(loaded) {
			if (loaded !== resolved) return undefined;
			const result = await build({
				entryPoints: [entry],
				bundle: true,
				platform: 'node',
				format: 'cjs',
				target: 'node20',
				write: false,
				metafile: true,
				logLevel: 'silent'
			});
			for (const input of Object.keys(result.metafile.inputs)) {
				if (!input.includes('node_modules')) this.addWatchFile(path.resolve(input));
			}
			return `export default ${JSON.stringify(result.outputFiles[0].text)};`;
		}
	};
}
