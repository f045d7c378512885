import type { Text } from '@codemirror/state';
import type { Problem } from '../problems';

/**
 * From the compiler's `line:col` to a range of the editor's text, for the lint markers. The
 * compiler points at the start of what is wrong (a target, a key, a name); the marker covers
 * the name there, or the rest of the line when it points at no name, so a marker is never
 * empty. A position past the text (the text changed since the check) is pulled back inside.
 */
export function diagnosticRange(
	doc: Text,
	line: number,
	column: number
): { from: number; to: number } {
	const at = doc.line(Math.min(Math.max(1, line), doc.lines));
	const from = at.from + Math.min(Math.max(0, column - 1), at.length);
	const name = /^[\p{L}\p{N}_#.-]+/u.exec(at.text.slice(from - at.from));
	let to = name ? from + name[0].length : at.to;
	if (to === from) {
		// At the end of a line (or an empty one): mark the line's last character, if it has one.
		return at.length > 0 ? { from: at.to - 1, to: at.to } : { from, to };
	}
	if (to > at.to) to = at.to;
	return { from, to };
}

/** The worker's answer: the problems it found in one version of the text. */
export interface LintReply {
	/** The request this answers; older answers than the last request are dropped. */
	id: number;
	/** `compiled`: the compiler's problems only (content lints still running); `done`: all. */
	phase: 'compiled' | 'done';
	problems: Problem[];
}

export interface LintRequest {
	id: number;
	source: string;
	file: string;
}
