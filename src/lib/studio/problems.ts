import type { Diagnostic } from '$lib/scenarios/types';

/**
 * A diagnostic as the studio's Problems list shows it, `line:col CODE message (hint)`: the same
 * entries whether the server checked a saved revision (the page without JavaScript) or the
 * editor's worker checked the text being typed.
 */
export interface Problem {
	line: number;
	column: number;
	where: string;
	severity: 'error' | 'warning';
	code: string;
	message: string;
	hint: string;
}

export function toProblem(d: Diagnostic): Problem {
	return {
		line: d.line,
		column: d.column,
		where: `${d.line}:${d.column}`,
		severity: d.severity,
		code: d.code,
		message: d.message,
		hint: d.hint ?? ''
	};
}

export const countOf = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
