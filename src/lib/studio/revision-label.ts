import type { DraftRevision } from '$lib/server/store/types';

/** How a revision came to be, in words, for the studio's history (and screen readers). */
export function revisionKind(r: Pick<DraftRevision, 'kind' | 'restoredFrom' | 'conflict'>): string {
	if (r.conflict)
		return `kept aside: saved from revision ${r.conflict.basedOn} when ${r.conflict.current} was current`;
	switch (r.kind) {
		case 'autosave':
			return 'autosaved';
		case 'restore':
			return `restored from revision ${r.restoredFrom}`;
		case 'import':
			return 'imported from a file';
		default:
			return 'saved';
	}
}
