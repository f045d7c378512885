import { loadVersion } from '../scenario-library';
import type { VersionLookup } from './counted';

/**
 * The scenario versions a report needs, looked up once: from memory, or from the archive of
 * versions attempts were started on (after a restart, or once the file has changed), so an old
 * attempt reads as it was played.
 */
export async function versionLookup(hashes: Iterable<string>): Promise<VersionLookup> {
	const found = new Map<string, NonNullable<ReturnType<VersionLookup>>>();
	for (const hash of new Set(hashes)) {
		const version = await loadVersion(hash);
		if (version) found.set(hash, version);
	}
	return (hash) => found.get(hash);
}
