import { CATALOGUE } from './catalogue';
import { formatCount, scenarioStats } from './stats';
import type { Analysis, Beat, Diagnostic, Scenario } from './types';

/**
 * The studio's Checks panel: the figures `rapport-scenarios stats` prints and the content lints
 * `lint` runs, gathered per question an author asks ("can anyone pass?", "can it be gamed?"),
 * each with what it means and what to do. Nothing is computed twice: the figures come from
 * `scenarioStats` (with `shortestPassingPath`), the findings from the lints' own diagnostics,
 * the explanations from the diagnostics catalogue.
 */

export interface CheckFinding {
	line: number;
	column: number;
	message: string;
}

export interface AuthorCheck {
	/** The diagnostic code the check reports under (docs/diagnostics.md). */
	code: string;
	title: string;
	ok: boolean;
	/** One sentence: what was found, in the author's terms. */
	summary: string;
	/** What the check looks for, and what to do when it fails (from the catalogue). */
	meaning: string;
	hint: string;
	findings: CheckFinding[];
	/** Extra facts that are not problems (where each critical action can be met). */
	notes: string[];
}

export interface AuthorChecks {
	beats: number;
	decisions: number;
	choices: number;
	endings: number;
	/** Complete paths, as text: huge stories overflow to "more than 1e308". */
	paths: string;
	longestPath: number;
	/** The raw total's range over every path; the score is 0 to 100 between them. */
	total: { min: number; max: number };
	/** False when the analysis gave bounds, not exact figures (RAP031). */
	exact: boolean;
	pass: { mark: number; shortest: number | null; summary: string };
	checks: AuthorCheck[];
}

const entry = (code: string) => CATALOGUE.find((e) => e.code === code)!;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function check(
	code: string,
	diagnostics: readonly Diagnostic[],
	ok: string,
	found: (n: number) => string,
	notes: string[] = []
): AuthorCheck {
	const { title, meaning, hint } = entry(code);
	const findings = diagnostics
		.filter((d) => d.code === code)
		.map((d) => ({ line: d.line, column: d.column, message: d.message }));
	return {
		code,
		title,
		ok: findings.length === 0,
		summary: findings.length === 0 ? ok : found(findings.length),
		meaning,
		hint,
		findings,
		notes
	};
}

/** `diagnostics`: what `lintResults` reported for this text (the Problems list). */
export function authorChecks(
	scenario: Scenario,
	analysis: Analysis,
	diagnostics: readonly Diagnostic[]
): AuthorChecks {
	const stats = scenarioStats(scenario, analysis);
	const titleOf = (id: string) => scenario.beats.find((b) => b.id === id)?.title ?? id;
	const critical = Object.entries(scenario.critical).map(([id, action]) => {
		const where = analysis.critical[id];
		if (!where || where.beats.length === 0) return `“${action.title}” can be met nowhere.`;
		return (
			`“${action.title}” can be met at ${where.beats.map((b) => `“${titleOf(b)}”`).join(', ')}` +
			(where.everyPath
				? '; every path passes there.'
				: `; some paths never pass there, and are capped at ${action.cap} whatever else they do.`)
		);
	});
	return {
		beats: stats.beats,
		decisions: stats.decisions,
		choices: stats.choices,
		endings: stats.endings,
		paths: formatCount(stats.paths),
		longestPath: stats.longestPath,
		total: stats.total,
		exact: analysis.exact,
		pass: {
			mark: scenario.pass,
			shortest: stats.shortestPass,
			summary:
				stats.shortestPass === null
					? `No path was found that reaches the pass mark of ${scenario.pass}: every strong path ` +
						'misses a critical action, or the scenario is too large to search. Check the caps ' +
						'of the critical actions and the scores on the best path.'
					: `The pass mark of ${scenario.pass} can be reached; the shortest passing path takes ` +
						`${plural(stats.shortestPass, 'decision')} (the longest path takes ${stats.longestPath}).`
		},
		checks: [
			check(
				'RAP050',
				diagnostics,
				'The length of a response does not give the answer away.',
				() => 'The best response is too often the longest, or the worst the shortest.'
			),
			check(
				'RAP051',
				diagnostics,
				'No rule that ignores what the client says reaches the pass mark.',
				(n) => `${n} surface ${n === 1 ? 'strategy reaches' : 'strategies reach'} the pass mark.`
			),
			check(
				'RAP052',
				diagnostics,
				'Every ending agrees with the scores of the paths that reach it.',
				(n) => `${plural(n, 'ending')} contradict${n === 1 ? 's' : ''} the score of a path to it.`
			),
			check(
				'RAP043',
				diagnostics,
				Object.keys(scenario.critical).length === 0
					? 'The scenario declares no critical actions.'
					: 'Every critical action can be met on some path.',
				(n) => `${plural(n, 'critical action')} can be met on no path.`,
				critical
			),
			check(
				'RAP053',
				diagnostics,
				'Every rupture scores its repair.',
				(n) => `${plural(n, 'rupture')} ${n === 1 ? 'does' : 'do'} not score repair.`
			)
		]
	};
}

/** A beat on the studio's map, with what the compiler found about it. */
export interface OutlineBeat {
	id: string;
	title: string;
	kind: Beat['kind'];
	rupture?: Beat['rupture'];
	outcome?: Beat['outcome'];
	/** The 1-based line of its `##` heading. */
	line: number;
	choices: { target: string }[];
	routes: { target: string }[];
	/** Nothing leads to it, or no condition on the way to it ever holds (RAP014). */
	unreachable: boolean;
	/**
	 * A path can stop here without an ending: no way out (RAP013), a target that is no beat
	 * (RAP005), routes that can all fail (RAP024), or no choice offered in some state (RAP028).
	 */
	deadEnd: boolean;
}

/**
 * The draft's beats for its map, errors or not (`outlineScenario`), each marked from the
 * compiler's own diagnostics. A repeated beat id keeps its first beat, as the compiler does.
 */
export function draftOutline(
	beats: readonly Beat[],
	diagnostics: readonly Diagnostic[]
): OutlineBeat[] {
	const at = (code: string) =>
		new Set(diagnostics.filter((d) => d.code === code).map((d) => d.line));
	const unreachable = at('RAP014');
	const stuck = at('RAP028');
	const ids = new Set<string>();
	const unique = beats.filter((b) => !ids.has(b.id) && ids.add(b.id));
	return unique.map((b) => {
		const targets = [...b.choices, ...b.routes].map((e) => e.target);
		const deadEnd =
			b.kind !== 'ending' &&
			(targets.length === 0 ||
				targets.some((t) => !ids.has(t)) ||
				(b.kind === 'route' && b.routes.every((r) => r.condition)) ||
				stuck.has(b.line));
		return {
			id: b.id,
			title: b.title,
			kind: b.kind,
			...(b.rupture ? { rupture: b.rupture } : {}),
			...(b.outcome ? { outcome: b.outcome } : {}),
			line: b.line,
			choices: b.choices.map((c) => ({ target: c.target })),
			routes: b.routes.map((r) => ({ target: r.target })),
			unreachable: unreachable.has(b.line),
			deadEnd
		};
	});
}
