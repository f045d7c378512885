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

/**
 * The same, for a report that streams and so cannot list its hashes first: each hash is looked
 * up on first use and remembered, found or not (a missing one is not searched for again).
 */
export function versionCache(): (hash: string) => Promise<ReturnType<VersionLookup>> {
	const seen = new Map<string, Promise<ReturnType<VersionLookup>>>();
	return (hash) => {
		let version = seen.get(hash);
		if (!version) seen.set(hash, (version = loadVersion(hash)));
		return version;
	};
}
