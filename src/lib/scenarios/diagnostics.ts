import type { Diagnostic, Severity } from './types';

/**
 * Every diagnostic code, its severity and a one-line title. Codes are stable: tools and
 * docs/authoring.md rely on them, so a code is never reused for a different problem.
 */
export const CODES = {
	RAP001: ['error', 'front matter is not valid YAML'],
	RAP002: ['error', 'missing required front matter field'],
	RAP003: ['error', 'front matter value has the wrong type or is out of range'],
	RAP004: ['error', 'duplicate id'],
	RAP005: ['error', 'unknown target beat'],
	RAP006: ['error', 'unknown principle'],
	RAP007: ['error', 'unknown tag'],
	RAP008: ['error', 'unknown meter'],
	RAP009: ['error', 'condition cannot be parsed'],
	RAP010: ['error', 'meter start outside its range'],
	RAP011: ['error', 'choice without feedback'],
	RAP012: ['error', 'unhelpful choice without a better alternative'],
	RAP013: ['error', 'beat with no way out'],
	RAP014: ['warning', 'unreachable beat'],
	RAP015: ['error', 'no reachable ending'],
	RAP016: ['error', 'cycle'],
	RAP017: ['error', 'ending without debrief text'],
	RAP018: ['error', 'rupture without a repair choice'],
	RAP019: ['warning', 'good ending reachable after ignoring a rupture'],
	RAP020: ['warning', 'listed principle never scored'],
	RAP021: ['error', 'not a scenario file'],
	RAP022: ['error', 'malformed choice or route'],
	RAP023: ['error', 'malformed scores or effects'],
	RAP024: ['error', 'routes can run out'],
	RAP025: ['error', 'beat has both choices and routes'],
	RAP026: ['error', 'bad heading attributes'],
	RAP027: ['error', 'ending with choices or routes'],
	RAP028: ['error', 'decision can be left without a choice'],
	RAP029: ['warning', 'unknown front matter key'],
	RAP030: ['warning', 'route can never be taken'],
	RAP031: ['warning', 'scenario too large to analyse exactly'],
	// RAP032-RAP039 are left for the content lints; the format's constructs start at RAP040.
	RAP040: ['error', 'unknown flag'],
	RAP041: ['warning', 'flag set but never tested'],
	RAP042: ['error', 'unknown critical action'],
	RAP043: ['warning', 'unreachable critical action'],
	RAP044: ['warning', 'group of prose variants can show none'],
	RAP045: ['error', 'prose variant without an `[if]`'],
	RAP046: ['error', 'path test outside a debrief note'],
	RAP047: ['error', 'conditional paragraph in the intro']
} as const satisfies Record<string, readonly [Severity, string]>;

export type Code = keyof typeof CODES;

/** Collects diagnostics for one file; problems are gathered, never thrown. */
export class Diagnostics {
	readonly list: Diagnostic[] = [];
	constructor(readonly file: string) {}

	add(code: Code, line: number, column: number, message: string, hint?: string): void {
		this.list.push({
			file: this.file,
			line: Math.max(1, line),
			column: Math.max(1, column),
			severity: CODES[code][0],
			code,
			message,
			...(hint ? { hint } : {})
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
