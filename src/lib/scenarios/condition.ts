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

/** Parses a condition; `and` binds tighter than `or`, `not` tighter than both. */
export function parseCondition(source: string): Condition | ConditionError {
	const tokens = tokenize(source);
	if (!Array.isArray(tokens)) return tokens;
	let i = 0;
	// Deeper nesting than any real condition needs is refused before it can exhaust the stack.
	let depth = 0;
	const MAX_DEPTH = 500;
	const peek = () => tokens[i];
	const fail = (message: string, token = peek()): ConditionError => ({
		message,
		offset: token.offset
	});
	const describe = (t: Token) => (t.kind === 'end' ? 'the end' : `\`${t.value}\``);

	function or(): Condition | ConditionError {
		const args: Condition[] = [];
		for (;;) {
			const left = and();
			if ('message' in left) return left;
			args.push(left);
			const t = peek();
			if (t.kind === 'name' && t.value === 'or') i++;
			else break;
		}
		return args.length === 1 ? args[0] : { op: 'or', args };
	}

	function and(): Condition | ConditionError {
		const args: Condition[] = [];
		for (;;) {
			const left = unary();
			if ('message' in left) return left;
			args.push(left);
			const t = peek();
			if (t.kind === 'name' && t.value === 'and') i++;
			else break;
		}
		return args.length === 1 ? args[0] : { op: 'and', args };
	}

	function unary(): Condition | ConditionError {
		const t = peek();
		if (++depth > MAX_DEPTH) return fail('the condition is nested too deeply');
		try {
			return unaryInner(t);
		} finally {
			depth--;
		}
	}

	function unaryInner(t: Token): Condition | ConditionError {
		if (t.kind === 'name' && t.value === 'not') {
			i++;
			const arg = unary();
			return 'message' in arg ? arg : { op: 'not', arg };
		}
		if (t.kind === 'paren' && t.value === '(') {
			i++;
			const inner = or();
			if ('message' in inner) return inner;
			const close = peek();
			if (close.kind !== 'paren' || close.value !== ')')
				return fail(`expected \`)\` but found ${describe(close)}`, close);
			i++;
			return inner;
		}
		return comparison();
	}

	function comparison(): Condition | ConditionError {
		const name = peek();
		if (name.kind !== 'name' || ['and', 'or', 'not'].includes(name.value))
			return fail(`expected a meter name but found ${describe(name)}`, name);
		i++;
		const cmp = peek();
		if (cmp.kind !== 'cmp')
			return fail(`expected a comparison (>=, <=, >, <, ==, !=) but found ${describe(cmp)}`, cmp);
		i++;
		const value = peek();
		if (value.kind !== 'number')
			return fail(`expected a whole number but found ${describe(value)}`);
		i++;
		return { op: 'cmp', meter: name.value, cmp: cmp.value, value: value.value };
	}

	if (peek().kind === 'end') return fail('the condition is empty');
	const result = or();
	if ('message' in result) return result;
	const rest = peek();
	if (rest.kind !== 'end') return fail(`unexpected ${describe(rest)}`, rest);
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
