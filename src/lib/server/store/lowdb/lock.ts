import { randomBytes } from 'node:crypto';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { unlinkSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StoreLockedError } from '../errors';
import { syncDirectory } from './durable-file';

export const LOCK_FILE = 'rapport.lock';

export interface LockHolder {
	pid: number;
	hostname: string;
	startedAt: string;
	/** What took the lock: `server`, `admin-cli restore`, ... */
	purpose?: string;
	/** Random per acquisition, so a lock can tell itself apart from an old one with the same pid. */
	nonce: string;
}

export interface DataDirLock {
	readonly file: string;
	readonly holder: LockHolder;
	release(): Promise<void>;
}

/** Folders locked by this process: a second store on the same folder in one process refuses too. */
const heldHere = new Set<string>();

function describe(holder: LockHolder): string {
	const what = holder.purpose ? `${holder.purpose}, ` : '';
	return `${what}pid ${holder.pid} on ${holder.hostname}, started ${holder.startedAt}`;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		// EPERM: the process exists but belongs to someone else.
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

async function readHolder(file: string): Promise<LockHolder | 'missing' | 'unreadable'> {
	let text: string;
	try {
		text = await readFile(file, 'utf-8');
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
		throw e;
	}
	try {
		const holder = JSON.parse(text) as LockHolder;
		if (typeof holder.pid !== 'number' || typeof holder.hostname !== 'string') return 'unreadable';
		return holder;
	} catch {
		return 'unreadable';
	}
}

/**
 * A lock is stale when its process is gone. Only a lock from this host can be judged; a lock with
 * this very pid is from an earlier run (in a container the server is often pid 1 every time),
 * since this process has not taken it yet.
 */
function isStale(holder: LockHolder): boolean {
	if (holder.hostname !== os.hostname()) return false;
	if (holder.pid === process.pid) return true;
	return !isAlive(holder.pid);
}

/**
 * Takes `DATA_DIR/rapport.lock` or throws `StoreLockedError` naming the holder.
 *
 * The lock file is written in full under a private name, then hard-linked into place: `link`
 * fails if the lock exists, so exactly one process wins and nobody reads a half-written lock.
 * A stale lock is moved aside with `rename` (atomic) and checked to be the one judged stale
 * before it is deleted; if a live lock was moved by mistake, it is put back.
 */
export async function acquireLock(dataDir: string, purpose?: string): Promise<DataDirLock> {
	const dir = path.resolve(dataDir);
	if (heldHere.has(dir)) {
		throw new StoreLockedError(
			`Rapport data folder ${dir} is already open in this process (pid ${process.pid}).`
		);
	}
	// Claimed before the first await, so no other acquisition in this process can race this one;
	// that is what lets a lock carrying this very pid be judged stale below.
	heldHere.add(dir);
	try {
		return await acquireLockFile(dir, purpose);
	} catch (e) {
		heldHere.delete(dir);
		throw e;
	}
}

async function acquireLockFile(dir: string, purpose?: string): Promise<DataDirLock> {
	const file = path.join(dir, LOCK_FILE);
	const holder: LockHolder = {
		pid: process.pid,
		hostname: os.hostname(),
		startedAt: new Date().toISOString(),
		purpose,
		nonce: randomBytes(8).toString('hex')
	};
	const mine = JSON.stringify(holder);
	const temp = path.join(dir, `.${LOCK_FILE}.${holder.nonce}`);
	await writeFile(temp, mine, { flush: true });
	try {
		for (let round = 0; round < 5; round++) {
			let linked = false;
			try {
				await link(temp, file);
				linked = true;
			} catch (e) {
				if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			}
			if (linked) {
				const lock = makeLock(dir, file, holder, mine);
				await syncDirectory(dir).catch(async (e) => {
					await lock.release();
					throw e;
				});
				return lock;
			}
			const current = await readHolder(file);
			if (current === 'missing') continue;
			if (current !== 'unreadable' && !isStale(current)) {
				throw new StoreLockedError(lockedMessage(dir, file, current));
			}
			await removeStale(dir, file, current);
		}
		throw new StoreLockedError(
			`Could not take the lock ${file}: other processes keep taking it. Try again.`
		);
	} finally {
		await unlink(temp).catch(() => {});
	}
}

async function removeStale(
	dir: string,
	file: string,
	judged: LockHolder | 'unreadable'
): Promise<void> {
	const aside = path.join(dir, `.${LOCK_FILE}.stale.${randomBytes(8).toString('hex')}`);
	try {
		await rename(file, aside);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
		throw e;
	}
	const moved = await readHolder(aside);
	const same =
		judged === 'unreadable'
			? moved === 'unreadable'
			: moved !== 'missing' && moved !== 'unreadable' && moved.nonce === judged.nonce;
	if (!same) {
		// Someone took over between our read and our rename: give their lock back.
		await link(aside, file).catch(() => {});
	}
	await unlink(aside).catch(() => {});
}

function lockedMessage(dir: string, file: string, holder: LockHolder): string {
	return [
		`Rapport data folder ${dir} is in use by another process (${describe(holder)}).`,
		'Stop that process first, or give this one its own DATA_DIR.',
		holder.hostname === os.hostname()
			? `If you are sure no Rapport process is running, delete ${file}.`
			: `The lock was taken on another machine (${holder.hostname}); check that machine first.`
	].join('\n');
}

function makeLock(dir: string, file: string, holder: LockHolder, mine: string): DataDirLock {
	let released = false;
	const releaseSync = () => {
		if (released) return;
		released = true;
		heldHere.delete(dir);
		try {
			// Never delete a lock that is no longer ours.
			if (readFileSync(file, 'utf-8') === mine) unlinkSync(file);
		} catch {
			// Already gone.
		}
	};
	// A normal exit (including after SIGTERM handling) leaves no stale lock behind.
	process.once('exit', releaseSync);
	return {
		file,
		holder,
		async release() {
			process.off('exit', releaseSync);
			releaseSync();
		}
	};
}

/** Who holds the lock now, if anyone alive does; for read-only tools. */
export async function lockHolder(dataDir: string): Promise<LockHolder | undefined> {
	const current = await readHolder(path.join(path.resolve(dataDir), LOCK_FILE));
	if (current === 'missing' || current === 'unreadable' || isStale(current)) return undefined;
	return current;
}
