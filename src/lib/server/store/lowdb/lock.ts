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

/** How long a lock held by a live-looking process is re-checked before refusing. */
export const SETTLE_MS = 1000;
const RECHECK_MS = 50;

export interface AcquireOptions {
	/** Told when a stale lock is taken over, and why. */
	log?: (message: string) => void;
	/** Re-check a live-looking holder for this long before refusing (default `SETTLE_MS`). */
	settleMs?: number;
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

/**
 * A killed process stays in the process table as a zombie until its parent reaps it, and
 * `kill(pid, 0)` still succeeds on it; a supervisor restarting the server right after SIGKILL can
 * be that slow parent. Linux shows the state in /proc/<pid>/stat (the letter after the command
 * name, which is in parentheses and may itself contain spaces or parentheses).
 */
function isZombie(pid: number): boolean {
	let stat: string;
	try {
		stat = readFileSync(`/proc/${pid}/stat`, 'utf-8');
	} catch {
		return false; // No /proc (not Linux), or the process is gone: isAlive says which.
	}
	const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
	return state === 'Z' || state === 'X';
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
 * Why a lock is stale, or undefined while its holder may still be running. Only a lock from this
 * host can be judged; a lock with this very pid is from an earlier run (in a container the server
 * is often pid 1 every time), since this process has not taken it yet.
 */
function staleReason(holder: LockHolder): string | undefined {
	if (holder.hostname !== os.hostname()) return undefined;
	if (holder.pid === process.pid) return 'left by an earlier run with this same pid';
	if (!isAlive(holder.pid)) return `its process ${holder.pid} is gone`;
	if (isZombie(holder.pid)) return `its process ${holder.pid} has exited (a zombie not yet reaped)`;
	return undefined;
}

/**
 * Re-reads the lock until it is stale, gone or `settleMs` has passed: a process killed a moment
 * ago may still be exiting. Returns the lock as last read.
 */
async function settle(
	file: string,
	holder: LockHolder,
	settleMs: number
): Promise<LockHolder | 'missing' | 'unreadable'> {
	const until = Date.now() + settleMs;
	let current: LockHolder | 'missing' | 'unreadable' = holder;
	while (Date.now() < until) {
		await new Promise((done) => setTimeout(done, RECHECK_MS));
		current = await readHolder(file);
		if (typeof current !== 'object' || staleReason(current)) return current;
	}
	return current;
}

/**
 * Takes `DATA_DIR/rapport.lock` or throws `StoreLockedError` naming the holder.
 *
 * The lock file is written in full under a private name, then hard-linked into place: `link`
 * fails if the lock exists, so exactly one process wins and nobody reads a half-written lock.
 * A stale lock is moved aside with `rename` (atomic) and checked to be the one judged stale
 * before it is deleted; if a live lock was moved by mistake, it is put back.
 */
export async function acquireLock(
	dataDir: string,
	purpose?: string,
	options: AcquireOptions = {}
): Promise<DataDirLock> {
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
		return await acquireLockFile(dir, purpose, options);
	} catch (e) {
		heldHere.delete(dir);
		throw e;
	}
}

async function acquireLockFile(
	dir: string,
	purpose: string | undefined,
	options: AcquireOptions
): Promise<DataDirLock> {
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
			let current = await readHolder(file);
			// Only a lock from this host can turn stale while we wait.
			if (
				typeof current === 'object' &&
				current.hostname === os.hostname() &&
				!staleReason(current)
			) {
				current = await settle(file, current, options.settleMs ?? SETTLE_MS);
			}
			if (current === 'missing') continue;
			const reason = current === 'unreadable' ? 'it was unreadable' : staleReason(current);
			if (current !== 'unreadable' && !reason) {
				throw new StoreLockedError(lockedMessage(dir, file, current));
			}
			if (await removeStale(dir, file, current)) {
				const whose = current === 'unreadable' ? '' : ` (${describe(current)})`;
				options.log?.(`Took over the stale lock ${file}${whose}: ${reason}.`);
			}
		}
		throw new StoreLockedError(
			`Could not take the lock ${file}: other processes keep taking it. Try again.`
		);
	} finally {
		await unlink(temp).catch(() => {});
	}
}

/** Removes the lock judged stale; false if it was not there or was no longer that lock. */
async function removeStale(
	dir: string,
	file: string,
	judged: LockHolder | 'unreadable'
): Promise<boolean> {
	const aside = path.join(dir, `.${LOCK_FILE}.stale.${randomBytes(8).toString('hex')}`);
	try {
		await rename(file, aside);
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
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
	return same;
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
	if (current === 'missing' || current === 'unreadable' || staleReason(current)) return undefined;
	return current;
}
