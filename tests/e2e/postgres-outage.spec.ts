import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { testDatabaseUrl } from '../../scripts/test-database.js';
import { expect, freePort, startServer, test, type RunningServer } from './fixtures';
import { ownDatabaseWith, type OwnDatabase } from './own-database';
import { formPost, playFormFields, signInCookie, startAttemptOver } from './player-helpers';

// PostgreSQL going away mid-session (issue 15): the app talks to the database through a TCP
// relay that the test cuts, as a stopped server or a network fault would. While it is down, pages
// say so plainly (503) and /healthz answers 503; when it is back, the same app instance carries
// on without a restart, and every choice acknowledged before the outage is still there.

const TRAINEE = {
	username: 'outage-trainee',
	password: 'outage-trainee-password',
	role: 'trainee' as const,
	displayName: 'Outage Trainee'
};

/** A TCP relay to PostgreSQL that can be cut (every connection dropped) and restored. */
class Relay {
	#server: Server | undefined;
	#sockets = new Set<Socket>();
	constructor(
		readonly port: number,
		private readonly target: { host: string; port: number }
	) {}

	async open(): Promise<void> {
		const server = createServer((client) => {
			const upstream = createConnection(this.target);
			for (const s of [client, upstream]) {
				this.#sockets.add(s);
				s.on('close', () => this.#sockets.delete(s));
				s.on('error', () => {});
			}
			client.pipe(upstream).pipe(client);
			client.on('close', () => upstream.destroy());
			upstream.on('close', () => client.destroy());
		});
		await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
		this.#server = server;
	}

	async cut(): Promise<void> {
		const server = this.#server;
		this.#server = undefined;
		for (const s of this.#sockets) s.destroy();
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}

test.describe('PostgreSQL stopped mid-session', { tag: '@own-store' }, () => {
	test.describe.configure({ mode: 'serial' });
	let database: OwnDatabase | undefined;
	let relay: Relay | undefined;
	let server: RunningServer | undefined;
	let dataDir = '';

	test.beforeAll(async () => {
		test.setTimeout(90_000);
		database = await ownDatabaseWith(TRAINEE);
		const direct = new URL(database.url);
		relay = new Relay(await freePort(), {
			host: direct.hostname,
			port: Number(direct.port || new URL(testDatabaseUrl()).port || 5432)
		});
		await relay.open();
		const viaRelay = new URL(database.url);
		viaRelay.host = `127.0.0.1:${relay.port}`;
		dataDir = mkdtempSync(join(tmpdir(), 'rapport-outage-'));
		server = await startServer({ dataDir, env: { DATABASE_URL: viaRelay.toString() } });
	});

	test.afterAll(async () => {
		await server?.stop();
		await relay?.cut();
		await database?.drop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	test('pages say the database is away, then carry on when it is back, with nothing lost', async ({
		page,
		axe
	}) => {
		test.setTimeout(120_000);
		const app = server!;
		const cookie = await signInCookie(app.url, TRAINEE);
		const attemptId = await startAttemptOver(app.url, cookie, 'coat-still-on');
		// Two choices acknowledged before the outage.
		const acknowledged: string[] = [];
		for (let i = 0; i < 2; i++) {
			const form = await playFormFields(app.url, attemptId, cookie);
			const fields = { choiceId: form.choices[0], eventId: form.eventId, seq: form.seq };
			expect(
				(await formPost(app.url, `/attempts/${attemptId}?/choose`, cookie, fields)).status
			).toBe(200);
			acknowledged.push(form.choices[0]);
		}

		const next = await playFormFields(app.url, attemptId, cookie);
		await relay!.cut();
		expect((await fetch(`${app.url}/healthz`)).status).toBe(503);
		// A signed-in page: the session cannot be read, so the whole page is the plain 503.
		await page
			.context()
			.addCookies([{ name: 'rapport_session', value: cookieValue(cookie), url: app.url }]);
		const away = await page.goto(`${app.url}/attempts/${attemptId}`);
		expect(away!.status()).toBe(503);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Rapport cannot reach its database'
		);
		await expect(page.getByText('Nothing that was saved has been lost')).toBeVisible();
		await axe.expectNoAxeViolations();
		// A choice posted now is refused with the same answer, and nothing of it is stored.
		const refused = await formPost(app.url, `/attempts/${attemptId}?/choose`, cookie, {
			choiceId: next.choices[0],
			eventId: next.eventId,
			seq: next.seq
		});
		expect(refused.status).toBe(503);

		await relay!.open();
		// The same instance recovers by itself (the driver reconnects on the next query).
		await expect
			.poll(async () => (await fetch(`${app.url}/healthz`)).status, { timeout: 20_000 })
			.toBe(200);
		const back = await page.goto(`${app.url}/attempts/${attemptId}`);
		expect(back!.status()).toBe(200);
		const transcript = page.getByRole('list', { name: 'Transcript' });
		await expect(transcript.getByText('You:', { exact: true })).toHaveCount(acknowledged.length);
		await axe.expectNoAxeViolations();
		// And the attempt goes on from where it was.
		const form = await playFormFields(app.url, attemptId, cookie);
		expect(form.seq).toBe(String(acknowledged.length + 1));
		const fields = { choiceId: form.choices[0], eventId: form.eventId, seq: form.seq };
		expect((await formPost(app.url, `/attempts/${attemptId}?/choose`, cookie, fields)).status).toBe(
			200
		);

		const sql = postgres(database!.url, { max: 1, onnotice: () => {} });
		try {
			const events = await sql`select seq, data from attempt_events
				where attempt_id = ${attemptId} order by seq`;
			expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
			expect(events.slice(0, 2).map((e) => (e.data as { choiceId: string }).choiceId)).toEqual(
				acknowledged
			);
		} finally {
			await sql.end();
		}
	});
});

/** The session token from a `name=value` cookie header. */
function cookieValue(cookie: string): string {
	return cookie.split(';')[0].split('=').slice(1).join('=');
}
