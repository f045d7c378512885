import { Diagnostics } from '../diagnostics';
import type { CompileResult, Diagnostic } from '../types';

/** More places than this and a response reads as boilerplate; a trainee learns to spot it. */
const REPEAT_LIMIT = 3;

/** Choice text as a reader meets it: case, punctuation, quote style and spacing ignored. */
export function normaliseText(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/**
 * RAP054, over every file linted together: the same choice text in more than REPEAT_LIMIT
 * places. One warning per file that uses it, at its first use there, naming every place.
 */
export function lintRepetition(results: readonly CompileResult[]): Diagnostic[] {
	const places = new Map<string, { file: string; line: number; text: string }[]>();
	for (const { scenario } of results) {
		if (!scenario) continue;
		for (const beat of scenario.beats)
			for (const choice of beat.choices) {
				const key = normaliseText(choice.text);
				if (!key) continue;
				let list = places.get(key);
				if (!list) places.set(key, (list = []));
				list.push({ file: scenario.file, line: choice.line, text: choice.text });
			}
	}
	const out: Diagnostic[] = [];
	for (const list of places.values()) {
		if (list.length <= REPEAT_LIMIT) continue;
		const files = [...new Set(list.map((p) => p.file))];
		for (const file of files) {
			const first = list.find((p) => p.file === file)!;
			const where = list
				.map((p) => (p.file === file ? `line ${p.line}` : `${p.file}:${p.line}`))
				.join(', ');
			const d = new Diagnostics(file);
			d.add(
				'RAP054',
				first.line,
				1,
				`the choice "${first.text}" appears in ${list.length} places: ${where}`
			);
			out.push(...d.list);
		}
	}
	return out;
}
