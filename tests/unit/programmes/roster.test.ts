import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dirs, makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import { addTrainee, importRoster, planRoster } from '../../../src/lib/server/programmes/roster';
import { openLink, redeemLink } from '../../../src/lib/server/programmes/password-links';

const FILE = [
	'username,display name,email',
	'ann,Ann Archer,ann@example.org',
	'ben,Ben Bell,',
	'cat,Cat Cole,cat@example.org'
].join('\r\n');

async function cohortWithInstructor() {
	const store = await getStore();
	const instructor = await makeUser('teacher', 'instructor');
	const cohort = await store.createCohort({
		name: 'Group A',
		instructorIds: [instructor.id],
		memberIds: []
	});
	return { store, instructor, cohort };
}

describe('planRoster', () => {
	it('sorts rows into create, add and unchanged, and refuses staff accounts', () => {
		const entries = ['new', 'old', 'member', 'boss'].map((username, i) => ({
			line: i + 2,
			username,
			displayName: username
		}));
		const users = new Map([
			['old', { id: 'u-old', role: 'trainee' as const }],
			['member', { id: 'u-member', role: 'trainee' as const }],
			['boss', { id: 'u-boss', role: 'instructor' as const }]
		]);
		const plan = planRoster(entries, [], users, { memberIds: ['u-member'] });
		expect(plan.rows.map((r) => [r.username, r.action])).toEqual([
			['new', 'create'],
			['old', 'add'],
			['member', 'unchanged']
		]);
		expect(plan.counts).toEqual({ create: 1, add: 1, unchanged: 1 });
		expect(plan.problems).toEqual([
			{ line: 5, message: expect.stringMatching(/boss is an instructor/) }
		]);
	});
});

describe('importRoster', () => {
	it('creates accounts without passwords, adds them, and hands out one link each', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const result = await importRoster(store, cohort.id, new TextEncoder().encode(FILE), instructor);
		expect(result.written).toBe(true);
		expect(result.plan.counts).toEqual({ create: 3, add: 0, unchanged: 0 });
		expect(result.links.map((l) => l.username)).toEqual(['ann', 'ben', 'cat']);
		const ann = (await store.getUserByUsername('ann'))!;
		expect(ann).toMatchObject({
			displayName: 'Ann Archer',
			email: 'ann@example.org',
			role: 'trainee',
			passwordHash: ''
		});
		expect((await store.getUserByUsername('ben'))!.email).toBeUndefined();
		expect((await store.getCohort(cohort.id))!.memberIds).toHaveLength(3);
		// Only the hash of each link's token is on disk.
		const sessions = await readFile(path.join(dirs.data, 'sessions.json'), 'utf-8');
		const token = result.links[0].path.split('/').pop()!;
		expect(sessions).not.toContain(token);
		expect(await openLink(store, token)).toMatchObject({ user: { username: 'ann' } });
	});

	it('is idempotent: the same file again changes nothing and makes no links', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		await importRoster(store, cohort.id, FILE, instructor);
		const users = await readFile(path.join(dirs.data, 'users.json'), 'utf-8');
		const again = await importRoster(store, cohort.id, FILE, instructor);
		expect(again.plan.counts).toEqual({ create: 0, add: 0, unchanged: 3 });
		expect(again.links).toEqual([]);
		expect(await readFile(path.join(dirs.data, 'users.json'), 'utf-8')).toBe(users);
		expect((await store.getCohort(cohort.id))!.memberIds).toHaveLength(3);
	});

	it('adds existing trainees who are not yet in the cohort without touching their accounts', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const ben = await makeUser('ben');
		const result = await importRoster(store, cohort.id, FILE, instructor);
		expect(result.plan.counts).toEqual({ create: 2, add: 1, unchanged: 0 });
		expect(result.links.map((l) => l.username)).toEqual(['ann', 'cat']);
		expect((await store.getUser(ben.id))!.displayName).toBe('ben');
		expect((await store.getCohort(cohort.id))!.memberIds).toContain(ben.id);
	});

	it('writes nothing at all when any row has a problem', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const before = (await store.listUsers()).length;
		const bad = `${FILE}\r\nann,Ann Again,\r\nbad name!,X,\r\n`;
		const result = await importRoster(store, cohort.id, bad, instructor);
		expect(result.written).toBe(false);
		expect(result.plan.problems.map((p) => p.line)).toEqual([5, 6]);
		expect((await store.listUsers()).length).toBe(before);
		expect((await store.getCohort(cohort.id))!.memberIds).toEqual([]);
		expect(await store.listAudit()).not.toContainEqual(
			expect.objectContaining({ action: 'roster.import' })
		);
	});

	it('refuses non-UTF-8 bytes with the line, writing nothing', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const bytes = Buffer.concat([
			Buffer.from('username,name\nann,Ann\nzoe,Zo'),
			Buffer.from([0xeb, 0x0a])
		]);
		const result = await importRoster(store, cohort.id, new Uint8Array(bytes), instructor);
		expect(result.written).toBe(false);
		expect(result.plan.problems).toEqual([
			{ line: 3, message: expect.stringMatching(/not UTF-8/) }
		]);
		expect(await store.getUserByUsername('ann')).toBeUndefined();
	});

	it('imports 5,000 rows in one write, within seconds', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const rows = Array.from({ length: 5000 }, (_, i) => `t${i},Trainee ${i},t${i}@example.org`);
		const started = performance.now();
		const result = await importRoster(
			store,
			cohort.id,
			['username,name,email', ...rows].join('\n'),
			instructor
		);
		const ms = performance.now() - started;
		expect(result.written).toBe(true);
		expect(result.links).toHaveLength(5000);
		expect((await store.getCohort(cohort.id))!.memberIds).toHaveLength(5000);
		expect(ms).toBeLessThan(10_000);
	});
});

describe('addTrainee and set-password links', () => {
	it('adds one trainee, whose link sets a password once', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const result = await addTrainee(
			store,
			cohort.id,
			{ username: 'Dee', displayName: 'Dee Dunn' },
			instructor
		);
		expect(result.written).toBe(true);
		const token = result.links[0].path.split('/').pop()!;
		expect(await redeemLink(store, token, 'short', 'short')).toMatchObject({
			ok: false,
			reason: 'password'
		});
		expect(await redeemLink(store, token, 'xx-dee-xx-long', 'xx-dee-xx-long')).toMatchObject({
			ok: false,
			message: 'The password cannot contain your username.'
		});
		expect(await redeemLink(store, token, 'a long passphrase', 'a long passphrasE')).toMatchObject({
			ok: false
		});
		expect(await redeemLink(store, token, 'a long passphrase', 'a long passphrase')).toMatchObject({
			ok: true
		});
		expect((await store.getUserByUsername('dee'))!.passwordHash).toMatch(/^\$argon2id\$/);
		expect(
			await redeemLink(store, token, 'another passphrase', 'another passphrase')
		).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
	});

	it('refuses an expired or made-up link', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const result = await addTrainee(
			store,
			cohort.id,
			{ username: 'eve', displayName: 'Eve' },
			instructor
		);
		const token = result.links[0].path.split('/').pop()!;
		const later = new Date(Date.now() + 8 * 24 * 60 * 60 * 1000);
		expect(await openLink(store, token, later)).toBeUndefined();
		expect(
			await redeemLink(store, token, 'a long passphrase', 'a long passphrase', later)
		).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(await openLink(store, 'x'.repeat(43))).toBeUndefined();
		expect(await openLink(store, '../../etc')).toBeUndefined();
	});

	it('reports problems with one trainee and writes nothing', async () => {
		const { store, instructor, cohort } = await cohortWithInstructor();
		const result = await addTrainee(
			store,
			cohort.id,
			{ username: '', displayName: '', email: 'nope' },
			instructor
		);
		expect(result.written).toBe(false);
		expect(result.plan.problems.map((p) => p.message)).toEqual([
			'Enter a username.',
			'The display name is empty.',
			'"nope" is not an email address.'
		]);
	});
});
