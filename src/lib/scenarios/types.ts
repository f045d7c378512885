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

/**
 * How a rupture was handled on a path: repaired by the choice at the rupture beat itself, by a
 * repair choice at a later beat, or never. `ignored` in a condition means late or never.
 */
export type RuptureHandling = 'at-once' | 'late' | 'never';

/** A condition over meters and flags (and, in debrief notes, the path), as a small JSON tree. */
export type Condition =
	| { op: 'cmp'; meter: string; cmp: Comparator; value: number }
	| { op: 'flag'; flag: string }
	| { op: 'met'; action: string }
	| { op: 'rupture'; handled: RuptureHandling | 'ignored'; beat?: string }
	| { op: 'and' | 'or'; args: Condition[] }
	| { op: 'not'; arg: Condition };

/** One rupture on a path and how it was handled. */
export interface RuptureRecord {
	/** The rupture beat. */
	beat: string;
	handled: RuptureHandling;
	/** The beat where it was repaired (the rupture beat itself when at once). */
	repairedAt?: string;
}

/** What a condition can read besides meters: flags set, and for debrief notes the path. */
export interface PathFacts {
	flags: readonly string[];
	/** Critical actions met. */
	met?: readonly string[];
	ruptures?: readonly RuptureRecord[];
}

export interface ProseBlock {
	/**
	 * `line` when the paragraph opens with `**Name:**`; `cue` when it opens with `[cue]` (a
	 * non-verbal cue, shown apart from speech); `narration` otherwise.
	 */
	kind: 'narration' | 'line' | 'cue';
	speaker?: string;
	/** Markdown source (unsanitized); render through `renderMarkdown`. */
	markdown: string;
	line: number;
	/**
	 * Conditional prose: `if` opens a group of variants, `else-if` and `else` continue it; the
	 * first variant of a group whose condition holds is shown, and no other.
	 */
	variant?: 'if' | 'else-if' | 'else';
	condition?: Condition;
	conditionSource?: string;
}

/** A choice is said (`speech`, the default), or is a silence or a non-verbal action. */
export type ChoiceKind = 'speech' | 'silence' | 'action';

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
	/** Memory flags the choice sets and clears (clears first). */
	sets: string[];
	clears: string[];
	/** Critical actions this choice meets. */
	meets: string[];
	kind: ChoiceKind;
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
	/** Endings only: debrief paragraphs with a condition, shown when it holds for the path. */
	debriefNotes?: ProseBlock[];
	/** `.fixed-order`: the choices keep their written order instead of being shuffled. */
	fixedOrder?: boolean;
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

/**
 * How a client fills in the end-of-session rating: `candid` says what they felt, `deferential`
 * rates near the top whatever happened, `guarded` keeps to the middle of the scale.
 */
export type RatingStyle = 'candid' | 'deferential' | 'guarded';

/**
 * `scenario`: a session, played from the catalogue. `drill`: one or two decisions on one hard
 * moment, scheduled by /practice (docs/practice.md) and never listed with the scenarios.
 */
export type ScenarioKind = 'scenario' | 'drill';

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
	ratingStyle: RatingStyle;
	/** Memory flags by name, each with what it means (for the debrief's path summary). */
	flags: Record<string, string>;
	/** Critical actions by id. */
	critical: Record<string, CriticalAction>;
	kind: ScenarioKind;
	/** Drills only: the one principle the drill trains; every decision scores it. */
	skill?: string;
}

/** An action a competent trainee must take; missing it caps the score at `cap`. */
export interface CriticalAction {
	title: string;
	/** The highest normalised score an attempt that misses it can get; below the pass mark. */
	cap: number;
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
	/**
	 * Per critical action: the beats where a choice meeting it is offered on some path, and
	 * whether every path passes such a beat.
	 */
	critical: Record<string, { beats: string[]; everyPath: boolean }>;
	/** False when the meter state space was too big and ranges are structural bounds. */
	exact: boolean;
}

export interface CompileResult {
	scenario?: Scenario;
	analysis?: Analysis;
	diagnostics: Diagnostic[];
}
