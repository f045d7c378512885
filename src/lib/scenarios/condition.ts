import type { Comparator, Condition } from './types';

/**
 * Conditions read meters only (`trust >= 3 and not (openness < 2)`), which keeps every scenario
 * exactly analysable: the state that decides a path is the beat plus a small vector of meters.
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
}

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
	else for (const arg of condition.args) conditionMeters(arg, into);
	return into;
}

export function evaluateCondition(condition: Condition, meters: Record<string, number>): boolean {
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
		case 'not':
			return !evaluateCondition(condition.arg, meters);
		case 'and':
			return condition.args.every((c) => evaluateCondition(c, meters));
		case 'or':
			return condition.args.some((c) => evaluateCondition(c, meters));
	}
}
