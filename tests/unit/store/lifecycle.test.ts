import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreCorruptError, StoreVersionError } from '../../../src/lib/server/store/errors';
import {
	listBackups,
	restoreBackup,
	rotateBackups
} from '../../../src/lib/server/store/lowdb/backups';
import type { Migration } from '../../../src/lib/server/store/lowdb/migrations';
import { openStore, seedTrainee, tempDataDir } from './helpers';

const at = (minute: number) => () => new Date(Date.UTC(2025, 0, 1, 12, minute));

async function storeWithData(dir: string) {
	const store = await openStore(dir, { clock: at(0) });
	const seeded = await seedTrainee(store);
	await store.close();
	return seeded;
}

describe('start-up checks', () => {
	it('refuses a half-written file, names it and the newest valid backup, and overwrites nothing', async () => {
		const dir = await tempDataDir();
		const { user } = await storeWithData(dir);
		await (await openStore(dir, { clock: at(1) })).close(); // takes backup 12-01
		const shard = path.join(dir, 'attempts', `${user.id}.json`);
		const whole = await readFile(shard, 'utf-8');
		const half = whole.slice(0, Math.floor(whole.length / 2));
		await writeFile(shard, half);
		const before = await readdir(path.join(dir, 'backups'));

		const opening = openStore(dir, { clock: at(2) });

		await expect(opening).rejects.toBeInstanceOf(StoreCorruptError);
		const error = (await opening.catch((e) => e)) as StoreCorruptError;
		expect(error.message).toContain(shard);
		expect(error.message).toContain('not valid JSON');
		expect(error.message).toContain('Nothing has been changed');
		expect(error.backup).toBe('2025-01-01T12-01-00-000Z');
		expect(error.message).toContain('npm run admin -- restore 2025-01-01T12-01-00-000Z');
		expect(await readFile(shard, 'utf-8')).toBe(half);
		expect(await readdir(path.join(dir, 'backups'))).toEqual(before);
		// The lock was let go: the operator can run the restore straight away.
		await expect(readFile(path.join(dir, 'rapport.lock'))).rejects.toThrow();
	});

	it('refuses a file with the wrong shape as clearly as one that does not parse', async () => {
		const dir = await tempDataDir();
		await storeWithData(dir);
		await writeFile(path.join(dir, 'users.json'), JSON.stringify({ schemaVersion: 1, users: {} }));
		await expect(openStore(dir)).rejects.toThrow(/users\.json: expected "users" to be a list/);
		await expect(openStore(dir)).rejects.toThrow(/No valid backup was found/);
	});

	it('refuses data written by a newer schema version', async () => {
		const dir = await tempDataDir();
		await storeWithData(dir);
		await writeFile(
			path.join(dir, 'sessions.json'),
			JSON.stringify({ schemaVersion: 9, sessions: [] })
		);
		await expect(openStore(dir)).rejects.toBeInstanceOf(StoreVersionError);
	});

	it('restores a backup, moving the damaged data aside instead of deleting it', async () => {
		const dir = await tempDataDir();
		const { user, attempt } = await storeWithData(dir);
		await (await openStore(dir, { clock: at(1) })).close();
		const shard = path.join(dir, 'attempts', `${user.id}.json`);
		await writeFile(shard, '{"schemaVersion": 1, "userId": "');

		const { replacedDir } = await restoreBackup(dir, '2025-01-01T12-01-00-000Z', at(3)());

		expect(await readFile(path.join(replacedDir, 'attempts', `${user.id}.json`), 'utf-8')).toBe(
			'{"schemaVersion": 1, "userId": "'
		);
		const store = await openStore(dir);
		expect((await store.getAttempt(attempt.id))?.scenarioId).toBe('coat-still-on');
	});
});

describe('backups', () => {
	it('takes one at each start and keeps the last five', async () => {
		const dir = await tempDataDir();
		await storeWithData(dir);
		for (let minute = 1; minute <= 7; minute++) {
			await (await openStore(dir, { clock: at(minute) })).close();
		}
		const backups = await listBackups(dir);
		expect(backups.map((b) => b.id)).toEqual(
			[7, 6, 5, 4, 3].map((m) => `2025-01-01T12-0${m}-00-000Z`)
		);
		expect(backups.every((b) => !b.problem && b.files === 2)).toBe(true);
	});

	it('backs up after start-up, and writes nothing until the backup holds the folder as opened', async () => {
		const dir = await tempDataDir();
		await storeWithData(dir);
		const store = await openStore(dir, { clock: at(1) });
		// Asked for at once, while the start-up backup may still be copying.
		await store.createUser({
			username: 'after-open',
			displayName: 'After Open',
			role: 'trainee',
			passwordHash: 'x'
		});
		await store.close();
		const [backup] = await listBackups(dir);
		expect(backup.problem).toBeUndefined();
		const users = await readFile(path.join(backup.dir, 'users.json'), 'utf-8');
		expect(users).not.toContain('after-open');
		expect(await readFile(path.join(dir, 'users.json'), 'utf-8')).toContain('after-open');
	});

	it('does not count an unfinished or altered backup as valid', async () => {
		const dir = await tempDataDir();
		await storeWithData(dir);
		await (await openStore(dir, { clock: at(1) })).close();
		await (await openStore(dir, { clock: at(2) })).close();
		await writeFile(path.join(dir, 'backups', '2025-01-01T12-02-00-000Z', 'users.json'), '{}');
		await mkdir(path.join(dir, 'backups', '2025-01-01T12-03-00-000Z'));

		const [unfinished, altered, good] = await listBackups(dir);

		expect(unfinished.problem).toMatch(/not finished/);
		expect(altered.problem).toMatch(/users\.json does not match/);
		expect(good.problem).toBeUndefined();
		await expect(restoreBackup(dir, altered.id)).rejects.toThrow(/cannot be restored/);
	});

	it('removes leftovers of a backup cut short', async () => {
		const dir = await tempDataDir();
		await mkdir(path.join(dir, 'backups', '.2025-01-01T12-00-00-000Z.partial'), {
			recursive: true
		});
		await rotateBackups(dir);
		expect(await readdir(path.join(dir, 'backups'))).toEqual([]);
	});
});

describe('migrations', () => {
	const addTimezone: Migration = {
		to: 2,
		description: 'users get a time zone',
		steps: {
			users: (doc) => ({
				...doc,
				users: (doc.users as object[]).map((u) => ({ ...u, timeZone: 'UTC' }))
			})
		}
	};

	it('upgrades every file to the current version after backing up the old data', async () => {
		const dir = await tempDataDir();
		const { user, attempt } = await storeWithData(dir);

		const store = await openStore(dir, {
			schemaVersion: 2,
			migrations: [addTimezone],
			clock: at(1)
		});

		const users = JSON.parse(await readFile(path.join(dir, 'users.json'), 'utf-8'));
		expect(users.schemaVersion).toBe(2);
		expect(users.users[0].timeZone).toBe('UTC');
		const shard = JSON.parse(
			await readFile(path.join(dir, 'attempts', `${user.id}.json`), 'utf-8')
		);
		expect(shard.schemaVersion).toBe(2);
		expect((await store.getAttempt(attempt.id))?.id).toBe(attempt.id);
		const backup = JSON.parse(
			await readFile(path.join(dir, 'backups', '2025-01-01T12-01-00-000Z', 'users.json'), 'utf-8')
		);
		expect(backup.schemaVersion).toBe(1);
	});

	it('refuses to start when a step is missing', async () => {
		const dir = await tempDataDir();
		await storeWithData(dir);
		await expect(openStore(dir, { schemaVersion: 3, migrations: [addTimezone] })).rejects.toThrow(
			/no migration from schema 2 to 3/
		);
	});
});
