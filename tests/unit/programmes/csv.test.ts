import { describe, expect, it } from 'vitest';
import { isBlank, parseCsv } from '../../../src/lib/server/programmes/csv';

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv', () => {
	it('splits plain fields and records', () => {
		expect(fields('a,b,c\n1,2,3\n')).toEqual([
			['a', 'b', 'c'],
			['1', '2', '3']
		]);
	});

	it('accepts CRLF, LF and a lone CR, and a last line without a break', () => {
		expect(fields('a,b\r\n1,2\r3,4\n5,6')).toEqual([
			['a', 'b'],
			['1', '2'],
			['3', '4'],
			['5', '6']
		]);
	});

	it('drops a byte order mark at the start only', () => {
		expect(fields('\uFEFFusername,x\n')).toEqual([['username', 'x']]);
		expect(fields('a,\uFEFFb')).toEqual([['a', '\uFEFFb']]);
	});

	it('reads quoted fields with commas, doubled quotes and line breaks', () => {
		const result = parseCsv('"Smith, Jo","say ""hi""","two\r\nlines"\nnext,row,x\n');
		expect(result.problems).toEqual([]);
		expect(result.records).toEqual([
			{ line: 1, fields: ['Smith, Jo', 'say "hi"', 'two\r\nlines'] },
			{ line: 3, fields: ['next', 'row', 'x'] }
		]);
	});

	it('keeps empty fields, including a trailing one', () => {
		expect(fields('a,,c\n,,\nx,')).toEqual([
			['a', '', 'c'],
			['', '', ''],
			['x', '']
		]);
		expect(fields('""')).toEqual([['']]);
	});

	it('keeps blank lines as blank records with their line numbers', () => {
		const { records } = parseCsv('a\n\nb\n');
		expect(records.map((r) => [r.line, isBlank(r)])).toEqual([
			[1, false],
			[2, true],
			[3, false]
		]);
	});

	it('reports a quote that is never closed, naming the line it opened on', () => {
		const result = parseCsv('a,b\n1,"open\n2,3\n');
		expect(result.problems).toEqual([
			{ line: 2, message: 'The quote opened on line 2 is never closed.' }
		]);
	});

	it('reports a stray quote inside an unquoted field and text after a closing quote', () => {
		const result = parseCsv('ab"c,d\n"x"y,z\n');
		expect(result.problems.map((p) => p.line)).toEqual([1, 2]);
		expect(result.records[1].fields).toEqual(['xy', 'z']);
	});

	it('gives nothing for empty text', () => {
		expect(parseCsv('')).toEqual({ records: [], problems: [] });
		expect(parseCsv('\uFEFF')).toEqual({ records: [], problems: [] });
	});

	it('reads 10,000 records quickly and counts lines through quoted breaks', () => {
		const rows = Array.from({ length: 10_000 }, (_, i) => `u${i},"Name\n${i}",u${i}@x.org`);
		const started = performance.now();
		const { records, problems } = parseCsv(rows.join('\r\n'));
		expect(performance.now() - started).toBeLessThan(1000);
		expect(problems).toEqual([]);
		expect(records).toHaveLength(10_000);
		expect(records[9_999]).toEqual({
			line: 19_999,
			fields: ['u9999', 'Name\n9999', 'u9999@x.org']
		});
	});
});
