import type { Comparator, Condition, PathFacts, RuptureHandling } from './types';

/**
 * Conditions read meters and flags (`trust >= 3 and not minimised-risk`), which keeps every
 * scenario exactly analysable: the state that decides a path is the beat plus a small vector of
 * meters and flags. Debrief notes may also read the path itself (critical actions met, how each
 * rupture was handled); build.ts refuses those words anywhere else.
 *
 * This is the one evaluator: the compiler's analysis, the XState machine, the player and the
 * CLI all call evaluateCondition.
 */

export interface ConditionError {
	message: string;
	/** 0-based offset into the condition source. */
	offset: number;
}

type Token =
	| { kind: 'name'; value: string; offset: number }
	| { kind: 'number'; value: number; offset: number }
	| { kind: 'cmp'; value: Comparator; offset: number }
	| { kind: 'paren'; value: '(' | ')'; offset: number }
	| { kind: 'end'; offset: number };

const TOKEN = /\s*(?:(>=|<=|==|!=|>|<)|(\(|\))|(-?\d+)|([a-z][a-z0-9-]*)|(\S))/gy;

function tokenize(source: string): Token[] | ConditionError {
	const tokens: Token[] = [];
	TOKEN.lastIndex = 0;
	let match: RegExpExecArray | null;
	while (TOKEN.lastIndex < source.length && (match = TOKEN.exec(source))) {
		const offset = match.index + match[0].length - match[0].trimStart().length;
		if (match[1]) tokens.push({ kind: 'cmp', value: match[1] as Comparator, offset });
		else if (match[2]) tokens.push({ kind: 'paren', value: match[2] as '(' | ')', offset });
		else if (match[3]) tokens.push({ kind: 'number', value: Number(match[3]), offset });
		else if (match[4]) tokens.push({ kind: 'name', value: match[4], offset });
		else if (match[5]) {
			const hint = match[5] === '=' ? ' (use `==` to compare)' : '';
			return { message: `unexpected \`${match[5]}\`${hint}`, offset };
		} else break; // only trailing whitespace was left
	}
	tokens.push({ kind: 'end', offset: source.length });
	return tokens;
}

const describe = (t: Token) => (t.kind === 'end' ? 'the end' : `\`${t.value}\``);

/** Deeper nesting than any real condition needs is refused before it can exhaust the stack. */
const MAX_DEPTH = 500;

/**
 * Recursive descent over the tokens. A class rather than closures inside parseCondition: that
 * runs once per condition, and closures made per call are garbage the compiler then collects.
 */
class ConditionParser {
	i = 0;
	depth = 0;
	constructor(private readonly tokens: Token[]) {}

	peek(): Token {
		return this.tokens[this.i];
	}

	fail(message: string, token = this.peek()): ConditionError {
		return { message, offset: token.offset };
	}

	or(): Condition | ConditionError {
		const args: Condition[] = [];
		for (;;) {
			const left = this.and();
			if ('message' in left) return left;
			args.push(left);
			const t = this.peek();
			if (t.kind === 'name' && t.value === 'or') this.i++;
			else break;
		}
		return args.length === 1 ? args[0] : { op: 'or', args };
	}

	and(): Condition | ConditionError {
		const args: Condition[] = [];
		for (;;) {
			const left = this.unary();
			if ('message' in left) return left;
			args.push(left);
			const t = this.peek();
			if (t.kind === 'name' && t.value === 'and') this.i++;
			else break;
		}
		return args.length === 1 ? args[0] : { op: 'and', args };
	}

	unary(): Condition | ConditionError {
		const t = this.peek();
		if (++this.depth > MAX_DEPTH) return this.fail('the condition is nested too deeply');
		try {
			return this.unaryInner(t);
		} finally {
			this.depth--;
		}
	}

	unaryInner(t: Token): Condition | ConditionError {
		if (t.kind === 'name' && t.value === 'not') {
			this.i++;
			// `not minimised-risk`: a flag that is not set (a name with no comparison after it).
			const name = this.peek();
			const after = this.tokens[this.i + 1];
			if (name.kind === 'name' && !KEYWORDS.has(name.value) && after.kind !== 'cmp') {
				this.i++;
				return { op: 'not', arg: { op: 'flag', flag: name.value } };
			}
			const arg = this.unary();
			return 'message' in arg ? arg : { op: 'not', arg };
		}
		if (t.kind === 'paren' && t.value === '(') {
			this.i++;
			const inner = this.or();
			if ('message' in inner) return inner;
			const close = this.peek();
			if (close.kind !== 'paren' || close.value !== ')')
				return this.fail(`expected \`)\` but found ${describe(close)}`, close);
			this.i++;
			return inner;
		}
		return this.comparison();
	}

	comparison(): Condition | ConditionError {
		const name = this.peek();
		if (name.kind !== 'name' || name.value === 'and' || name.value === 'or' || name.value === 'not')
			return this.fail(`expected a meter name but found ${describe(name)}`, name);
		const after = this.tokens[this.i + 1];
		if (after.kind !== 'cmp' && PREDICATES.has(name.value)) return this.predicate();
		this.i++;
		const cmp = this.peek();
		if (cmp.kind !== 'cmp')
			return this.fail(
				`expected a comparison (>=, <=, >, <, ==, !=) but found ${describe(cmp)}`,
				cmp
			);
		this.i++;
		const value = this.peek();
		if (value.kind !== 'number')
			return this.fail(`expected a whole number but found ${describe(value)}`);
		this.i++;
		return { op: 'cmp', meter: name.value, cmp: cmp.value, value: value.value };
	}

	/** The next token must be the word `word`. */
	word(word: string): ConditionError | undefined {
		const t = this.peek();
		if (t.kind !== 'name' || t.value !== word)
			return this.fail(`expected \`${word}\` but found ${describe(t)}`, t);
		this.i++;
		return undefined;
	}

	/** A flag, critical action or beat id after `has`, `met`, `at` and the like. */
	id(what: string): { value: string; offset: number } | ConditionError {
		const t = this.peek();
		if (t.kind !== 'name' || KEYWORDS.has(t.value))
			return this.fail(`expected ${what} but found ${describe(t)}`, t);
		this.i++;
		return { value: t.value, offset: t.offset };
	}

	/** `at <beat>` after a rupture word, if present. */
	at(): string | undefined | ConditionError {
		const t = this.peek();
		if (t.kind !== 'name' || t.value !== 'at') return undefined;
		this.i++;
		const beat = this.id('the id of a rupture beat');
		return 'message' in beat ? beat : beat.value;
	}

	rupture(handled: RuptureHandling | 'ignored'): Condition | ConditionError {
		const beat = this.at();
		if (typeof beat === 'object') return beat;
		return beat ? { op: 'rupture', handled, beat } : { op: 'rupture', handled };
	}

	/**
	 * `has <flag>`, `met <action>`, `missed <action>`, `ignored rupture [at <beat>]`,
	 * `repaired at once [at <beat>]`, `repaired late [at <beat>]`, `unrepaired rupture [at <beat>]`.
	 */
	predicate(): Condition | ConditionError {
		const word = this.peek() as { value: string };
		this.i++;
		switch (word.value) {
			case 'has': {
				const flag = this.id('a flag name');
				return 'message' in flag ? flag : { op: 'flag', flag: flag.value };
			}
			case 'met':
			case 'missed': {
				const action = this.id('a critical action');
				if ('message' in action) return action;
				const met: Condition = { op: 'met', action: action.value };
				return word.value === 'met' ? met : { op: 'not', arg: met };
			}
			case 'ignored':
			case 'unrepaired':
				return this.word('rupture') ?? this.rupture(word.value === 'ignored' ? 'ignored' : 'never');
			default: {
				// repaired
				const t = this.peek();
				if (t.kind === 'name' && t.value === 'late') {
					this.i++;
					return this.rupture('late');
				}
				return this.word('at') ?? this.word('once') ?? this.rupture('at-once');
			}
		}
	}
}

/** Words that open a path or flag test rather than a comparison (unless a comparison follows). */
const PREDICATES = new Set(['has', 'met', 'missed', 'ignored', 'unrepaired', 'repaired']);
const KEYWORDS = new Set(['and', 'or', 'not', ...PREDICATES]);

/** Parses a condition; `and` binds tighter than `or`, `not` tighter than both. */
export function parseCondition(source: string): Condition | ConditionError {
	const tokens = tokenize(source);
	if (!Array.isArray(tokens)) return tokens;
	const parser = new ConditionParser(tokens);
	if (parser.peek().kind === 'end') return parser.fail('the condition is empty');
	const result = parser.or();
	if ('message' in result) return result;
	const rest = parser.peek();
	if (rest.kind !== 'end') return parser.fail(`unexpected ${describe(rest)}`, rest);
	return result;
}

export function isConditionError(value: Condition | ConditionError): value is ConditionError {
	return 'message' in value;
}

/** Meter names a condition reads, for validation. */
export function conditionMeters(condition: Condition, into: string[] = []): string[] {
	if (condition.op === 'cmp') into.push(condition.meter);
	else if (condition.op === 'not') conditionMeters(condition.arg, into);
	else if (condition.op === 'and' || condition.op === 'or')
		for (const arg of condition.args) conditionMeters(arg, into);
	return into;
}

/** Every leaf of a condition (comparisons, flags, critical actions, rupture tests), in order. */
export function conditionLeaves(condition: Condition, into: Condition[] = []): Condition[] {
	if (condition.op === 'not') conditionLeaves(condition.arg, into);
	else if (condition.op === 'and' || condition.op === 'or')
		for (const arg of condition.args) conditionLeaves(arg, into);
	else into.push(condition);
	return into;
}

/** Flag names a condition reads. */
export function conditionFlags(condition: Condition): string[] {
	return conditionLeaves(condition).flatMap((c) => (c.op === 'flag' ? [c.flag] : []));
}

/** Whether a condition reads the path (critical actions, ruptures): debrief notes only. */
export function readsPath(condition: Condition): boolean {
	return conditionLeaves(condition).some((c) => c.op === 'met' || c.op === 'rupture');
}

const NO_FACTS: PathFacts = { flags: [] };

function ruptureMatches(
	condition: { handled: RuptureHandling | 'ignored'; beat?: string },
	facts: PathFacts
) {
	return (facts.ruptures ?? []).some(
		(r) =>
			(condition.beat === undefined || r.beat === condition.beat) &&
			(condition.handled === 'ignored' ? r.handled !== 'at-once' : r.handled === condition.handled)
	);
}

/**
 * Whether a condition holds for these meters and this path. Meters not given read as 0; `facts`
 * holds the flags that are set and, for debrief notes, what the path did.
 */
export function evaluateCondition(
	condition: Condition,
	meters: Readonly<Record<string, number>>,
	facts: PathFacts = NO_FACTS
): boolean {
	switch (condition.op) {
		case 'cmp': {
			const value = meters[condition.meter] ?? 0;
			switch (condition.cmp) {
				case '>=':
					return value >= condition.value;
				case '<=':
					return value <= condition.value;
				case '>':
					return value > condition.value;
				case '<':
					return value < condition.value;
				case '==':
					return value === condition.value;
				case '!=':
					return value !== condition.value;
			}
			return false;
		}
		case 'flag':
			return facts.flags.includes(condition.flag);
		case 'met':
			return (facts.met ?? []).includes(condition.action);
		case 'rupture':
			return ruptureMatches(condition, facts);
		case 'not':
			return !evaluateCondition(condition.arg, meters, facts);
		case 'and':
			return condition.args.every((c) => evaluateCondition(c, meters, facts));
		case 'or':
			return condition.args.some((c) => evaluateCondition(c, meters, facts));
	}
}

/** The gating a prose block may carry (a `ProseBlock` has these fields). */
export interface Gated {
	variant?: 'if' | 'else-if' | 'else';
	condition?: Condition;
}

/**
 * Indices of the blocks shown: every block without a gate, and in each group of variants (an
 * `if` and the `else-if`/`else` blocks right after it) the first whose condition holds.
 */
export function shownBlocks(
	blocks: readonly Gated[],
	meters: Readonly<Record<string, number>>,
	facts: PathFacts = NO_FACTS
): number[] {
	const shown: number[] = [];
	let settled = false;
	for (let i = 0; i < blocks.length; i++) {
		const block = blocks[i];
		if (!block.variant) {
			shown.push(i);
			continue;
		}
		if (block.variant === 'if') settled = false;
		if (settled) continue;
		if (!block.condition || evaluateCondition(block.condition, meters, facts)) {
			shown.push(i);
			settled = true;
		}
	}
	return shown;
}

/** The groups of variants in a list of blocks: first and last index, and whether one must show. */
export function variantGroups(blocks: readonly Gated[]) {
	const groups: { first: number; last: number; hasElse: boolean }[] = [];
	for (let i = 0; i < blocks.length; i++) {
		const variant = blocks[i].variant;
		if (variant === 'if') groups.push({ first: i, last: i, hasElse: false });
		else if (variant && groups.length > 0) {
			const group = groups[groups.length - 1];
			group.last = i;
			if (variant === 'else') group.hasElse = true;
		}
	}
	return groups;
}
