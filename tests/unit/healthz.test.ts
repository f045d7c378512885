import { describe, expect, it } from 'vitest';
import { GET } from '../../src/routes/healthz/+server';
import { closeStore, getStore, StoreUnavailableError } from '../../src/lib/server/store';
import './attempts/setup';

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
