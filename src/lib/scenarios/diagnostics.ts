import { CATALOGUE, ENTRIES, type Code } from './catalogue';
import type { Diagnostic, Severity } from './types';

/**
 * Each code's severity and title, as the compiler and tools read them; made from the catalogue
 * (catalogue.ts), which is the one place a code is declared.
 */
export const CODES = Object.fromEntries(
	CATALOGUE.map((entry) => [entry.code, [entry.severity, entry.title] as const])
) as Record<Code, readonly [Severity, string]>;

export type { Code };

/** Collects diagnostics for one file; problems are gathered, never thrown. */
export class Diagnostics {
	constructor(
		readonly file: string,
		readonly list: Diagnostic[] = [],
		/** Codes this view drops: checks that cannot be trusted after an earlier error. */
		private readonly skip: ReadonlySet<string> = new Set()
	) {}

	/** The same collection, minus `codes` (see index.ts: after a front matter error). */
	skipping(codes: Code[]): Diagnostics {
		return new Diagnostics(this.file, this.list, new Set([...this.skip, ...codes]));
	}

	add(code: Code, line: number, column: number, message: string, hint?: string): void {
		if (this.skip.has(code)) return;
		this.list.push({
			file: this.file,
			line: Math.max(1, line),
			column: Math.max(1, column),
			severity: CODES[code][0],
			code,
			message,
			// A check's own hint is specific to the case; the catalogue's is the general advice.
			hint: hint ?? ENTRIES.get(code)!.hint
		});
	}

	get hasErrors(): boolean {
		return this.list.some((d) => d.severity === 'error');
	}

	sorted(): Diagnostic[] {
		return [...this.list].sort(
			(a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)
		);
	}
}

export function formatDiagnostic(d: Diagnostic): string {
	const hint = d.hint ? ` (${d.hint})` : '';
	return `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}${hint}`;
}

function distance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let prev = row[0];
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
			prev = row[j];
			row[j] = next;
		}
	}
	return row[b.length];
}

/** "did you mean `opened-up`?" — the closest candidate within a sensible edit distance. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
	let best: string | undefined;
	let bestDistance = Infinity;
	for (const candidate of candidates) {
		const d = distance(word, candidate);
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	const limit = Math.max(2, Math.floor(word.length / 3));
	return best !== undefined && bestDistance <= limit ? `did you mean \`${best}\`?` : undefined;
}
