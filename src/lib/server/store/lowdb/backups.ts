import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listDataFiles, namesIn, SHARD_DIRS, type DataFile } from './layout';
import { syncDirectory, writeFileDurably } from './durable-file';
import { mapLimited } from './limit';

export const BACKUPS_DIR = 'backups';
export const REPLACED_DIR = 'replaced';
export const KEEP_BACKUPS = 5;
const MANIFEST = 'manifest.json';

export const RESTORE_COMMAND = 'npm run admin -- restore';

interface Manifest {
	createdAt: string;
	schemaVersion: number;
	files: { file: string; bytes: number; sha256: string }[];
}

export interface BackupInfo {
	id: string;
	dir: string;
	createdAt?: string;
	files: number;
	bytes: number;
	/** Why it cannot be restored, if it cannot. */
	problem?: string;
}

function sha256(data: Buffer): string {
	return createHash('sha256').update(data).digest('hex');
}

/** Sortable and safe in a path on every OS: 2025-11-27T09-50-00-123Z. */
export function backupId(now = new Date()): string {
	return now.toISOString().replace(/[:.]/g, '-');
}

/** A data file's size and SHA-256, as a backup's manifest records them. */
export interface FileDigest {
	bytes: number;
	sha256: string;
}

export function digestOf(data: Buffer): FileDigest {
	return { bytes: data.length, sha256: sha256(data) };
}

/**
 * Copies every data file into `backups/<id>/`. The copy is built under a hidden name and renamed
 * into place with its manifest (sizes and SHA-256 of each file), so a backup cut short by a crash
 * is never mistaken for a good one. Each backup is a full, independent copy: hard links (to the
 * live files or to the previous backup) would be cheaper, but a file damaged in place would then
 * damage every backup that shares it.
 *
 * `known` gives digests the caller has already computed (the start-up check reads every file
 * while nothing else writes), so a file is not read twice: it is copied by the kernel (a
 * copy-on-write clone where the file system has them). Without one, a file is read, hashed and
 * written from the same bytes.
 */
export async function takeBackup(
	dataDir: string,
	schemaVersion: number,
	now = new Date(),
	known: ReadonlyMap<string, FileDigest> = new Map()
): Promise<BackupInfo> {
	const root = path.join(dataDir, BACKUPS_DIR);
	await mkdir(root, { recursive: true });
	let id = backupId(now);
	for (let n = 2; (await readdir(root)).includes(id); n++) id = `${backupId(now)}-${n}`;
	const partial = path.join(root, `.${id}.partial`);
	await rm(partial, { recursive: true, force: true });
	const files = await listDataFiles(dataDir);
	for (const dir of new Set(['.', ...files.map((f) => path.dirname(f.file))])) {
		await mkdir(path.join(partial, dir), { recursive: true });
	}
	// No fsync per file: the manifest holds each file's SHA-256, and a backup is only ever
	// restored after every file matches it, so one torn by a power cut is refused, not used.
	const entries = await mapLimited(files, 16, async ({ file }) => {
		const from = path.join(dataDir, file);
		const to = path.join(partial, file);
		const digest = known.get(file);
		if (digest) {
			await copyFile(from, to, constants.COPYFILE_FICLONE);
			return { file, ...digest };
		}
		const data = await readFile(from);
		await writeFile(to, data);
		return { file, ...digestOf(data) };
	});
	const manifest: Manifest = { createdAt: now.toISOString(), schemaVersion, files: entries };
	await writeFile(path.join(partial, MANIFEST), JSON.stringify(manifest, null, '\t'));
	await rename(partial, path.join(root, id));
	await syncDirectory(root);
	const bytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
	return {
		id,
		dir: path.join(root, id),
		createdAt: manifest.createdAt,
		files: manifest.files.length,
		bytes
	};
}

/** Keeps the newest `keep` backups; older ones are deleted. */
export async function rotateBackups(dataDir: string, keep = KEEP_BACKUPS): Promise<string[]> {
	const ids = await backupIds(dataDir);
	const old = ids.slice(0, Math.max(0, ids.length - keep));
	for (const id of old) {
		await rm(path.join(dataDir, BACKUPS_DIR, id), { recursive: true, force: true });
	}
	// Leftovers of a backup interrupted by a crash.
	for (const name of await namesIn(path.join(dataDir, BACKUPS_DIR))) {
		if (name.endsWith('.partial')) {
			await rm(path.join(dataDir, BACKUPS_DIR, name), { recursive: true, force: true });
		}
	}
	return old;
}

/** Oldest first. */
async function backupIds(dataDir: string): Promise<string[]> {
	return (await namesIn(path.join(dataDir, BACKUPS_DIR)))
		.filter((name) => !name.startsWith('.'))
		.sort();
}

async function readManifest(dir: string): Promise<Manifest> {
	let text: string;
	try {
		text = await readFile(path.join(dir, MANIFEST), 'utf-8');
	} catch {
		throw new Error('no manifest.json (the backup was not finished)');
	}
	const manifest = JSON.parse(text) as Manifest;
	if (!Array.isArray(manifest.files)) throw new Error('manifest.json has no file list');
	return manifest;
}

/** Checks a backup byte for byte against its manifest and that every file parses. */
export async function inspectBackup(dataDir: string, id: string): Promise<BackupInfo> {
	const dir = path.join(dataDir, BACKUPS_DIR, id);
	const info: BackupInfo = { id, dir, files: 0, bytes: 0 };
	try {
		const manifest = await readManifest(dir);
		info.createdAt = manifest.createdAt;
		await mapLimited(manifest.files, 16, async (entry) => {
			if (path.isAbsolute(entry.file) || entry.file.split(/[\\/]/).includes('..')) {
				throw new Error(`unsafe path ${entry.file}`);
			}
			let data: Buffer;
			try {
				data = await readFile(path.join(dir, entry.file));
			} catch {
				throw new Error(`${entry.file} is missing`);
			}
			if (data.length !== entry.bytes || sha256(data) !== entry.sha256) {
				throw new Error(`${entry.file} does not match the manifest`);
			}
			info.files++;
			info.bytes += data.length;
		});
	} catch (e) {
		info.problem = (e as Error).message;
	}
	return info;
}

/** Newest first. */
export async function listBackups(dataDir: string): Promise<BackupInfo[]> {
	const ids = (await backupIds(dataDir)).reverse();
	return Promise.all(ids.map((id) => inspectBackup(dataDir, id)));
}

export async function newestValidBackup(dataDir: string): Promise<BackupInfo | undefined> {
	for (const id of (await backupIds(dataDir)).reverse()) {
		const info = await inspectBackup(dataDir, id);
		if (!info.problem) return info;
	}
	return undefined;
}

/**
 * Puts a backup's files back as the live data. The caller holds the data folder lock. The current
 * data is not deleted: it is moved to `replaced/<id>/` first.
 */
export async function restoreBackup(
	dataDir: string,
	id: string,
	now = new Date()
): Promise<{ restored: BackupInfo; replacedDir: string; moved: DataFile[] }> {
	if (id.includes('/') || id.includes('\\') || id.startsWith('.')) {
		throw new Error(`not a backup id: ${id}`);
	}
	const info = await inspectBackup(dataDir, id);
	if (info.problem) throw new Error(`backup ${id} cannot be restored: ${info.problem}`);
	const manifest = await readManifest(info.dir);

	const replacedDir = path.join(dataDir, REPLACED_DIR, backupId(now));
	const moved = await listDataFiles(dataDir);
	for (const { file } of moved) {
		await mkdir(path.join(replacedDir, path.dirname(file)), { recursive: true });
		await rename(path.join(dataDir, file), path.join(replacedDir, file));
	}
	for (const dir of ['', ...SHARD_DIRS]) {
		await syncDirectory(path.join(dataDir, dir)).catch(() => {});
	}
	for (const entry of manifest.files) {
		const data = await readFile(path.join(info.dir, entry.file), 'utf-8');
		await mkdir(path.join(dataDir, path.dirname(entry.file)), { recursive: true });
		await writeFileDurably(path.join(dataDir, entry.file), data);
	}
	return { restored: info, replacedDir, moved };
}
