import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin, type AdminIo } from '../../../src/lib/server/admin/commands';
import { verifyPassword } from '../../../src/lib/server/auth/password';
import { holdInChild } from './crash-harness';
import { openStore, tempDataDir } from './helpers';

function capture(env: Record<string, string | undefined> = {}) {
	const out: string[] = [];
	const err: string[] = [];
	const io: AdminIo = { out: (l) => out.push(l), err: (l) => err.push(l), env };
	return { io, out, err, text: () => [...out, ...err].join('\n') };
}

describe('admin CLI', () => {
	it('creates the first admin with a generated password it prints once', async () => {
		const dir = await tempDataDir();
		const run = capture({ DATA_DIR: dir });

		const code = await runAdmin(
			['create-user', '--username', 'Ada', '--role', 'admin', '--display-name', 'Ada L'],
			run.io
		);

		expect(code).toBe(0);
		const password = /Password \(shown only now\): (\S+)/.exec(run.text())![1];
		const store = await openStore(dir, { readOnly: true });
		const ada = await store.getUserByUsername('ada');
		expect(ada).toMatchObject({ role: 'admin', displayName: 'Ada L' });
		expect(await verifyPassword(ada!.passwordHash, password)).toBe(true);
	});

	it('takes a given password, refuses a taken username and a bad role', async () => {
		const dir = await tempDataDir();
		const args = [
			'--data-dir',
			dir,
			'create-user',
			'--username',
			'bo',
			'--role',
			'trainee',
			'--password',
			'bo-password-1'
		];
		expect(await runAdmin(args, capture().io)).toBe(0);
		const again = capture();
		expect(await runAdmin(args, again.io)).toBe(1);
		expect(again.text()).toContain('username bo is taken');
		const badRole = capture();
		expect(
			await runAdmin(
				['--data-dir', dir, 'create-user', '--username', 'c', '--role', 'boss'],
				badRole.io
			)
		).toBe(2);
	});

	it('resets a password and lists users', async () => {
		const dir = await tempDataDir();
		await runAdmin(
			[
				'--data-dir',
				dir,
				'create-user',
				'--username',
				'bo',
				'--role',
				'trainee',
				'--password',
				'first-password'
			],
			capture().io
		);
		expect(
			await runAdmin(
				['--data-dir', dir, 'reset-password', '--username', 'BO', '--password', 'second-password'],
				capture().io
			)
		).toBe(0);
		const list = capture();
		await runAdmin(['--data-dir', dir, 'list-users'], list.io);
		expect(list.text()).toMatch(/^bo\s+trainee\s+bo/m);
		const store = await openStore(dir, { readOnly: true });
		expect(
			await verifyPassword((await store.getUserByUsername('bo'))!.passwordHash, 'second-password')
		).toBe(true);
	});

	it('sets a role (the first admin when people arrive by single sign-on)', async () => {
		const dir = await tempDataDir();
		const setup = await openStore(dir);
		await setup.createUser({
			username: 'ada',
			displayName: 'Ada',
			role: 'trainee',
			passwordHash: ''
		});
		await setup.close();
		const run = capture();
		expect(
			await runAdmin(
				['--data-dir', dir, 'set-role', '--username', 'Ada', '--role', 'admin'],
				run.io
			)
		).toBe(0);
		expect(run.text()).toBe('"ada" is now admin.');
		const bad = capture();
		expect(
			await runAdmin(
				['--data-dir', dir, 'set-role', '--username', 'nobody', '--role', 'admin'],
				bad.io
			)
		).toBe(1);
		expect(
			await runAdmin(
				['--data-dir', dir, 'set-role', '--username', 'ada', '--role', 'boss'],
				capture().io
			)
		).toBe(2);
		const store = await openStore(dir, { readOnly: true });
		expect((await store.getUserByUsername('ada'))?.role).toBe('admin');
		expect((await store.listAudit()).map((e) => [e.action, e.detail])).toEqual([
			['user.role', { from: 'trainee', to: 'admin', via: 'admin-cli' }]
		]);
	});

	it('refuses to write, restore included, while the server holds the folder; reading still works', async () => {
		const dir = await tempDataDir();
		await runAdmin(
			[
				'--data-dir',
				dir,
				'create-user',
				'--username',
				'bo',
				'--role',
				'trainee',
				'--password',
				'first-password'
			],
			capture().io
		);
		const server = await holdInChild(dir);
		try {
			for (const args of [
				['create-user', '--username', 'x', '--role', 'admin', '--password', 'x-password-1'],
				['reset-password', '--username', 'bo', '--password', 'another-password'],
				['restore', 'some-backup']
			]) {
				const run = capture();
				expect(await runAdmin(['--data-dir', dir, ...args], run.io)).toBe(1);
				expect(run.text()).toContain(
					`in use by another process (store-child hold, pid ${server.pid}`
				);
				expect(run.text()).toContain('need Rapport stopped');
			}
			const list = capture();
			expect(await runAdmin(['--data-dir', dir, 'list-users'], list.io)).toBe(0);
			expect(list.text()).toContain('bo');
		} finally {
			await server.kill();
		}
	});

	it('checks files, lists backups and restores one', async () => {
		const dir = await tempDataDir();
		await runAdmin(
			[
				'--data-dir',
				dir,
				'create-user',
				'--username',
				'bo',
				'--role',
				'trainee',
				'--password',
				'first-password'
			],
			capture().io
		);
		await (await openStore(dir)).close(); // a start: takes a backup
		const ok = capture();
		expect(await runAdmin(['--data-dir', dir, 'check'], ok.io)).toBe(0);
		expect(ok.text()).toContain('every data file reads correctly (1 users)');

		const users = path.join(dir, 'users.json');
		await writeFile(users, '{"schemaVersion":1,"us');
		const bad = capture();
		expect(await runAdmin(['--data-dir', dir, 'check'], bad.io)).toBe(1);
		expect(bad.text()).toContain(`${users}: not valid JSON`);
		const id = /npm run admin -- restore (\S+)/.exec(bad.text())![1];

		const listed = capture();
		await runAdmin(['--data-dir', dir, 'backups'], listed.io);
		expect(listed.text()).toContain(`${id}  2 files`);

		const restored = capture();
		expect(await runAdmin(['--data-dir', dir, 'restore', id], restored.io)).toBe(0);
		expect(restored.text()).toMatch(/The files it replaced \(2\) are in .*replaced/);
		expect(JSON.parse(await readFile(users, 'utf-8')).users[0].username).toBe('bo');
		expect(await runAdmin(['--data-dir', dir, 'check'], capture().io)).toBe(0);
	});
});
