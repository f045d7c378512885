import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GET } from '../../src/routes/healthz/+server';
import { closeStore, getStore, StoreUnavailableError } from '../../src/lib/server/store';
import './attempts/setup';
import { storeBackend } from './store/backend';

// The handler alone: it needs nothing from the request.
const check = () => GET({} as Parameters<typeof GET>[0]) as Promise<Response>;

describe('/healthz', () => {
	it('answers 200 when the store answers', async () => {
		const response = await check();
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('answers 503 when the store cannot be reached, and 200 again once it can', async () => {
		await closeStore();
		const before = process.env.DATABASE_URL;
		// Nothing listens on port 1: the connection is refused at once.
		process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none';
		try {
			expect((await check()).status).toBe(503);
			// And at start, the same cause stops the server with a message that names it.
			const opened = getStore();
			await expect(opened).rejects.toBeInstanceOf(StoreUnavailableError);
			await expect(opened).rejects.toThrow(
				/cannot reach PostgreSQL at 127\.0\.0\.1:1\/none \(ECONNREFUSED\)/
			);
		} finally {
			if (before === undefined) delete process.env.DATABASE_URL;
			else process.env.DATABASE_URL = before;
		}
		// A failed open is not kept: the next check opens the store again.
		expect((await check()).status).toBe(200);
	});
});

/**
 * A TCP relay to PostgreSQL that can be cut and restored, standing for a database server that
 * stops and comes back: the app is not restarted in between.
 */
async function relayTo(target: URL) {
	const sockets = new Set<Socket>();
	let server: Server | undefined;
	const port = await new Promise<number>((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const address = probe.address() as AddressInfo;
			probe.close(() => resolve(address.port));
		});
	});
	const open = () =>
		new Promise<void>((resolve) => {
			server = createServer((client) => {
				const upstream = connect(Number(target.port || 5432), target.hostname);
				for (const s of [client, upstream]) {
					sockets.add(s);
					s.on('close', () => sockets.delete(s));
					s.on('error', () => {});
				}
				client.pipe(upstream).pipe(client);
			}).listen(port, '127.0.0.1', () => resolve());
		});
	const cut = () =>
		new Promise<void>((resolve) => {
			for (const s of sockets) s.destroy();
			server?.close(() => resolve());
		});
	await open();
	return { port, open, cut };
}

describe.runIf(storeBackend() === 'postgres')('/healthz when PostgreSQL stops and returns', () => {
	it('answers 503 while the database is gone and 200 once it is back, with no restart', async () => {
		const url = new URL(process.env.DATABASE_URL!);
		const relay = await relayTo(url);
		await closeStore();
		const before = process.env.DATABASE_URL;
		const relayed = new URL(url);
		relayed.host = `127.0.0.1:${relay.port}`;
		process.env.DATABASE_URL = relayed.toString();
		try {
			expect((await check()).status).toBe(200);
			const store = await getStore();
			const user = await store.createUser({
				username: 'kept',
				displayName: 'Kept',
				role: 'trainee',
				passwordHash: 'h'
			});
			await relay.cut();
			expect((await check()).status).toBe(503);
			await relay.open();
			expect((await check()).status).toBe(200);
			// The same store object, reconnected: what was stored before is still there.
			expect(await getStore()).toBe(store);
			expect((await store.getUser(user.id))?.username).toBe('kept');
		} finally {
			await closeStore();
			process.env.DATABASE_URL = before;
			await relay.cut();
		}
	});
});
