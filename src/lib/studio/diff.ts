import { diffLines } from 'diff';

/**
 * A line diff between two revisions' texts, for the studio's history page: which lines were
 * removed, added or kept, with line numbers on both sides, and long unchanged stretches folded
 * away so the changes are what an author reads. Pure, so it is tested without a page.
 */

export type DiffLineKind = 'same' | 'added' | 'removed';

export interface DiffLine {
	kind: DiffLineKind;
	text: string;
	/** Line number in the older text (not for added lines). */
	from?: number;
	/** Line number in the newer text (not for removed lines). */
	to?: number;
}

/** Lines kept around each change; longer unchanged stretches are folded. */
export const CONTEXT = 3;

export type DiffRow = DiffLine | { kind: 'folded'; count: number };

export interface RevisionDiff {
	rows: DiffRow[];
	added: number;
	removed: number;
}

function split(value: string): string[] {
	const lines = value.split('\n');
	// diffLines keeps each line's newline; the last part of a chunk ending in one is empty.
	if (lines[lines.length - 1] === '') lines.pop();
	return lines;
}

export function diffTexts(older: string, newer: string, context = CONTEXT): RevisionDiff {
	const lines: DiffLine[] = [];
	let from = 1;
	let to = 1;
	for (const part of diffLines(older, newer)) {
		for (const text of split(part.value)) {
			if (part.added) lines.push({ kind: 'added', text, to: to++ });
			else if (part.removed) lines.push({ kind: 'removed', text, from: from++ });
			else lines.push({ kind: 'same', text, from: from++, to: to++ });
		}
	}
	// Whether each line is within `context` lines of a change: one pass each way (a 1 MB text
	// has tens of thousands of lines, so no search per line).
	const shown = lines.map(() => false);
	for (const step of [1, -1]) {
		let since = Infinity;
		for (let k = 0; k < lines.length; k++) {
			const i = step === 1 ? k : lines.length - 1 - k;
			since = lines[i].kind === 'same' ? since + 1 : 0;
			if (since <= context) shown[i] = true;
		}
	}
	const near = (i: number) => shown[i];
	const rows: DiffRow[] = [];
	for (let i = 0; i < lines.length; i++) {
		if (lines[i].kind !== 'same' || near(i)) {
			rows.push(lines[i]);
			continue;
		}
		const last = rows[rows.length - 1];
		if (last?.kind === 'folded') last.count++;
		else rows.push({ kind: 'folded', count: 1 });
	}
	return {
		rows,
		added: lines.filter((l) => l.kind === 'added').length,
		removed: lines.filter((l) => l.kind === 'removed').length
	};
}
