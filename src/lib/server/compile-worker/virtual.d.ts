/** The compile worker's entry (./worker.ts) bundled into one script: see scripts/bundled-worker-plugin.js. */
declare module 'virtual:scenario-compile-worker' {
	const source: string;
	export default source;
}
