import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { digestOf, type FileDigest } from './backups';
import { parseJson, readJsonFile, UnreadableFileError, writeFileDurably } from './durable-file';
import { checkFile, listDataFiles, versionOf, type DataFile } from './layout';
import { mapLimited } from './limit';
import { migrateDocument, type Migration } from './migrations';

export interface FileProblem {
	file: string;
	reason: string;
}

export interface DataCheck {
	files: DataFile[];
	problems: FileProblem[];
	/** Files written by a newer Rapport. */
	newer: { file: string; version: number }[];
	/** Files that need migrating to the current schema. */
	older: { file: string; version: number }[];
	/** Every attempt id and the user whose shard holds it. */
	attemptOwners: Map<string, string>;
	/** Each file's size and SHA-256 as read, for the start-up backup's manifest. */
	digests: Map<string, FileDigest>;
}

/**
 * Reads every data file once: parse, version, shape. Nothing is written. This is what makes a
 * corrupt or half-written file a clear error at start rather than a surprise mid-session.
 */
export async function checkDataFiles(dataDir: string, schemaVersion: number): Promise<DataCheck> {
	const result: DataCheck = {
		files: await listDataFiles(dataDir),
		problems: [],
		newer: [],
		older: [],
		attemptOwners: new Map(),
		digests: new Map()
	};
	await mapLimited(result.files, 16, async ({ kind, file }) => {
		const full = path.join(dataDir, file);
		try {
			const bytes = await readFile(full);
			result.digests.set(file, digestOf(bytes));
			const data = parseJson(full, bytes.toString('utf-8'));
			const version = versionOf(data);
			if (version > schemaVersion) {
				result.newer.push({ file, version });
				return;
			}
			if (version < schemaVersion) {
				// Older files are checked after migrating, in `migrateDataFiles`.
				result.older.push({ file, version });
				return;
			}
			checkFile(kind, data, schemaVersion, file);
			if (kind === 'attempts') {
				const doc = data as { userId: string; attempts: { id: string }[] };
				for (const attempt of doc.attempts) result.attemptOwners.set(attempt.id, doc.userId);
			}
		} catch (e) {
			const reason =
				e instanceof UnreadableFileError ? e.message.slice(full.length + 2) : (e as Error).message;
			result.problems.push({ file, reason });
		}
	});
	// Files finish in any order; reports list them as the folder does.
	const order = new Map(result.files.map((f, i) => [f.file, i]));
	const byFolderOrder = (a: { file: string }, b: { file: string }) =>
		order.get(a.file)! - order.get(b.file)!;
	result.problems.sort(byFolderOrder);
	result.older.sort(byFolderOrder);
	result.newer.sort(byFolderOrder);
	return result;
}

/** Brings every older file up to `schemaVersion`, writing each one durably. */
export async function migrateDataFiles(
	dataDir: string,
	check: DataCheck,
	schemaVersion: number,
	migrations: readonly Migration[]
): Promise<void> {
	for (const { file } of check.older) {
		const kind = check.files.find((f) => f.file === file)!.kind;
		const full = path.join(dataDir, file);
		const data = (await readJsonFile(full)) as Record<string, unknown>;
		const migrated = migrateDocument(kind, data, schemaVersion, migrations);
		checkFile(kind, migrated, schemaVersion, file);
		await writeFileDurably(full, JSON.stringify(migrated));
		if (kind === 'attempts') {
			const doc = migrated as { userId: string; attempts: { id: string }[] };
			for (const attempt of doc.attempts) check.attemptOwners.set(attempt.id, doc.userId);
		}
	}
}
