/**
 * The plain data a scenario file compiles to. No functions, no classes: a `Scenario` survives
 * JSON.stringify/parse unchanged, so it can be cached, sent to the browser and replayed.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
	file: string;
	line: number; // 1-based
	column: number; // 1-based
	severity: Severity;
	code: string; // RAP001...
	message: string;
	hint?: string;
}

export type Outcome = 'strengthened' | 'repaired' | 'stalled' | 'ruptured' | 'dropout' | 'referred';
export type RuptureType = 'withdrawal' | 'confrontation';
export type Verdict = 'helpful' | 'mixed' | 'unhelpful';

export interface Meter {
	start: number;
	min: number;
	max: number;
}

export type Comparator = '>=' | '<=' | '>' | '<' | '==' | '!=';

/** A condition over meters, as a small JSON tree. */
export type Condition =
	| { op: 'cmp'; meter: string; cmp: Comparator; value: number }
	| { op: 'and' | 'or'; args: Condition[] }
	| { op: 'not'; arg: Condition };

export interface ProseBlock {
	/** `line` when the paragraph opens with `**Name:**`; `narration` otherwise. */
	kind: 'narration' | 'line';
	speaker?: string;
	/** Markdown source (unsanitized); render through `renderMarkdown`. */
	markdown: string;
	line: number;
}

export interface Choice {
	/** `beat-id.choice-id`, unique in the scenario. */
	id: string;
	/** The response as the trainee says it (plain text, no quotes). */
	text: string;
	target: string;
	tags: string[];
	scores: Record<string, number>;
	effects: Record<string, number>;
	feedback: string;
	better?: string;
	condition?: Condition;
	/** The condition as written, for display. */
	conditionSource?: string;
	verdict: Verdict;
	line: number;
}

export interface Route {
	target: string;
	condition?: Condition;
	conditionSource?: string;
	line: number;
}

export interface Beat {
	id: string;
	title: string;
	kind: 'decision' | 'route' | 'ending';
	rupture?: RuptureType;
	outcome?: Outcome;
	prose: ProseBlock[];
	/** Endings only: what the trainee learns from this ending (markdown). */
	debrief?: string;
	choices: Choice[];
	routes: Route[];
	line: number;
}

export interface Client {
	name: string;
	age?: number;
	pronouns?: string;
	background?: string;
}

export type SrsLine = 'relationship' | 'goals' | 'approach' | 'overall';

/** What a scenario's front matter sets (docs/scenario-format.md), checked and typed. */
export interface ScenarioHeader {
	title: string;
	summary: string;
	client: Client;
	difficulty: 1 | 2 | 3;
	minutes: number;
	principles: string[];
	meters: Record<string, Meter>;
	pass: number;
	setting?: string;
	contentNote?: string;
	session?: string;
	srs: Record<SrsLine, string[]>;
}

export interface Scenario extends ScenarioHeader {
	/** File name without `.md`; the scenario's id in URLs and attempts. */
	id: string;
	file: string;
	/** SHA-256 of the source text: the scenario version an attempt was played on. */
	hash: string;
	intro: string;
	start: string;
	/** Beats in file order. */
	beats: Beat[];
}

export interface Range {
	min: number;
	max: number;
}

export interface Analysis {
	reachable: string[];
	unreachable: string[];
	endings: string[];
	/** Feasible complete paths from start to an ending (a float; huge stories overflow to Infinity). */
	paths: number;
	/** Most decisions on any path. */
	longestPath: number;
	total: Range;
	principles: Record<string, Range>;
	/** For each principle, the endings reached by the paths that score it best. */
	bestEndings: Record<string, string[]>;
	/** The endings reached by the paths with the best total score. */
	bestTotalEndings: string[];
	/** False when the meter state space was too big and ranges are structural bounds. */
	exact: boolean;
}

export interface CompileResult {
	scenario?: Scenario;
	analysis?: Analysis;
	diagnostics: Diagnostic[];
}
