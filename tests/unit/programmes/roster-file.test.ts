import { describe, expect, it } from 'vitest';
import {
	decodeRoster,
	readRoster,
	ROSTER_MAX_BYTES,
	ROSTER_MAX_ROWS
} from '../../../src/lib/server/programmes/roster-file';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeRoster', () => {
	it('decodes UTF-8, names with accents included', () => {
		expect(decodeRoster(utf8('username,name\nzoe,Zoë Núñez\n'))).toEqual({
			text: 'username,name\nzoe,Zoë Núñez\n',
			problems: []
		});
	});

	it('reports each line holding bytes that are not UTF-8, and gives no text', () => {
		const latin1 = Buffer.concat([
			Buffer.from('username,display name\nann,Ann\n'),
			Buffer.from([0x7a, 0x6f, 0x65, 0x2c, 0x5a, 0x6f, 0xeb, 0x0a]), // zoe,Zoë in Latin-1
			Buffer.from('bob,Bob\n'),
			Buffer.from([0xff, 0xfe, 0x0a])
		]);
		const result = decodeRoster(latin1);
		expect(result.text).toBeUndefined();
		expect(result.problems.map((p) => p.line)).toEqual([3, 5]);
		expect(result.problems[0].message).toMatch(/not UTF-8.*CSV UTF-8/);
	});

	it('refuses a file over the size limit without reading it', () => {
		const big = new Uint8Array(20 * 1024 * 1024).fill(0x61);
		const result = decodeRoster(big);
		expect(result.text).toBeUndefined();
		expect(result.problems).toEqual([
			{ line: 0, message: expect.stringMatching(/20,972 KB; the limit is 500 KB/) }
		]);
		expect(decodeRoster(new Uint8Array(ROSTER_MAX_BYTES).fill(0x61)).text).toBeDefined();
	});
});

describe('readRoster', () => {
	it('reads username, display name and optional email, in any column order', () => {
		const result = readRoster(
			'\uFEFFEmail,Display Name,Username\r\nann@example.org,"Smith, Ann",Ann\r\n,Bob Jones,bob\r\n\r\n'
		);
		expect(result.problems).toEqual([]);
		expect(result.entries).toEqual([
			{ line: 2, username: 'ann', displayName: 'Smith, Ann', email: 'ann@example.org' },
			{ line: 3, username: 'bob', displayName: 'Bob Jones' }
		]);
	});

	it('accepts a file without an email column', () => {
		expect(readRoster('username,name\ncat,Cat\n').entries).toEqual([
			{ line: 2, username: 'cat', displayName: 'Cat' }
		]);
	});

	it('explains wrong columns on the header line and imports nothing', () => {
		const result = readRoster('user name,surname\nann,Smith\n');
		expect(result.entries).toEqual([]);
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0].line).toBe(1);
		expect(result.problems[0].message).toMatch(
			/username,display name,email.*unknown columns "user name", "surname".*no "username" column/
		);
		expect(readRoster('username,name,name\n').problems[0].message).toMatch(/appears twice/);
	});

	it('lists every bad row with its line: field count, username, name, email, duplicates', () => {
		const result = readRoster(
			[
				'username,display name,email',
				'ann,Ann,ann@example.org',
				'bob,Bob',
				'Not Valid!,Name,',
				',No Username,',
				'cat,,cat@',
				'ANN,Ann Again,',
				'dan,Dan,dan@example.org'
			].join('\n')
		);
		expect(result.entries.map((e) => e.username)).toEqual(['ann', 'dan']);
		expect(result.problems.map((p) => [p.line, p.message.slice(0, 30)])).toEqual([
			[3, 'Expected 3 fields (username, d'],
			[4, 'Usernames are 2 to 40 characte'],
			[5, 'The username is empty.'],
			[6, 'The display name is empty.'],
			[6, '"cat@" is not an email address'],
			[7, 'The username ann is already on'] // case-insensitive
		]);
	});

	it('reports CSV syntax problems with their lines', () => {
		const result = readRoster('username,name\nann,"Ann\nbob,Bob\n');
		expect(result.problems[0]).toEqual({
			line: 2,
			message: 'The quote opened on line 2 is never closed.'
		});
	});

	it('refuses more rows than the limit as a whole, with the count', () => {
		const rows = Array.from({ length: 10_000 }, (_, i) => `u${i},User ${i}`);
		const result = readRoster(['username,name', ...rows].join('\n'));
		expect(result.entries).toEqual([]);
		expect(result.problems).toEqual([
			{ line: 0, message: expect.stringMatching(/10,000 rows; at most 5,000/) }
		]);
		const fits = Array.from({ length: ROSTER_MAX_ROWS }, (_, i) => `u${i},User ${i}`);
		expect(readRoster(['username,name', ...fits].join('\n')).entries).toHaveLength(ROSTER_MAX_ROWS);
	});

	it('says a file with only its header row has no rows to import', () => {
		for (const text of [
			'username,display name,email',
			'\uFEFFusername,display name,email\r\n',
			'username,display name,email\n\n,,\n'
		]) {
			const result = readRoster(text);
			expect(result.entries).toEqual([]);
			expect(result.problems).toEqual([
				{ line: 0, message: expect.stringMatching(/only its header row: there are no trainees/) }
			]);
		}
	});

	it('says an empty file is empty', () => {
		expect(readRoster('\n\n').problems[0].message).toMatch(/empty/);
	});
});
