import { CATALOGUE } from '../catalogue';
import { Diagnostics } from '../diagnostics';
import type { CompileResult, Diagnostic } from '../types';
import { lintContent } from './content';
import { lintRepetition } from './library';

export { lintContent, playStrategy, STRATEGIES, type Strategy } from './content';
export { lintRepetition, normaliseText } from './library';

/** The content lints: warnings that `lint --strict` (the library's and CI's setting) makes errors. */
export const CONTENT_CODES: ReadonlySet<string> = new Set(
	CATALOGUE.filter((entry) => 'content' in entry).map((entry) => entry.code)
);

/**
 * What `lint` reports for a set of files compiled together: each file's compiler diagnostics, the
 * content lints of each file that compiled, and the library-wide lints over all of them, file by
 * file in the order given. The content lints are not part of `compileScenario`: the server
 * compiles the same files to run them, and their warnings are for authors.
 */
export function lintResults(results: readonly CompileResult[]): Diagnostic[] {
	const shared = lintRepetition(results);
	return results.flatMap((r) => {
		const file = r.scenario?.file ?? r.diagnostics[0]?.file ?? '';
		const d = new Diagnostics(file);
		if (r.scenario && r.analysis) lintContent(r.scenario, r.analysis, d);
		return [...r.diagnostics, ...d.list, ...shared.filter((x) => x.file === file)].sort(
			(a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)
		);
	});
}

/** `--strict`: content lints become errors. */
export function strict(diagnostics: readonly Diagnostic[]): Diagnostic[] {
	return diagnostics.map((d) =>
		CONTENT_CODES.has(d.code) && d.severity === 'warning' ? { ...d, severity: 'error' } : d
	);
}
