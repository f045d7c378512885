import { describe, expect, it } from 'vitest';
import {
	conditionMeters,
	evaluateCondition,
	isConditionError,
	parseCondition
} from '../../src/lib/scenarios/condition';
import type { Condition } from '../../src/lib/scenarios/types';

/** Conditions (`trust >= 3 and not (openness < 2)`): the parser, its errors and the evaluator. */

function parse(source: string): Condition {
	const result = parseCondition(source);
	if (isConditionError(result)) throw new Error(`${source}: ${result.message} at ${result.offset}`);
	return result;
}

const cmp = (meter: string, op: string, value: number) => ({ op: 'cmp', meter, cmp: op, value });

describe('parseCondition', () => {
	it('reads a comparison with every operator', () => {
		for (const op of ['>=', '<=', '>', '<', '==', '!='])
			expect(parse(`trust ${op} 3`)).toEqual(cmp('trust', op, 3));
	});

	it('reads spacing freely, negative numbers and hyphenated meter names', () => {
		expect(parse('trust>=3')).toEqual(cmp('trust', '>=', 3));
		expect(parse('  trust   >=   3  ')).toEqual(cmp('trust', '>=', 3));
		expect(parse('trust > -1')).toEqual(cmp('trust', '>', -1));
		expect(parse('self-worth2 != 0')).toEqual(cmp('self-worth2', '!=', 0));
	});

	it('binds `and` tighter than `or`', () => {
		expect(parse('a > 1 or b > 1 and c > 1')).toEqual({
			op: 'or',
			args: [cmp('a', '>', 1), { op: 'and', args: [cmp('b', '>', 1), cmp('c', '>', 1)] }]
		});
		expect(parse('a > 1 and b > 1 or c > 1')).toEqual({
			op: 'or',
			args: [{ op: 'and', args: [cmp('a', '>', 1), cmp('b', '>', 1)] }, cmp('c', '>', 1)]
		});
	});

	it('keeps a chain of one operator flat', () => {
		expect(parse('a > 1 and b > 1 and c > 1')).toEqual({
			op: 'and',
			args: [cmp('a', '>', 1), cmp('b', '>', 1), cmp('c', '>', 1)]
		});
		expect(parse('a > 1 or b > 1 or c > 1')).toMatchObject({ op: 'or', args: { length: 3 } });
	});

	it('binds `not` tighter than `and`', () => {
		expect(parse('not a > 1 and b > 1')).toEqual({
			op: 'and',
			args: [{ op: 'not', arg: cmp('a', '>', 1) }, cmp('b', '>', 1)]
		});
		expect(parse('not not a > 1')).toEqual({
			op: 'not',
			arg: { op: 'not', arg: cmp('a', '>', 1) }
		});
	});

	it('lets parentheses override precedence', () => {
		expect(parse('(a > 1 or b > 1) and c > 1')).toEqual({
			op: 'and',
			args: [{ op: 'or', args: [cmp('a', '>', 1), cmp('b', '>', 1)] }, cmp('c', '>', 1)]
		});
		expect(parse('not (a > 1 and b > 1)')).toEqual({
			op: 'not',
			arg: { op: 'and', args: [cmp('a', '>', 1), cmp('b', '>', 1)] }
		});
		expect(parse('((a > 1))')).toEqual(cmp('a', '>', 1));
	});

	it('survives a few hundred levels of nesting', () => {
		const deep = `${'('.repeat(300)}a > 1${')'.repeat(300)}`;
		expect(parse(deep)).toEqual(cmp('a', '>', 1));
		expect(evaluateCondition(parse(`${'not '.repeat(300)}a > 1`), { a: 2 })).toBe(true);
	});

	it.each([
		['', 'the condition is empty', 0],
		['trust = 3', 'unexpected `=` (use `==` to compare)', 6],
		['trust >= ', 'expected a whole number but found the end', 9],
		['trust >= two', 'expected a whole number but found `two`', 9],
		['trust > 1.5', 'unexpected `.`', 9],
		['trust 3', 'expected a comparison (>=, <=, >, <, ==, !=) but found `3`', 6],
		['> 1', 'expected a meter name but found `>`', 0],
		['Trust > 1', 'unexpected `T`', 0],
		['and > 1', 'expected a meter name but found `and`', 0],
		['trust > 1 and', 'expected a meter name but found the end', 13],
		['trust > 1 or or b > 1', 'expected a meter name but found `or`', 13],
		['(trust > 1', 'expected `)` but found the end', 10],
		['(trust > 1 b > 2)', 'expected `)` but found `b`', 11],
		['trust > 1)', 'unexpected `)`', 9],
		['trust > 1 trust > 2', 'unexpected `trust`', 10],
		['not', 'expected a meter name but found the end', 3],
		['trust > 1 && b > 1', 'unexpected `&`', 10],
		['trust >= 3 if', 'unexpected `if`', 11],
		// Operands are a meter and a number, never two meters.
		['trust > openness', 'expected a whole number but found `openness`', 8]
	])('rejects %j: %s at offset %i', (source, message, offset) => {
		expect(parseCondition(source)).toEqual({ message, offset });
	});
});

describe('evaluateCondition', () => {
	const at = (source: string, meters: Record<string, number>) =>
		evaluateCondition(parse(source), meters);

	it('compares at and around the boundary', () => {
		const table: [string, boolean[]][] = [
			['t >= 3', [false, true, true]],
			['t <= 3', [true, true, false]],
			['t > 3', [false, false, true]],
			['t < 3', [true, false, false]],
			['t == 3', [false, true, false]],
			['t != 3', [true, false, true]]
		];
		for (const [source, expected] of table)
			expect(
				[2, 3, 4].map((t) => at(source, { t })),
				source
			).toEqual(expected);
	});

	it('combines with and, or, not and parentheses', () => {
		const m = { a: 2, b: 0, c: 5 };
		expect(at('a > 1 and b > 1', m)).toBe(false);
		expect(at('a > 1 or b > 1', m)).toBe(true);
		expect(at('b > 1 or a > 1 and c > 4', m)).toBe(true);
		expect(at('(b > 1 or a > 1) and c > 5', m)).toBe(false);
		expect(at('not (b > 1) and not (a < 2)', m)).toBe(true);
		expect(at('not b > 1 or c < 0', m)).toBe(true);
	});

	it('matches a direct reading of every small condition over two meters', () => {
		const forms: [string, (a: number, b: number) => boolean][] = [
			['a > 1 or b > 1 and a < 1', (a, b) => a > 1 || (b > 1 && a < 1)],
			['not a == 1 and b != 2', (a, b) => !(a === 1) && b !== 2],
			['not (a >= 2 or b <= 0)', (a, b) => !(a >= 2 || b <= 0)],
			['(a < 2 or b > 1) and (a != 1)', (a, b) => (a < 2 || b > 1) && a !== 1]
		];
		for (const [source, direct] of forms)
			for (let a = 0; a <= 3; a++)
				for (let b = 0; b <= 3; b++)
					expect(at(source, { a, b }), `${source} a=${a} b=${b}`).toBe(direct(a, b));
	});
});

describe('conditionMeters', () => {
	it('lists the meters a condition reads, in order', () => {
		expect(conditionMeters(parse('a > 1 or not (b < 2 and a == 3)'))).toEqual(['a', 'b', 'a']);
	});
});
