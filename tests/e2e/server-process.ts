// Starting a production server of one's own (`node build`). Plain Node, no Playwright, so the
// benchmarks can start servers the same way the end-to-end tests do.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_BODY_SIZE_LIMIT } from '../../scripts/body-size-limit.js';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** A port nobody is listening on, for a server of one's own. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export interface RunningServer {
	url: string;
	port: number;
	dataDir: string;
	/** Everything the server printed so far, for failure messages. */
	output(): string;
	/** Shuts down as in production (SIGTERM: open requests finish). */
	stop(): Promise<void>;
	/** Dies at once (SIGKILL), as in a crash or power loss. */
	kill(): Promise<void>;
}

/**
 * Starts a server of one's own (`node build`) on `dataDir`, for tests that stop or kill it, or
 * start a second one on the same store. Resolves once it answers HTTP. Needs `npm run build`.
 */
export async function startServer({
	dataDir,
	port,
	env = {},
	nodeArgs = [],
	// Generous: a server compiles the whole library at start, and on a busy 2-core machine two
	// starting together have taken over 15 s.
	timeoutMs = 45_000
}: {
	dataDir: string;
	port?: number;
	env?: Record<string, string>;
	/** Options for node itself, before `build` (e.g. `--cpu-prof`). */
	nodeArgs?: string[];
	timeoutMs?: number;
}): Promise<RunningServer> {
	const serverPort = port ?? (await freePort());
	const url = `http://127.0.0.1:${serverPort}`;
	const child = spawn(process.execPath, [...nodeArgs, 'build'], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(serverPort),
			ORIGIN: url,
			DATA_DIR: dataDir,
			// The embedded store in `dataDir` unless the caller names a database: never the
			// shared server's database (in the PostgreSQL pass) or a DATABASE_URL from the shell.
			DATABASE_URL: '',
			RAPPORT_DEMO_ACCOUNTS: '0',
			BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || DEFAULT_BODY_SIZE_LIMIT,
			...env
		}
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	let hasExited = false;
	void exited.then(() => (hasExited = true));

	const end = async (signal: NodeJS.Signals) => {
		if (hasExited) return;
		child.kill(signal);
		const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(timer);
	};
	const server: RunningServer = {
		url,
		port: serverPort,
		dataDir,
		output: () => output,
		stop: () => end('SIGTERM'),
		kill: () => end('SIGKILL')
	};

	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (hasExited) throw new Error(`startServer: the server exited while starting:\n${output}`);
		try {
			await fetch(url, { redirect: 'manual' });
			return server;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
	await server.kill();
	throw new Error(`startServer: no answer from ${url} within ${timeoutMs} ms:\n${output}`);
}
