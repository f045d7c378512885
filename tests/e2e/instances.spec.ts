import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { expect, startServer, test, type RunningServer } from './fixtures';
import { ownDatabaseWith, type OwnDatabase } from './own-database';
import { formPost, playFormFields, signInCookie, startAttemptOver } from './player-helpers';

// Two production servers on one PostgreSQL database, as behind a load balancer: a trainee signs
// in on one and carries on on the other, one attempt is played with its choices posted to both
// in turn (and every choice posted twice, once to each), and failed sign-ins count on both.

const TRAINEE = {
	username: 'two-instances',
	password: 'two-instances-password',
	role: 'trainee' as const,
	displayName: 'Two Instances'
};

test.describe('two instances on one PostgreSQL database', { tag: '@own-store' }, () => {
	test.describe.configure({ mode: 'serial' });
	let database: OwnDatabase | undefined;
	let dataDir = '';
	const servers: RunningServer[] = [];

	test.beforeAll(async () => {
		test.setTimeout(90_000);
		database = await ownDatabaseWith(TRAINEE);
		// Shared, like a shared folder would be: it holds the scenario versions attempts use.
		dataDir = mkdtempSync(join(tmpdir(), 'rapport-instances-'));
		const env = { DATABASE_URL: database.url };
		servers.push(
			...(await Promise.all([startServer({ dataDir, env }), startServer({ dataDir, env })]))
		);
	});

	test.afterAll(async () => {
		await Promise.all(servers.map((s) => s.stop()));
		await database?.drop();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	test('a session, an attempt and the sign-in throttle are shared by both', async () => {
		test.setTimeout(90_000);
		const [a, b] = servers;
		const cookie = await signInCookie(a.url, TRAINEE);
		// Signed in on A, known on B.
		const me = await fetch(`${b.url}/me`, { headers: { cookie }, redirect: 'manual' });
		expect(me.status).toBe(200);
		expect(await me.text()).toContain(TRAINEE.displayName);
		for (const server of servers) {
			expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		}

		const attemptId = await startAttemptOver(b.url, cookie, 'coat-still-on');
		let posted = 0;
		for (let step = 0; step < 50; step++) {
			const here = servers[step % 2];
			const there = servers[(step + 1) % 2];
			const page = await playFormFields(here.url, attemptId, cookie);
			if (page.choices.length === 0) break;
			expect(page.seq).toBe(String(posted + 1));
			const fields = { choiceId: page.choices[0], eventId: page.eventId, seq: page.seq };
			// The same post to both at once, as a retry through the other instance would be.
			const answers = await Promise.all([
				formPost(there.url, `/attempts/${attemptId}?/choose`, cookie, fields),
				formPost(here.url, `/attempts/${attemptId}?/choose`, cookie, fields)
			]);
			expect(answers.map((r) => r.status)).toEqual([200, 200]);
			posted++;
		}
		expect(posted).toBeGreaterThan(2);

		const sql = postgres(database!.url, { max: 1, onnotice: () => {} });
		try {
			const [attempt] = await sql`select status from attempts where id = ${attemptId}`;
			expect(attempt.status).toBe('completed');
			const events = await sql`select seq, id from attempt_events where attempt_id = ${attemptId}
				order by seq`;
			expect(events.map((e) => e.seq)).toEqual(Array.from({ length: posted }, (_, i) => i + 1));
			expect(new Set(events.map((e) => e.id)).size).toBe(posted);
		} finally {
			await sql.end();
		}

		// Five failures spread over both instances lock the username on both.
		const username = `ghost-${Date.now()}`;
		const tryOn = (server: RunningServer) =>
			fetch(`${server.url}/signin`, {
				method: 'POST',
				redirect: 'manual',
				headers: {
					origin: server.url,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ username, password: 'wrong-password' })
			});
		for (let i = 0; i < 5; i++) expect((await tryOn(servers[i % 2])).status).toBe(400);
		expect((await tryOn(a)).status).toBe(429);
		expect((await tryOn(b)).status).toBe(429);
	});
});
