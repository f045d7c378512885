import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, tempDataDir } from '../store/helpers';
import { eraseTrainee, exportTraineeData } from '../../../src/lib/server/programmes/privacy';
import { resetAttempt } from '../../../src/lib/server/programmes/audit';
import type { LowdbStore } from '../../../src/lib/server/store/lowdb/lowdb-store';

// Distinctive details, so a search of the files cannot hit something else by chance.
const USERNAME = 'quillonby';
const DISPLAY = 'Zéphyrine Quillonby-Marsh';
const EMAIL = 'zephyrine.q@erasure-test.example';
const DETAILS = [USERNAME, DISPLAY, EMAIL];

async function allFiles(dir: string): Promise<string[]> {
	const out: string[] = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) out.push(...(await allFiles(full)));
		else out.push(full);
	}
	return out;
}

/** Every file under the data folder that holds one of the details, in any case. */
async function filesHolding(dir: string): Promise<string[]> {
	const hits: string[] = [];
	for (const file of await allFiles(dir)) {
		const text = (await readFile(file, 'utf-8')).toLowerCase();
		if (DETAILS.some((d) => text.includes(d.toLowerCase()))) hits.push(path.relative(dir, file));
	}
	return hits;
}

async function seed(store: LowdbStore) {
	const admin = await store.createUser({
		username: 'admin',
		displayName: 'Admin',
		role: 'admin',
		passwordHash: 'x'
	});
	const teacher = await store.createUser({
		username: 'teacher',
		displayName: 'Teacher',
		role: 'instructor',
		passwordHash: 'x'
	});
	const trainee = await store.createUser({
		username: USERNAME,
		displayName: DISPLAY,
		email: EMAIL,
		role: 'trainee',
		passwordHash: 'x'
	});
	const other = await store.createUser({
		username: 'other',
		displayName: 'Other',
		role: 'trainee',
		passwordHash: 'x'
	});
	const cohort = await store.createCohort({
		name: 'Group A',
		instructorIds: [teacher.id],
		memberIds: [trainee.id, other.id]
	});
	const assignment = await store.createAssignment({
		cohortId: cohort.id,
		scenarioId: 'coat-still-on',
		mode: 'assessment',
		createdBy: teacher.id
	});
	const attempt = await store.createAttempt({
		userId: trainee.id,
		scenarioId: 'coat-still-on',
		scenarioHash: 'h1',
		mode: 'assessment',
		assignmentId: assignment.id
	});
	await store.recordEvent(attempt.id, {
		id: 'event-0001',
		type: 'choice',
		choiceId: 'a',
		at: new Date().toISOString()
	});
	await store.updateAttempt(attempt.id, {
		status: 'completed',
		result: { normalised: 80 },
		reflection: `I am ${DISPLAY} and I felt I rushed. Mail me at ${EMAIL}.`
	});
	await store.createSession({
		tokenHash: 'h'.repeat(64),
		userId: trainee.id,
		expiresAt: '2999-01-01T00:00:00Z'
	});
	await store.createPasswordTokens([
		{
			tokenHash: 't'.repeat(64),
			userId: trainee.id,
			createdBy: teacher.id,
			expiresAt: '2999-01-01T00:00:00Z'
		}
	]);
	const teacherUser = { ...teacher, passwordHash: undefined } as never;
	await resetAttempt(store, teacherUser, cohort, attempt.id, `${USERNAME} asked: her laptop died`);
	return { admin, trainee, other, cohort, attempt };
}

describe('erasing a trainee', () => {
	it('leaves no file in DATA_DIR holding their username, display name or email, backups included', async () => {
		const dataDir = await tempDataDir();
		let store = await openStore(dataDir);
		const { admin, trainee, other, attempt } = await seed(store);
		// Typed responses ("say it your way first") are the trainee's own prose: deleted whole.
		await store.saveOwnWords({
			attemptId: attempt.id,
			step: 0,
			beat: 'opening',
			text: 'Vrelmostic: what I would have said',
			skipped: false
		});
		await store.close();
		// Reopening takes a backup, which now holds the trainee's details; so does a replaced folder.
		store = await openStore(dataDir);
		await store.backedUp();
		await mkdir(path.join(dataDir, 'replaced', 'old'), { recursive: true });
		await writeFile(
			path.join(dataDir, 'replaced', 'old', 'users.json'),
			JSON.stringify({ u: DISPLAY })
		);
		expect((await filesHolding(dataDir)).some((f) => f.startsWith('backups'))).toBe(true);

		const report = await eraseTrainee(store, admin.id, trainee.id);
		expect(report?.remaining).toEqual([]);
		expect(report?.ownWordsRemoved).toBe(1);
		expect(report?.backupsRemoved.length).toBeGreaterThan(0);
		expect(report?.backupTaken).toBeDefined();
		await store.close();
		expect(await filesHolding(dataDir)).toEqual([]);
		for (const file of await allFiles(dataDir))
			expect(await readFile(file, 'utf-8'), file).not.toContain('Vrelmostic');

		// The attempt is kept for statistics, under the pseudonym; others are untouched.
		store = await openStore(dataDir, { backupOnOpen: false });
		const tombstone = (await store.getUser(trainee.id))!;
		expect(tombstone).toMatchObject({
			username: trainee.pseudonym,
			displayName: 'Erased trainee',
			passwordHash: ''
		});
		expect(tombstone.email).toBeUndefined();
		expect(tombstone.erasedAt).toBeDefined();
		const kept = (await store.getAttempt(attempt.id))!;
		expect(kept.result).toEqual({ normalised: 80 });
		expect(kept.reflection).toBe('I am [erased] and I felt I rushed. Mail me at [erased].');
		expect(kept.voided?.reason).toBe('[erased] asked: her laptop died');
		expect(await store.listEvents(attempt.id)).toHaveLength(1);
		expect(await store.getSession('h'.repeat(64))).toBeUndefined();
		expect(await store.getPasswordToken('t'.repeat(64))).toBeUndefined();
		expect((await store.getUser(other.id))!.displayName).toBe('Other');
		expect((await store.listCohorts())[0].memberIds).toContain(trainee.id);
		const audit = await store.listAudit();
		expect(audit.find((e) => e.action === 'user.erase')).toMatchObject({
			actorId: admin.id,
			targetId: trainee.id
		});
		// A backup exists again, and it is clean (checked above with every other file).
		expect((await readdir(path.join(dataDir, 'backups'))).length).toBeGreaterThan(0);
	});

	it('refuses to erase staff, or twice', async () => {
		const dataDir = await tempDataDir();
		const store = await openStore(dataDir);
		const { admin, trainee } = await seed(store);
		expect(await eraseTrainee(store, admin.id, admin.id)).toBeUndefined();
		expect(await eraseTrainee(store, admin.id, trainee.id)).toBeDefined();
		expect(await eraseTrainee(store, admin.id, trainee.id)).toBeUndefined();
	});
});

describe('exporting a trainee’s data', () => {
	it('holds their account (no password hash), cohorts, attempts with events, and audit about them', async () => {
		const dataDir = await tempDataDir();
		const store = await openStore(dataDir);
		const { trainee, attempt, cohort } = await seed(store);
		const data = (await exportTraineeData(store, trainee.id))!;
		expect(data.user).toMatchObject({ username: USERNAME, displayName: DISPLAY, email: EMAIL });
		expect(JSON.stringify(data)).not.toContain('passwordHash');
		expect(data.cohorts).toEqual([{ id: cohort.id, name: 'Group A', as: 'trainee' }]);
		expect(data.attempts).toHaveLength(1);
		expect(data.attempts[0]).toMatchObject({
			id: attempt.id,
			events: [expect.objectContaining({ choiceId: 'a' })]
		});
		expect(data.audit.map((e) => e.action)).toContain('attempt.reset');
		expect(await exportTraineeData(store, 'missing')).toBeUndefined();
	});
});
