import type { FileKind } from './layout';

/**
 * Forward migrations of the data files. Each step lifts every file from `to - 1` to `to`; a file
 * records its own version, so a start that dies half-way through simply carries on next time.
 * A backup of the unmigrated data is taken just before.
 *
 * To change the shape of stored data: bump SCHEMA_VERSION, append a step here that turns the old
 * shape into the new one (only the kinds it touches), and update `checkFile` in layout.ts.
 */

// Files are plain JSON; a step gets one parsed file and returns it upgraded.
type Json = Record<string, unknown>;

export interface Migration {
	to: number;
	description: string;
	steps: Partial<Record<FileKind, (doc: Json) => Json>>;
}

export const SCHEMA_VERSION = 1;

export const MIGRATIONS: readonly Migration[] = [];

export function migrateDocument(
	kind: FileKind,
	doc: Json,
	target: number,
	migrations: readonly Migration[]
): Json {
	let current = doc;
	let version = current.schemaVersion as number;
	for (const migration of [...migrations].sort((a, b) => a.to - b.to)) {
		if (migration.to <= version || migration.to > target) continue;
		if (migration.to !== version + 1) {
			throw new Error(`rapport store: no migration from schema ${version} to ${version + 1}`);
		}
		const step = migration.steps[kind];
		current = { ...(step ? step(current) : current), schemaVersion: migration.to };
		version = migration.to;
	}
	if (version !== target) {
		throw new Error(`rapport store: no migration from schema ${version} to ${target}`);
	}
	return current;
}
