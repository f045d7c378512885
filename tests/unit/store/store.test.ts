import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreConflictError, StoreNotFoundError } from '../../../src/lib/server/store/errors';
import { newId } from '../../../src/lib/server/store/lowdb/lowdb-store';
import { csvCell } from '../../../src/lib/server/analytics/csv';
import { storeBackend } from './backend';
import { openStore, openTestStore, reopenTestStore, seedTrainee, tempDataDir } from './helpers';

// The contract every store keeps runs against the store of this test project (embedded or
// PostgreSQL, see vite.config.ts); what only the embedded store does (files) runs in its project.
const backend = storeBackend();
const embeddedOnly = describe.runIf(backend === 'embedded');

const choice = (choiceId = 'opening.a') => ({
	id: randomUUID(),
	type: 'choice' as const,
	choiceId,
	at: new Date().toISOString()
});

describe(`${backend} store: choice events`, () => {
	it('stores exactly 1,000 concurrent records once each, numbered 1..1000', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		const events = Array.from({ length: 1000 }, () => choice());

		const results = await Promise.all(events.map((e) => store.recordEvent(attempt.id, e)));

		expect(results.every((r) => !r.duplicate)).toBe(true);
		const stored = await store.listEvents(attempt.id);
		expect(stored).toHaveLength(1000);
		expect(new Set(stored.map((e) => e.id)).size).toBe(1000);
		expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));

		// And the same stored, read by a fresh process-equivalent.
		const again = await reopenTestStore(store);
		expect(await again.listEvents(attempt.id)).toHaveLength(1000);
	});

	it('stores the same event id once, even when both posts are in flight together', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		const event = choice();

		const [first, second] = await Promise.all([
			store.recordEvent(attempt.id, event),
			store.recordEvent(attempt.id, event)
		]);
		const third = await store.recordEvent(attempt.id, event);

		expect(first.duplicate).toBe(false);
		expect(second.duplicate).toBe(true);
		expect(third).toEqual({ event: first.event, duplicate: true });
		expect(await store.listEvents(attempt.id)).toHaveLength(1);
	});

	it('refuses a stale post when expectedSeq does not match', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		await store.recordEvent(attempt.id, choice(), 1);
		await store.recordEvent(attempt.id, choice(), 2);

		const stale = store.recordEvent(attempt.id, choice(), 2);

		await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
		await expect(stale).rejects.toMatchObject({ code: 'seq-conflict', nextSeq: 3 });
		expect(await store.listEvents(attempt.id)).toHaveLength(2);
	});

	it('answers a retried event as a duplicate even with its old expectedSeq', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		const event = choice();
		await store.recordEvent(attempt.id, event, 1);
		await store.recordEvent(attempt.id, choice(), 2);
		const retry = await store.recordEvent(attempt.id, event, 1);
		expect(retry.duplicate).toBe(true);
		expect(retry.event.seq).toBe(1);
	});

	it('refuses events for a completed attempt and for an unknown one', async () => {
		const store = await openTestStore();
		const { attempt } = await seedTrainee(store);
		const done = await store.updateAttempt(attempt.id, { status: 'completed' });
		expect(done.completedAt).toBeTruthy();
		await expect(store.recordEvent(attempt.id, choice())).rejects.toMatchObject({
			code: 'attempt-completed'
		});
		await expect(store.recordEvent('nope', choice())).rejects.toBeInstanceOf(StoreNotFoundError);
	});
});

describe('store ids', () => {
	it('starts every id with a letter or digit, so CSV exports never escape one', () => {
		// One in 32 unchecked ids would start with - or _ : 10,000 draws make a miss all but certain.
		const ids = Array.from({ length: 10_000 }, newId);
		for (const id of ids) {
			expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
			expect(csvCell(id)).toBe(id);
		}
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe(`${backend} store: records`, () => {
	it('creates, finds, updates and deletes users; usernames are unique regardless of case', async () => {
		const store = await openTestStore();
		const user = await store.createUser({
			username: 'maya',
			displayName: 'Maya',
			role: 'trainee',
			passwordHash: 'h'
		});
		expect(user.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
		expect(user.pseudonym).toMatch(/^p-/);
		expect((await store.getUserByUsername('MAYA'))?.id).toBe(user.id);
		await expect(
			store.createUser({ username: 'Maya', displayName: 'x', role: 'admin', passwordHash: 'h' })
		).rejects.toMatchObject({ code: 'username-taken' });

		const updated = await store.updateUser(user.id, { role: 'instructor' });
		expect(updated.role).toBe('instructor');
		expect(updated.pseudonym).toBe(user.pseudonym);

		// Suspension and email: a value sets the field, null removes it, absent leaves it alone.
		const at = '2026-03-01T10:00:00.000Z';
		const suspended = await store.updateUser(user.id, { suspendedAt: at, email: 'm@example.org' });
		expect(suspended).toMatchObject({
			suspendedAt: at,
			email: 'm@example.org',
			role: 'instructor'
		});
		expect(await store.getUser(user.id)).toMatchObject({ suspendedAt: at });
		await store.updateUser(user.id, { displayName: 'Maya R' });
		expect(await store.getUser(user.id)).toMatchObject({ suspendedAt: at, email: 'm@example.org' });
		const lifted = await store.updateUser(user.id, { suspendedAt: null, email: null });
		expect(lifted).not.toHaveProperty('suspendedAt');
		expect(lifted).not.toHaveProperty('email');
		expect(await store.getUser(user.id)).not.toHaveProperty('suspendedAt');

		const { attempt } = await seedTrainee(store, 'other');
		await store.createSession({
			tokenHash: 't1',
			userId: user.id,
			expiresAt: '2999-01-01T00:00:00Z'
		});
		const theirs = await store.createAttempt({
			userId: user.id,
			scenarioId: 's',
			scenarioHash: 'h',
			mode: 'practice'
		});
		await store.recordEvent(theirs.id, choice());
		await store.recordEvent(attempt.id, choice());
		await store.deleteUser(user.id);

		expect(await store.getUser(user.id)).toBeUndefined();
		expect(await store.getSession('t1')).toBeUndefined();
		expect(await store.getAttempt(theirs.id)).toBeUndefined();
		expect(await store.listEvents(theirs.id)).toEqual([]);
		expect(await store.listAttempts()).toHaveLength(1);
		expect(await store.listEvents(attempt.id)).toHaveLength(1);
	});

	it('hands out copies, so changing a returned record changes nothing stored', async () => {
		const store = await openTestStore();
		const { user } = await seedTrainee(store);
		user.role = 'admin';
		expect((await store.getUser(user.id))?.role).toBe('trainee');
	});

	it('keeps sessions, extends them and prunes expired ones when a new one is created', async () => {
		let now = new Date('2025-01-01T00:00:00Z');
		const store = await openTestStore({ clock: () => now });
		await store.createSession({ tokenHash: 'old', userId: 'u', expiresAt: '2025-01-02T00:00:00Z' });
		await store.createSession({
			tokenHash: 'other',
			userId: 'u',
			expiresAt: '2025-01-09T00:00:00Z'
		});
		const extended = await store.extendSession('other', '2025-02-01T00:00:00Z');
		expect(extended.expiresAt).toBe('2025-02-01T00:00:00Z');

		now = new Date('2025-01-03T00:00:00Z');
		await store.createSession({ tokenHash: 'new', userId: 'v', expiresAt: '2025-01-10T00:00:00Z' });
		expect(await store.getSession('old')).toBeUndefined();
		expect(await store.getSession('other')).toBeDefined();

		await store.deleteSessionsForUser('u');
		expect(await store.getSession('other')).toBeUndefined();
		await store.deleteSession('new');
		expect(await store.getSession('new')).toBeUndefined();
	});

	it('lists attempts by user and across users with filters', async () => {
		const store = await openTestStore();
		const a = await seedTrainee(store, 'a');
		const b = await seedTrainee(store, 'b');
		await store.createAttempt({
			userId: b.user.id,
			scenarioId: 'other',
			scenarioHash: 'h',
			mode: 'assessment'
		});
		await store.updateAttempt(a.attempt.id, { status: 'completed', result: { total: 80 } });

		expect(await store.listAttemptsByUser(b.user.id)).toHaveLength(2);
		expect(await store.listAttempts({ scenarioId: 'coat-still-on' })).toHaveLength(2);
		const completed = await store.listAttempts({ status: 'completed' });
		expect(completed.map((x) => x.result)).toEqual([{ total: 80 }]);
	});

	it('keeps cohorts, assignments and the audit log', async () => {
		const store = await openTestStore();
		const cohort = await store.createCohort({
			name: 'Autumn',
			instructorIds: [],
			memberIds: ['x']
		});
		const assignment = await store.createAssignment({
			cohortId: cohort.id,
			scenarioId: 'coat-still-on',
			mode: 'assessment',
			createdBy: 'i'
		});
		await store.updateAssignment(assignment.id, { dueAt: '2025-12-01T00:00:00Z' });
		expect((await store.listAssignments({ cohortId: cohort.id }))[0].dueAt).toBe(
			'2025-12-01T00:00:00Z'
		);
		await store.deleteCohort(cohort.id);
		expect(await store.listAssignments()).toEqual([]);

		await store.appendAudit({
			actorId: null,
			action: 'user.create',
			at: '2025-01-01T10:00:00.000Z'
		});
		await store.appendAudit({
			actorId: 'a',
			action: 'session.signIn',
			at: '2025-01-02T10:00:00.000Z'
		});
		const recent = await store.listAudit({ limit: 10 });
		expect(recent.map((e) => e.action)).toEqual(['session.signIn', 'user.create']);
		expect(await store.listAudit({ since: '2025-01-02T00:00:00.000Z' })).toHaveLength(1);
	});
});

describe(`${backend} store: shared state`, () => {
	it("changes a user's attempt revision with every change to their attempts, and only theirs", async () => {
		const store = await openTestStore();
		const a = await seedTrainee(store, 'a');
		const b = await seedTrainee(store, 'b');
		const nobody = 'no-such-user';
		const first = await store.attemptRevisions([a.user.id, b.user.id, nobody]);
		expect([...first.keys()]).toEqual([a.user.id, b.user.id, nobody]);

		await store.updateAttempt(a.attempt.id, { reflection: 'thinking' });
		const second = await store.attemptRevisions([a.user.id, b.user.id, nobody]);
		expect(second.get(a.user.id)).not.toBe(first.get(a.user.id));
		expect(second.get(b.user.id)).toBe(first.get(b.user.id));
		expect(second.get(nobody)).toBe(first.get(nobody));

		// A choice is not a change to the attempt record: the report caches need not refresh.
		await store.recordEvent(a.attempt.id, choice());
		expect((await store.attemptRevisions([a.user.id])).get(a.user.id)).toBe(second.get(a.user.id));
		await store.createAttempt({
			userId: b.user.id,
			scenarioId: 's',
			scenarioHash: 'h',
			mode: 'practice'
		});
		const third = await store.attemptRevisions([b.user.id]);
		expect(third.get(b.user.id)).not.toBe(second.get(b.user.id));
		await store.deleteUser(b.user.id);
		expect((await store.attemptRevisions([b.user.id])).get(b.user.id)).not.toBe(
			third.get(b.user.id)
		);
	});

	it('counts sign-in tries in a window, refuses past the maximum, and forgets on clear', async () => {
		const store = await openTestStore();
		const t0 = Date.parse('2025-01-01T00:00:00Z');
		const window = 60_000;
		for (let i = 0; i < 3; i++) {
			const r = await store.countSignInTry('maya', t0 + i, t0 + i - window + 1, 3);
			expect(r).toEqual({ counted: true, recent: Array.from({ length: i }, (_, k) => t0 + k) });
		}
		const refused = await store.countSignInTry('maya', t0 + 10, t0 + 10 - window + 1, 3);
		expect(refused).toEqual({ counted: false, recent: [t0, t0 + 1, t0 + 2] });
		expect((await store.countSignInTry('ada', t0 + 10, t0 - window, 3)).counted).toBe(true);
		// Once the first try leaves the window, one more is allowed.
		const later = await store.countSignInTry('maya', t0 + window, t0 + 1, 3);
		expect(later).toEqual({ counted: true, recent: [t0 + 1, t0 + 2] });
		await store.clearSignInTries('maya');
		expect(await store.countSignInTry('maya', t0 + window, t0 + 1, 3)).toEqual({
			counted: true,
			recent: []
		});
	});

	it('counts concurrent sign-in tries once each, so a burst cannot slip past the maximum', async () => {
		const store = await openTestStore();
		const t0 = Date.now();
		const tries = await Promise.all(
			Array.from({ length: 20 }, (_, i) => store.countSignInTry('burst', t0 + i, t0 - 1000, 5))
		);
		expect(tries.filter((t) => t.counted)).toHaveLength(5);
	});

	it('hands a set-password link out once, and not after it expires or is replaced', async () => {
		const store = await openTestStore();
		const { user } = await seedTrainee(store);
		const later = '2999-01-01T00:00:00.000Z';
		await store.createPasswordTokens([
			{ tokenHash: 'first', userId: user.id, createdBy: null, expiresAt: later }
		]);
		expect((await store.getPasswordToken('first'))?.userId).toBe(user.id);
		await store.createPasswordTokens([
			{ tokenHash: 'second', userId: user.id, createdBy: null, expiresAt: later }
		]);
		expect(await store.getPasswordToken('first')).toBeUndefined();
		const now = new Date().toISOString();
		const [one, two] = await Promise.all([
			store.takePasswordToken('second', now),
			store.takePasswordToken('second', now)
		]);
		expect([one, two].filter(Boolean)).toHaveLength(1);
		await store.createPasswordTokens([
			{ tokenHash: 'old', userId: user.id, createdBy: null, expiresAt: '2001-01-01T00:00:00Z' }
		]);
		expect(await store.takePasswordToken('old', now)).toBeUndefined();
	});

	it("erases a user's details everywhere but keeps their attempts", async () => {
		const store = await openTestStore();
		const user = await store.createUser({
			username: 'quillonby',
			displayName: 'Zéphyrine Quillonby',
			email: 'z.q@example.org',
			role: 'trainee',
			passwordHash: 'h'
		});
		const cohort = await store.createCohort({
			name: 'Quillonby group',
			instructorIds: [],
			memberIds: [user.id]
		});
		const attempt = await store.createAttempt({
			userId: user.id,
			scenarioId: 's',
			scenarioHash: 'h',
			mode: 'practice'
		});
		await store.updateAttempt(attempt.id, { reflection: 'I am quillonby and I learned a lot.' });
		await store.appendAudit({
			actorId: null,
			action: 'user.create',
			detail: { username: 'quillonby', email: 'z.q@example.org' }
		});
		await store.createSession({
			tokenHash: 's1',
			userId: user.id,
			expiresAt: '2999-01-01T00:00:00Z'
		});

		const report = await store.eraseUser(user.id);

		expect(report.remaining).toEqual([]);
		const erased = (await store.getUser(user.id))!;
		expect(erased.username).toBe(user.pseudonym);
		expect(erased.email).toBeUndefined();
		expect(erased.erasedAt).toBeTruthy();
		expect(await store.getSession('s1')).toBeUndefined();
		expect((await store.getCohort(cohort.id))!.name).toBe('[erased] group');
		expect((await store.getAttempt(attempt.id))!.reflection).toBe(
			'I am [erased] and I learned a lot.'
		);
		const [entry] = await store.listAudit();
		expect(JSON.stringify(entry.detail)).not.toMatch(/quillonby|z\.q@/i);
	});

	it('answers a ping while open', async () => {
		const store = await openTestStore();
		await expect(store.ping()).resolves.toBeUndefined();
	});
});

embeddedOnly('lowdb store: files', () => {
	it('keeps concurrent records for different attempts in their own files', async () => {
		const dir = await tempDataDir();
		const store = await openStore(dir);
		const a = await seedTrainee(store, 'a');
		const b = await seedTrainee(store, 'b');
		await Promise.all([
			...Array.from({ length: 300 }, () => store.recordEvent(a.attempt.id, choice())),
			...Array.from({ length: 200 }, () => store.recordEvent(b.attempt.id, choice()))
		]);
		const file = path.join(dir, 'events', `${a.attempt.id}.json`);
		const shard = JSON.parse(await readFile(file, 'utf-8'));
		expect(shard.events).toHaveLength(300);
		// The trainee's attempt list is not rewritten for every choice.
		const index = JSON.parse(
			await readFile(path.join(dir, 'attempts', `${a.user.id}.json`), 'utf-8')
		);
		expect(index).not.toHaveProperty('events');
		expect(await store.listEvents(b.attempt.id)).toHaveLength(200);
	});

	it('removes the attempt and event files of a deleted user, and of no one else', async () => {
		const dir = await tempDataDir();
		const store = await openStore(dir);
		const mine = await seedTrainee(store, 'mine');
		const other = await seedTrainee(store, 'other');
		await store.recordEvent(mine.attempt.id, choice());
		await store.recordEvent(other.attempt.id, choice());
		await store.deleteUser(mine.user.id);
		expect(await readdir(path.join(dir, 'attempts'))).toEqual([`${other.user.id}.json`]);
		expect(await readdir(path.join(dir, 'events'))).toEqual([`${other.attempt.id}.json`]);
	});

	it('keeps the audit log in one file per day', async () => {
		const dir = await tempDataDir();
		const store = await openStore(dir);
		await store.appendAudit({ actorId: null, action: 'a', at: '2025-01-01T10:00:00.000Z' });
		await store.appendAudit({ actorId: null, action: 'b', at: '2025-01-02T10:00:00.000Z' });
		expect(await readdir(path.join(dir, 'audit'))).toEqual(['2025-01-01.json', '2025-01-02.json']);
	});

	it('throws on writes when opened read-only, and reads what is there', async () => {
		const dir = await tempDataDir();
		const store = await openStore(dir);
		await seedTrainee(store);
		await store.close();
		const reader = await openStore(dir, { readOnly: true });
		expect(await reader.listUsers()).toHaveLength(1);
		await expect(
			reader.createUser({ username: 'x', displayName: 'x', role: 'trainee', passwordHash: 'h' })
		).rejects.toThrow(/read-only/);
	});
});
