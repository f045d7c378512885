import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreLockedError } from '../../../src/lib/server/store/errors';
import { acquireLock, LOCK_FILE } from '../../../src/lib/server/store/lowdb/lock';
import { holdInChild, runChild } from './crash-harness';
import { openStore, tempDataDir } from './helpers';

/** The pid of a process that has certainly exited. */
async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', '0']);
	await new Promise((done) => child.on('close', done));
	return child.pid!;
}

/**
 * A real zombie: `sh` starts a short-lived child, then becomes `sleep` by exec, and `sleep` never
 * reaps it. The child lives a second so that `sh` has become `sleep` before it exits (a child
 * that exits at once can be reaped by `sh` itself on a busy machine). Resolves once /proc shows
 * the child in state Z; `done` ends the whole group.
 */
async function zombie(): Promise<{ pid: number; done: () => void }> {
	const parent = spawn('sh', ['-c', 'sleep 1 & echo $!; exec sleep 30'], {
		stdio: ['ignore', 'pipe', 'ignore']
	});
	const pid = await new Promise<number>((resolve) =>
		parent.stdout.setEncoding('utf-8').once('data', (line: string) => resolve(Number(line)))
	);
	for (let i = 0; i < 250; i++) {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf-8');
		if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) break;
		await new Promise((done) => setTimeout(done, 20));
	}
	return { pid, done: () => parent.kill('SIGKILL') };
}

describe('data folder lock', () => {
	it('makes a second process refuse to open, naming the holder', async () => {
		const dir = await tempDataDir();
		await openStore(dir);

		const second = await runChild('open', dir);

		expect(second.code).toBe(2);
		expect(second.stdout).toContain('refused StoreLockedError');
		expect(second.stderr).toContain(`pid ${process.pid} on ${os.hostname()}`);
		expect(second.stderr).toContain('in use by another process');
	});

	it('refuses a second store in the same process', async () => {
		const dir = await tempDataDir();
		await openStore(dir);
		await expect(openStore(dir)).rejects.toBeInstanceOf(StoreLockedError);
	});

	it('is free again once the holder closes', async () => {
		const dir = await tempDataDir();
		const store = await openStore(dir);
		await store.close();
		const second = await runChild('open', dir);
		expect(second.stdout).toContain('opened');
	});

	it('refuses while a live process holds it, and takes it over once that process is killed', async () => {
		const dir = await tempDataDir();
		const holder = await holdInChild(dir);
		await expect(openStore(dir)).rejects.toThrow(`pid ${holder.pid}`);

		await holder.kill();

		const store = await openStore(dir);
		const lock = JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf-8'));
		expect(lock.pid).toBe(process.pid);
		await store.close();
	});

	it('lets exactly one of several racing processes take over a stale lock', async () => {
		const dir = await tempDataDir();
		const stale = {
			pid: await deadPid(),
			hostname: os.hostname(),
			startedAt: 'then',
			nonce: 'old'
		};
		await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(stale));

		// Each racer holds on once it has the folder; the losers must be refused by a live holder.
		const runs = await Promise.all(
			Array.from({ length: 4 }, () =>
				runChild('hold', dir, { killAfterMs: (out) => (out.includes('opened') ? 2500 : undefined) })
			)
		);

		expect(runs.filter((r) => r.stdout.includes('opened'))).toHaveLength(1);
		expect(runs.filter((r) => r.stderr.includes('in use by another process'))).toHaveLength(3);
	});

	it('lets exactly one of several racers in one process take the lock', async () => {
		const dir = await tempDataDir();
		const stale = {
			pid: await deadPid(),
			hostname: os.hostname(),
			startedAt: 'then',
			nonce: 'old'
		};
		await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(stale));

		const results = await Promise.allSettled([
			acquireLock(dir, 'a'),
			acquireLock(`${dir}/.`, 'b'),
			acquireLock(`${dir}/./`, 'c')
		]);

		const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
		expect(winners).toHaveLength(1);
		for (const r of results) {
			if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreLockedError);
		}
		await winners[0].release();
	});

	it('takes over a lock left by an earlier run with this same pid (containers reuse pid 1)', async () => {
		const dir = await tempDataDir();
		const earlier = { pid: process.pid, hostname: os.hostname(), startedAt: 'then', nonce: 'old' };
		await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(earlier));
		const lock = await acquireLock(dir);
		expect(JSON.parse(await readFile(lock.file, 'utf-8')).nonce).not.toBe('old');
		await lock.release();
	});

	it.runIf(process.platform === 'linux')(
		'takes over a lock whose process is a zombie not yet reaped, and says so',
		async () => {
			const dir = await tempDataDir();
			const dead = await zombie();
			try {
				const stale = { pid: dead.pid, hostname: os.hostname(), startedAt: 'then', nonce: 'old' };
				await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(stale));
				const lines: string[] = [];
				const lock = await acquireLock(dir, 'server', { log: (l) => lines.push(l) });
				expect(JSON.parse(await readFile(lock.file, 'utf-8')).pid).toBe(process.pid);
				expect(lines.join('\n')).toContain(`${dead.pid} has exited (a zombie not yet reaped)`);
				await lock.release();
			} finally {
				dead.done();
			}
		}
	);

	it('re-checks a live holder briefly before refusing: a process killed 200 ms in is taken over', async () => {
		const dir = await tempDataDir();
		const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
		const live = { pid: holder.pid!, hostname: os.hostname(), startedAt: 'then', nonce: 'old' };
		await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(live));
		setTimeout(() => holder.kill('SIGKILL'), 200);
		const lines: string[] = [];
		const lock = await acquireLock(dir, 'server', { log: (l) => lines.push(l) });
		expect(lines.join('\n')).toContain(`Took over the stale lock`);
		await lock.release();
	});

	it('still refuses a holder that stays alive through the re-checks', async () => {
		const dir = await tempDataDir();
		const holder = spawn('sleep', ['30'], { stdio: 'ignore' });
		try {
			const live = { pid: holder.pid!, hostname: os.hostname(), startedAt: 'then', nonce: 'x' };
			await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(live));
			const started = Date.now();
			await expect(acquireLock(dir, 'server', { settleMs: 300 })).rejects.toBeInstanceOf(
				StoreLockedError
			);
			expect(Date.now() - started).toBeGreaterThanOrEqual(300);
		} finally {
			holder.kill('SIGKILL');
		}
	});

	it('does not trust a lock from another host', async () => {
		const dir = await tempDataDir();
		const foreign = { pid: 1, hostname: 'elsewhere', startedAt: 'then', nonce: 'x' };
		await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(foreign));
		await expect(openStore(dir)).rejects.toThrow(/another machine \(elsewhere\)/);
	});
});
