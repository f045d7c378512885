import { compileScenario } from '$lib/scenarios';
import { lintResults } from '$lib/scenarios/lints';
import type { Analysis, Diagnostic, Scenario } from '$lib/scenarios/types';

/**
 * How the studio checks a text: the compiler and the content lints, as `rapport-scenarios lint`
 * runs them. One function for both places that check: the server (each save, and the page
 * without JavaScript) and the editor's Web Worker (as the author types), so the Problems list
 * says the same in both. Pure: no Node or SvelteKit imports, so it bundles for the worker.
 */

/** What the compiler and the content lints say about a text. */
export interface SourceCheck {
	diagnostics: Diagnostic[];
	errors: number;
	/** The scenario's title, or the front matter's `title:` line when it does not compile. */
	title: string;
	scenario?: Scenario;
	analysis?: Analysis;
}

export interface CheckOptions {
	/**
	 * Called with the compiler's own diagnostics before the content lints run. The lints play
	 * every path and take longer than the compile; the editor shows the compiler's errors first.
	 */
	onCompiled?: (diagnostics: Diagnostic[]) => void;
}

const UNTITLED = 'Untitled scenario';

/** Compiles and lints a text as `rapport-scenarios lint` does; never throws. */
export function checkSource(source: string, file: string, options: CheckOptions = {}): SourceCheck {
	const fallbackTitle = /^title:[ \t]*(.+?)[ \t]*$/m.exec(source)?.[1] ?? UNTITLED;
	try {
		const result = compileScenario(source, file);
		options.onCompiled?.(result.diagnostics);
		const diagnostics = lintResults([result]);
		return {
			diagnostics,
			errors: diagnostics.filter((d) => d.severity === 'error').length,
			title: result.scenario?.title ?? fallbackTitle,
			scenario: result.scenario,
			analysis: result.analysis
		};
	} catch (e) {
		// A compiler bug or a text that exhausts it (deep nesting): a diagnostic, not a 500.
		const reason = (e as Error).message.split('\n')[0];
		return {
			diagnostics: [
				{
					file,
					line: 1,
					column: 1,
					severity: 'error',
					code: 'RAP021',
					message: `the text could not be compiled (${reason})`,
					hint: 'make it smaller or less deeply nested'
				}
			],
			errors: 1,
			title: fallbackTitle
		};
	}
}
