import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
	accountState,
	changeDetails,
	createAccount,
	generatePassword,
	resetPassword,
	setSuspended
} from './accounts';
import { requireUser, safeNext } from './guard';
import { hashPassword, verifyPassword } from './password';
import { resolveSession, SESSION_TTL_MS, sessionCookieOptions, startSession } from './session';
import { signIn } from './sign-in';
import { hashToken } from './tokens';
import { SignInThrottle } from './throttle';
import { demoAccountsEnabled, firstRun } from '../first-run';
import { MemorySignInTries } from '../store/lowdb/sign-in-tries';
import { openStore, openTestStore, tempDataDir } from '../../../../tests/unit/store/helpers';

const DAY = 24 * 60 * 60 * 1000;

describe('passwords', () => {
	it('are hashed with Argon2id at 19 MiB, 2 passes, 1 lane', async () => {
		const stored = await hashPassword('correct horse battery');
		expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
		expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});

	it('is what createAccount stores, and reset signs the user out everywhere', async () => {
		const store = await openStore(await tempDataDir());
		const user = await createAccount(store, {
			username: ' Maya ',
			password: 'a-long-password',
			role: 'trainee'
		});
		expect(user.username).toBe('maya');
		expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		await startSession(store, user.id);
		await resetPassword(store, user.id, 'another-long-one');
		expect((await store.listAudit()).map((e) => e.action)).toContain('user.resetPassword');
		const sessions = JSON.parse(await readFile(path.join(store.dataDir, 'sessions.json'), 'utf-8'));
		expect(sessions.sessions).toEqual([]);
		await expect(
			createAccount(store, { username: 'x y', password: 'a-long-password', role: 'admin' })
		).rejects.toThrow(/Usernames are/);
		await expect(
			createAccount(store, { username: 'short', password: 'short', role: 'admin' })
		).rejects.toThrow(/at least 10/);
	});

	it('are generated with plenty of randomness', () => {
		const a = generatePassword();
		expect(a).toMatch(/^[A-Za-z2-9]{6}(-[A-Za-z2-9]{6}){3}$/);
		expect(generatePassword()).not.toBe(a);
	});
});

describe('account state', () => {
	it('is erased before anything else, then waiting while there is no password', () => {
		expect(accountState({ passwordHash: '' })).toBe('waiting');
		expect(accountState({ passwordHash: '$argon2id$x' })).toBe('active');
		expect(accountState({ passwordHash: '', erasedAt: '2026-01-01T00:00:00Z' })).toBe('erased');
	});
});

describe('sessions', () => {
	it('store only the SHA-256 of a 256-bit token', async () => {
		const store = await openStore(await tempDataDir());
		const user = await createAccount(store, {
			username: 'maya',
			password: 'a-long-password',
			role: 'trainee'
		});
		const { token } = await startSession(store, user.id);

		expect(Buffer.from(token, 'base64url')).toHaveLength(32);
		const file = await readFile(path.join(store.dataDir, 'sessions.json'), 'utf-8');
		expect(file).not.toContain(token);
		expect(file).toContain(hashToken(token));
		expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
		expect((await resolveSession(store, token))?.user).toMatchObject({ id: user.id });
		expect(
			await resolveSession(store, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))
		).toBeNull();
	});

	it('slide: extended when less than half is left, gone once expired', async () => {
		const store = await openStore(await tempDataDir());
		const user = await createAccount(store, {
			username: 'maya',
			password: 'a-long-password',
			role: 'trainee'
		});
		const start = new Date('2025-03-01T00:00:00Z');
		const { token } = await startSession(store, user.id, start);

		const early = await resolveSession(store, token, new Date(start.getTime() + 2 * DAY));
		expect(early?.renewed).toBe(false);

		const later = new Date(start.getTime() + 5 * DAY);
		const renewed = await resolveSession(store, token, later);
		expect(renewed?.renewed).toBe(true);
		expect(renewed?.session.expiresAt).toBe(
			new Date(later.getTime() + SESSION_TTL_MS).toISOString()
		);

		expect(await resolveSession(store, token, new Date(later.getTime() + 8 * DAY))).toBeNull();
		expect(await store.getSession(hashToken(token))).toBeUndefined();
	});

	it('never hand out the password hash', async () => {
		const store = await openStore(await tempDataDir());
		const user = await createAccount(store, {
			username: 'maya',
			password: 'a-long-password',
			role: 'trainee'
		});
		const { token } = await startSession(store, user.id);
		expect(Object.keys((await resolveSession(store, token))!.user)).not.toContain('passwordHash');
	});

	it('get HttpOnly, SameSite=Lax cookies, Secure over https', () => {
		const expires = new Date();
		expect(sessionCookieOptions(new URL('https://rapport.example/x'), expires)).toEqual({
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: true,
			expires
		});
		expect(sessionCookieOptions(new URL('http://127.0.0.1:4173/'), expires).secure).toBe(false);
	});
});

describe('sign-in throttle', () => {
	it('refuses the sixth try within 15 minutes, with the wait in seconds', async () => {
		const throttle = new SignInThrottle(await openTestStore());
		const t0 = 1_000_000;
		for (let i = 0; i < 5; i++) {
			expect((await throttle.begin('maya', t0 + i * 1000)).allowed).toBe(true);
		}
		const refused = await throttle.begin('maya', t0 + 10_000);
		expect(refused).toEqual({ allowed: false, retryAfter: 15 * 60 - 10 });
		expect((await throttle.begin('other', t0 + 10_000)).allowed).toBe(true);
		// The oldest failure leaves the window: one more try.
		expect((await throttle.begin('maya', t0 + 15 * 60 * 1000 + 1)).allowed).toBe(true);
	});

	it('forgets an account after a success', async () => {
		const throttle = new SignInThrottle(await openTestStore());
		for (let i = 0; i < 4; i++) await throttle.begin('maya');
		await throttle.succeeded('maya');
		for (let i = 0; i < 5; i++) expect((await throttle.begin('maya')).allowed).toBe(true);
	});

	it('is shared by every instance on one store', async () => {
		const store = await openTestStore();
		const one = new SignInThrottle(store);
		const two = new SignInThrottle(store);
		for (let i = 0; i < 5; i++) await (i % 2 ? one : two).begin('maya');
		expect((await one.begin('maya')).allowed).toBe(false);
		expect((await two.begin('maya')).allowed).toBe(false);
	});

	it('stays bounded under a flood of made-up usernames (embedded store)', () => {
		const tries = new MemorySignInTries(100);
		for (let i = 0; i < 1000; i++) tries.count(`ghost-${i}`, 1000 + i, 0, 5);
		expect(tries.size).toBeLessThanOrEqual(100);
	});
});

describe('signIn', () => {
	async function setUp() {
		const store = await openTestStore();
		await createAccount(store, { username: 'maya', password: 'a-long-password', role: 'trainee' });
		return { store, throttle: new SignInThrottle(store) };
	}

	it('starts a new session with a new token each time', async () => {
		const { store, throttle } = await setUp();
		const first = await signIn(store, throttle, { username: 'MAYA', password: 'a-long-password' });
		const second = await signIn(store, throttle, {
			username: 'maya',
			password: 'a-long-password',
			previousToken: first.ok ? first.token : undefined
		});
		expect(first.ok && second.ok).toBe(true);
		if (!first.ok || !second.ok) return;
		expect(second.token).not.toBe(first.token);
		// The session that came in with the sign-in is ended, so it cannot be fixed in advance.
		expect(await resolveSession(store, first.token)).toBeNull();
		expect(await resolveSession(store, second.token)).not.toBeNull();
	});

	it('refuses a suspended account, ends its sessions at once, and lets it in once lifted', async () => {
		const { store, throttle } = await setUp();
		const maya = (await store.getUserByUsername('maya'))!;
		const before = await signIn(store, throttle, { username: 'maya', password: 'a-long-password' });
		if (!before.ok) throw new Error('sign-in failed');
		await store.createAttempt({
			userId: maya.id,
			scenarioId: 's',
			scenarioHash: 'h',
			mode: 'practice'
		});

		await setSuspended(store, 'admin-id', maya.id, true);
		expect(await resolveSession(store, before.token)).toBeNull();
		expect(accountState((await store.getUser(maya.id))!)).toBe('suspended');
		expect(
			await signIn(store, throttle, { username: 'maya', password: 'a-long-password' })
		).toEqual({ ok: false, reason: 'suspended' });
		// A wrong password is told apart from nothing: suspension shows only to the right one.
		expect(await signIn(store, throttle, { username: 'maya', password: 'wrong-password' })).toEqual(
			{
				ok: false,
				reason: 'invalid'
			}
		);
		// Their data stays.
		expect(await store.listAttemptsByUser(maya.id)).toHaveLength(1);

		await setSuspended(store, 'admin-id', maya.id, false);
		expect((await store.getUser(maya.id))!.suspendedAt).toBeUndefined();
		expect(
			(await signIn(store, throttle, { username: 'maya', password: 'a-long-password' })).ok
		).toBe(true);
		const audit = (await store.listAudit()).filter((e) => e.targetId === maya.id);
		expect(audit.map((e) => [e.action, e.actorId])).toEqual(
			expect.arrayContaining([
				['user.suspend', 'admin-id'],
				['user.unsuspend', 'admin-id']
			])
		);
	});

	it('changes a name and email, auditing which fields changed but not their values', async () => {
		const { store } = await setUp();
		const maya = (await store.getUserByUsername('maya'))!;
		const renamed = await changeDetails(store, 'admin-id', maya, {
			displayName: 'Maya Rivers',
			email: 'maya@example.org'
		});
		expect(renamed).toMatchObject({ displayName: 'Maya Rivers', email: 'maya@example.org' });
		const cleared = await changeDetails(store, 'admin-id', renamed, {
			displayName: 'Maya Rivers',
			email: ''
		});
		expect(cleared.email).toBeUndefined();
		const entries = (await store.listAudit()).filter((e) => e.action === 'user.details');
		expect(entries.map((e) => e.detail)).toEqual([
			{ changed: ['email'] },
			{ changed: ['displayName', 'email'] }
		]);
		expect(JSON.stringify(entries)).not.toContain('Rivers');
	});

	it('answers an unknown user exactly like a wrong password, in about the same time', async () => {
		const { store, throttle } = await setUp();
		const timed = async (username: string) => {
			const t = performance.now();
			const result = await signIn(store, throttle, { username, password: 'wrong-password' });
			return { result, ms: performance.now() - t };
		};
		await timed('warm-up');
		const wrong: number[] = [];
		const unknown: number[] = [];
		for (let i = 0; i < 4; i++) {
			const w = await timed('maya');
			const u = await timed(`nobody-${i}`);
			expect(u.result).toEqual(w.result);
			expect(w.result).toEqual({ ok: false, reason: 'invalid' });
			wrong.push(w.ms);
			unknown.push(u.ms);
		}
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		// Both run one Argon2id verification (tens of ms); skipping it would make unknown ~0 ms.
		expect(median(unknown)).toBeGreaterThan(median(wrong) / 3);
		expect(median(unknown)).toBeLessThan(median(wrong) * 3);
	});

	it('throttles per account after five failures, known or unknown, even with the right password', async () => {
		const { store, throttle } = await setUp();
		const tries = await Promise.all(
			Array.from({ length: 8 }, () =>
				signIn(store, throttle, { username: 'maya', password: 'guess-guess' })
			)
		);
		// Sent all at once, still only five got checked.
		expect(tries.filter((t) => !t.ok && t.reason === 'throttled')).toHaveLength(3);
		const right = await signIn(store, throttle, { username: 'maya', password: 'a-long-password' });
		expect(right).toMatchObject({ ok: false, reason: 'throttled' });
		expect(!right.ok && right.reason === 'throttled' && right.retryAfter).toBeGreaterThan(800);
		for (let i = 0; i < 5; i++) await signIn(store, throttle, { username: 'ghost', password: 'x' });
		expect(await signIn(store, throttle, { username: 'ghost', password: 'x' })).toMatchObject({
			reason: 'throttled'
		});
	});
});

describe('guards', () => {
	const event = (user: App.Locals['user']) => ({
		locals: { user },
		url: new URL('http://x/scenarios/a?mode=practice')
	});
	const someone = {
		id: 'u',
		username: 'u',
		displayName: 'U',
		role: 'trainee' as const,
		createdAt: '',
		pseudonym: 'p'
	};

	it('send anonymous users to sign in and back', () => {
		expect(() => requireUser(event(null))).toThrow(
			expect.objectContaining({
				status: 303,
				location: '/signin?next=%2Fscenarios%2Fa%3Fmode%3Dpractice'
			})
		);
	});

	it('refuse the wrong role with 403 and let the right one through', () => {
		expect(() => requireUser(event(someone), ['instructor', 'admin'])).toThrow(
			expect.objectContaining({ status: 403 })
		);
		expect(requireUser(event(someone), ['trainee'])).toBe(someone);
	});

	it('only follow `next` to a path on this site', () => {
		expect(safeNext('/scenarios/a?x=1#b')).toBe('/scenarios/a?x=1#b');
		for (const bad of [
			'https://evil.example/',
			'//evil.example/x',
			'/\\evil.example',
			'javascript:alert(1)',
			'',
			null,
			'/%0d%0aSet-Cookie:x',
			'/\tx'
		]) {
			const got = safeNext(bad as string);
			expect(got.startsWith('/') && !got.startsWith('//') && !got.startsWith('/\\')).toBe(true);
			if (bad && !bad.startsWith('/%')) expect(got).toBe('/');
		}
	});
});

describe('first run', () => {
	it('creates demo accounts once and prints their passwords', async () => {
		const store = await openStore(await tempDataDir());
		const lines: string[] = [];
		const first = await firstRun(store, { env: {}, log: (l) => lines.push(l) });
		expect(first.demo.map((d) => d.role)).toEqual(['trainee', 'instructor', 'admin']);
		for (const d of first.demo) expect(lines.join('\n')).toContain(d.password);
		const admin = await store.getUserByUsername('admin');
		expect(await verifyPassword(admin!.passwordHash, first.demo[2].password)).toBe(true);

		expect((await firstRun(store, { env: {}, log: () => {} })).demo).toEqual([]);
		expect(await store.listUsers()).toHaveLength(3);
	});

	it('creates them once when two instances start together on one store', async () => {
		const store = await openTestStore();
		const quiet = { env: {}, log: () => {} };
		const [one, two] = await Promise.all([firstRun(store, quiet), firstRun(store, quiet)]);
		expect([one.demo.length, two.demo.length].sort()).toEqual([0, 3]);
		expect((await store.listUsers()).map((u) => u.username).sort()).toEqual([
			'admin',
			'instructor',
			'trainee'
		]);
	});

	it('creates none in production unless asked, and says how to make the first admin', async () => {
		const store = await openStore(await tempDataDir());
		const lines: string[] = [];
		await firstRun(store, { env: { NODE_ENV: 'production' }, log: (l) => lines.push(l) });
		expect(await store.listUsers()).toEqual([]);
		expect(lines.join('\n')).toContain('npm run admin -- create-user');
		expect(demoAccountsEnabled({ NODE_ENV: 'production', RAPPORT_DEMO_ACCOUNTS: '1' })).toBe(true);
		expect(demoAccountsEnabled({ RAPPORT_DEMO_ACCOUNTS: '0' })).toBe(false);
		expect(demoAccountsEnabled({})).toBe(true);
	});
});
