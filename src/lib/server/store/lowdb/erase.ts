import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { User } from '../types';
import { BACKUPS_DIR, REPLACED_DIR } from './backups';
import { syncDirectory } from './durable-file';

/**
 * Helpers for erasing a user's personal details (username, display name, email) from the data
 * folder. Free text is scrubbed where it stands; copies of the data (backups, data a restore
 * moved aside) that hold a detail are deleted whole, since editing them would break their
 * manifests and they are copies of what was erased anyway.
 */

export const ERASED_TEXT = '[erased]';
export const ERASED_NAME = 'Erased trainee';

/** The details to remove, longest first so a name is replaced before a part of it. */
export function detailsOf(user: Pick<User, 'username' | 'displayName' | 'email'>): string[] {
	const all = [user.username, user.displayName, user.email ?? '']
		.map((d) => d.trim())
		.filter((d) => d.length >= 2);
	return [...new Set(all)].sort((a, b) => b.length - a.length);
}

function pattern(details: readonly string[]): RegExp {
	const escaped = details.map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	// Whole words only: a username like "ann" must not turn "planning" into "pl[erased]ing".
	return new RegExp(`(?<![\\p{L}\\p{N}])(?:${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
}

export function scrubText(text: string, details: readonly string[]): string {
	if (details.length === 0) return text;
	return text.replace(pattern(details), ERASED_TEXT);
}

/** Scrubs every string inside a JSON value; returns a new value. */
export function scrubDeep<T>(value: T, details: readonly string[]): T {
	if (typeof value === 'string') return scrubText(value, details) as T;
	if (Array.isArray(value)) return value.map((v) => scrubDeep(v, details)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, details);
		return out as T;
	}
	return value;
}

/** Case-insensitive: is any detail anywhere in this text? */
export function mentions(text: string, details: readonly string[]): boolean {
	const lower = text.toLowerCase();
	return details.some((d) => lower.includes(d.toLowerCase()));
}

/** Case-insensitive, like the scrubbing: does this file mention a detail? */
export async function fileMentions(file: string, details: readonly string[]): Promise<boolean> {
	const text = await readFile(file, 'utf-8').catch(() => '');
	return mentions(text, details);
}

/** The forms a detail takes inside a JSON file: as is, and escaped. */
function byteForms(details: readonly string[]): Buffer[] {
	const forms = new Set<string>();
	for (const d of details) {
		forms.add(d);
		forms.add(JSON.stringify(d).slice(1, -1));
	}
	return [...forms].map((f) => Buffer.from(f, 'utf-8'));
}

async function filesUnder(dir: string): Promise<string[]> {
	let entries;
	try {
		entries = await readdir(dir, { withFileTypes: true });
	} catch (e) {
		if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw e;
	}
	const found: string[] = [];
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...(await filesUnder(full)));
		else if (entry.isFile()) found.push(full);
	}
	return found;
}

async function holdsAny(file: string, forms: readonly Buffer[]): Promise<boolean> {
	const data = await readFile(file).catch(() => undefined);
	return data !== undefined && forms.some((f) => data.includes(f));
}

/** Deletes every backup or replaced-data folder that holds one of the details. */
export async function purgeCopies(dataDir: string, details: readonly string[]): Promise<string[]> {
	const forms = byteForms(details);
	const removed: string[] = [];
	for (const top of [BACKUPS_DIR, REPLACED_DIR]) {
		const root = path.join(dataDir, top);
		const names = await readdir(root).catch(() => [] as string[]);
		for (const name of names.sort()) {
			const dir = path.join(root, name);
			let hit = false;
			for (const file of await filesUnder(dir)) {
				if (await holdsAny(file, forms)) {
					hit = true;
					break;
				}
			}
			if (hit) {
				await rm(dir, { recursive: true, force: true });
				removed.push(path.join(top, name));
			}
		}
		if (names.length > 0) await syncDirectory(root).catch(() => {});
	}
	return removed;
}

/** Every file under the data folder that still holds a detail exactly (relative paths). */
export async function filesMentioning(
	dataDir: string,
	details: readonly string[]
): Promise<string[]> {
	const forms = byteForms(details);
	const found: string[] = [];
	for (const file of await filesUnder(dataDir)) {
		if (await holdsAny(file, forms)) found.push(path.relative(dataDir, file));
	}
	return found;
}
