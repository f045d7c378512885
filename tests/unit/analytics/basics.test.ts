import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../../src/lib/server/analytics/csv';
import { spreadOf } from '../../../src/lib/server/analytics/spread';
import { uuidV5 } from '../../../src/lib/server/analytics/uuid';
import { choiceEvents } from '../../../src/lib/server/analytics/choice-events';
import { streamOf } from '../../../src/lib/server/analytics/stream';
import type { AttemptEvent } from '../../../src/lib/server/store/types';

describe('csvCell', () => {
	it.each([
		['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
		['+1', "'+1"],
		['-2+3', "'-2+3"],
		['@SUM(A1)', "'@SUM(A1)"],
		['\tindent', "'\tindent"],
		['\rcr', `"'\rcr"`],
		['plain', 'plain'],
		['a,b', '"a,b"'],
		['say "hi"', '"say ""hi"""'],
		['line\nbreak', '"line\nbreak"']
	])('escapes %j', (input, expected) => {
		expect(csvCell(input)).toBe(expected);
	});

	it('keeps numbers as numbers, negative ones included', () => {
		expect(csvCell(-2)).toBe('-2');
		expect(csvCell(70)).toBe('70');
		expect(csvCell(Number.NaN)).toBe('');
		expect(csvCell(undefined)).toBe('');
		expect(csvCell(null)).toBe('');
		expect(csvCell(true)).toBe('true');
	});

	it('ends lines with CRLF', () => {
		expect(csvLine(['a', 1, '=x'])).toBe("a,1,'=x\r\n");
	});
});

describe('spreadOf', () => {
	it('gives population SD and type-7 quartiles', () => {
		const s = spreadOf([2, 4, 4, 4, 5, 5, 7, 9])!;
		expect(s).toEqual({ n: 8, mean: 5, sd: 2, median: 4.5, q1: 4, q3: 5.5 });
	});
	it('is null for no values and zero spread for one', () => {
		expect(spreadOf([])).toBeNull();
		expect(spreadOf([80])).toEqual({ n: 1, mean: 80, sd: 0, median: 80, q1: 80, q3: 80 });
	});
});

describe('uuidV5', () => {
	it('matches the RFC 9562 example (DNS namespace, www.example.com)', () => {
		expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
			'2ed6657d-e927-568b-95e1-2665a8aea6a2'
		);
	});
	it('is stable per name and differs between names', () => {
		expect(uuidV5('a:b:answered')).toBe(uuidV5('a:b:answered'));
		expect(uuidV5('a:b:answered')).not.toBe(uuidV5('a:c:answered'));
		expect(uuidV5('x')).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
		);
	});
});

describe('choiceEvents', () => {
	const ev = (seq: number, choiceId?: string): AttemptEvent => ({
		id: `e${seq}`,
		attemptId: 'a',
		seq,
		type: choiceId ? 'choice' : 'rewind',
		...(choiceId ? { choiceId } : {}),
		at: '2025-01-01T00:00:00.000Z'
	});
	it('marks the choices later rewinds took back, latest first', () => {
		// a, b, rewind (takes b), c, rewind (takes c), rewind (takes a), d
		const events = [ev(1, 'x.a'), ev(2, 'y.b'), ev(3), ev(4, 'y.c'), ev(5), ev(6), ev(7, 'x.d')];
		expect(choiceEvents(events.reverse()).map((c) => [c.event.choiceId, c.rewound])).toEqual([
			['x.a', true],
			['y.b', true],
			['y.c', true],
			['x.d', false]
		]);
	});
});

describe('streamOf', () => {
	it('pulls one chunk per read, skipping empty ones', async () => {
		let produced = 0;
		async function* chunks() {
			for (const c of ['a', '', 'b', 'c']) {
				produced++;
				yield c;
			}
		}
		const reader = streamOf(chunks()).getReader();
		const first = await reader.read();
		expect(new TextDecoder().decode(first.value)).toBe('a');
		// Nothing beyond what was read has been produced yet.
		expect(produced).toBe(1);
		const second = await reader.read();
		expect(new TextDecoder().decode(second.value)).toBe('b');
		expect(produced).toBe(3);
		await reader.read();
		expect((await reader.read()).done).toBe(true);
	});
});
