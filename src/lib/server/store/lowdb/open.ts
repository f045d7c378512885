import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { StoreCorruptError, StoreVersionError } from '../errors';
import {
	newestValidBackup,
	RESTORE_COMMAND,
	rotateBackups,
	takeBackup,
	KEEP_BACKUPS
} from './backups';
import { checkDataFiles, migrateDataFiles, type FileProblem } from './check';
import { SHARD_DIRS } from './layout';
import { acquireLock, type DataDirLock } from './lock';
import { ensureDirectories, LowdbStore } from './lowdb-store';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations';

export interface LowdbStoreOptions {
	dataDir: string;
	/** No lock, no backup, no migration; every write throws. For `admin list-users`, `check`. */
	readOnly?: boolean;
	/** Take (and rotate) a backup before anything is written. Default: true unless read-only. */
	backupOnOpen?: boolean;
	keepBackups?: number;
	/** Shown to a second process that finds the folder locked. */
	purpose?: string;
	clock?: () => Date;
	/** For tests of the migration machinery. */
	schemaVersion?: number;
	migrations?: readonly Migration[];
	/** Told what happened at start (stale lock taken over, backup taken, files migrated). */
	log?: (message: string) => void;
	/** How many files' data stay in memory at most; the least recently used are released. */
	filesInMemory?: number;
}

/**
 * Opens the data folder: lock, check every file, migrate (after a backup), and back up once open
 * (the store writes nothing until that backup is done). Throws, having changed nothing, if another process has the folder (`StoreLockedError`), a file is damaged
 * (`StoreCorruptError`) or was written by a newer Rapport (`StoreVersionError`).
 */
export async function openLowdbStore(options: LowdbStoreOptions): Promise<LowdbStore> {
	const dataDir = path.resolve(options.dataDir);
	const readOnly = options.readOnly ?? false;
	const schemaVersion = options.schemaVersion ?? SCHEMA_VERSION;
	const migrations = options.migrations ?? MIGRATIONS;
	const log = options.log ?? (() => {});

	let lock: DataDirLock | undefined;
	if (!readOnly) {
		await ensureDirectories(dataDir);
		lock = await acquireLock(dataDir, options.purpose ?? 'server', { log });
	}
	try {
		const check = await checkDataFiles(dataDir, schemaVersion);
		if (check.problems.length > 0) {
			throw await corruptError(dataDir, check.problems);
		}
		if (check.newer.length > 0) {
			const { file, version } = check.newer[0];
			throw new StoreVersionError(
				`Rapport cannot open ${path.join(dataDir, file)}: it has schema version ${version}, ` +
					`and this Rapport knows up to ${schemaVersion}. Run the newer Rapport that wrote it, ` +
					`or restore a backup made before the upgrade (${RESTORE_COMMAND} <backup-id>).`
			);
		}
		let writable: Promise<void> | undefined;
		if (!readOnly) {
			await removeTempFiles(dataDir);
			const backUp = async () => {
				const backup = await takeBackup(dataDir, schemaVersion, options.clock?.(), check.digests);
				await rotateBackups(dataDir, options.keepBackups ?? KEEP_BACKUPS);
				log(`Backup ${backup.id}: ${backup.files} files, ${backup.bytes} bytes.`);
			};
			const wanted = (options.backupOnOpen ?? true) && check.files.length > 0;
			if (check.older.length > 0) {
				// Before a migration rewrites the files, the backup must be complete.
				if (wanted) await backUp();
				await migrateDataFiles(dataDir, check, schemaVersion, migrations);
				log(`Migrated ${check.older.length} data files to schema version ${schemaVersion}.`);
			} else if (wanted) {
				// After start-up, not before (issue 15: start-up under a second at 100,000 events).
				// The store writes nothing until it is done, so the backup is the folder as it was
				// opened, and the digests the check computed still hold. A failed backup is logged
				// and does not stop the service; `npm run admin -- backups` shows what exists.
				writable = backUp().catch((e: Error) =>
					log(`The start-up backup failed (${e.message}); changes are written without it.`)
				);
			}
		} else if (check.older.length > 0) {
			throw new StoreVersionError(
				`The data in ${dataDir} needs migrating to schema version ${schemaVersion}; ` +
					'start Rapport once (it migrates at start) before using read-only tools.'
			);
		}
		return new LowdbStore({
			dataDir,
			schemaVersion,
			readOnly,
			clock: options.clock ?? (() => new Date()),
			attemptOwners: check.attemptOwners,
			filesInMemory: options.filesInMemory,
			writable,
			onClose: async () => lock?.release()
		});
	} catch (e) {
		await lock?.release();
		throw e;
	}
}

async function corruptError(dataDir: string, problems: FileProblem[]): Promise<StoreCorruptError> {
	const backup = await newestValidBackup(dataDir);
	const lines = [
		`Rapport cannot start: ${problems.length === 1 ? 'a data file is' : `${problems.length} data files are`} damaged.`,
		...problems.map((p) => `  ${path.join(dataDir, p.file)}: ${p.reason}`),
		'Nothing has been changed or overwritten.',
		backup
			? [
					`The newest valid backup is ${backup.id} (taken ${backup.createdAt}, ${backup.files} files).`,
					'To restore it, stop Rapport and run:',
					`  ${RESTORE_COMMAND} ${backup.id}`,
					'The current files are moved to DATA_DIR/replaced/ first, not deleted.'
				].join('\n')
			: `No valid backup was found in ${path.join(dataDir, 'backups')}. Repair the file by hand, or move it out of the data folder to start without it.`
	];
	return new StoreCorruptError(lines.join('\n'), path.join(dataDir, problems[0].file), backup?.id);
}

/** Temp files left by a write that a crash cut short; the real file is intact. */
async function removeTempFiles(dataDir: string): Promise<void> {
	for (const dir of ['', ...SHARD_DIRS]) {
		const full = path.join(dataDir, dir);
		for (const name of await readdir(full).catch(() => [] as string[])) {
			if (name.startsWith('.') && name.endsWith('.tmp')) {
				await rm(path.join(full, name), { force: true });
			}
		}
	}
}
