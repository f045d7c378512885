import type { Diagnostic } from '../types';

/**
 * Known exceptions: content lints a library scenario is allowed to fail for now, each with its
 * reason. The list lives in src/lib/scenarios/library/known-exceptions.json and can only shrink:
 * the strict library test (tests/unit/library-strict.test.ts) fails on a violation that is not
 * listed and on a listed one that no longer occurs.
 */
export interface KnownException {
	/** The scenario's id (its file name without `.md`). */
	scenario: string;
	code: string;
	reason: string;
}

const key = (scenario: string, code: string) => `${scenario} ${code}`;

/**
 * Keeps the listed violations as warnings, saying why, and reports the entries that matched
 * nothing. `scenarioOf` gives a diagnostic's scenario id, or undefined when the list does not
 * apply to its file (a file outside the library).
 */
export function applyExceptions(
	diagnostics: readonly Diagnostic[],
	exceptions: readonly KnownException[],
	scenarioOf: (d: Diagnostic) => string | undefined
): { diagnostics: Diagnostic[]; unused: KnownException[] } {
	const listed = new Map(exceptions.map((e) => [key(e.scenario, e.code), e]));
	const used = new Set<string>();
	const out = diagnostics.map((d) => {
		const scenario = scenarioOf(d);
		const entry = scenario === undefined ? undefined : listed.get(key(scenario, d.code));
		if (!entry) return d;
		used.add(key(entry.scenario, entry.code));
		return {
			...d,
			severity: 'warning' as const,
			message: `${d.message} [known exception: ${entry.reason}]`
		};
	});
	return {
		diagnostics: out,
		unused: exceptions.filter((e) => !used.has(key(e.scenario, e.code)))
	};
}
