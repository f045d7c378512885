// The entry of the scenario compile worker thread. It is bundled on its own (with esbuild, by the
// Vite plugin in scripts/bundled-worker-plugin.js) and started from that code, so it needs no
// file of its own in the production build.
import { parentPort } from 'node:worker_threads';
import { compileScenario } from '../../scenarios';
import type { CompileReply, CompileRequest } from './protocol';

const port = parentPort;
if (!port) throw new Error('compile-worker: must run as a worker thread');

port.on('message', (request: CompileRequest) => {
	let reply: CompileReply;
	try {
		reply = { id: request.id, result: compileScenario(request.source, request.file) };
	} catch (error) {
		reply = { id: request.id, error: (error as Error).stack ?? String(error) };
	}
	port.postMessage(reply);
});
port.postMessage('ready');
