import { describe, expect, it } from 'vitest';
import { readRoster, ROSTER_MAX_ROWS } from '../../../src/lib/server/programmes/roster-file';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('readRoster: bytes', () => {
	it('decodes UTF-8, names with accents included, and drops the BOM', async () => {
		const result = await readRoster(utf8('\uFEFFusername,name\r\nzoe,Zoë Núñez\r\n'));
		expect(result).toEqual({
			entries: [{ line: 2, username: 'zoe', displayName: 'Zoë Núñez' }],
			problems: []
		});
	});

	it('reports each row holding bytes that are not UTF-8, and only those', async () => {
		const latin1 = Buffer.concat([
			Buffer.from('username,display name\nann,Ann\n'),
			Buffer.from([0x7a, 0x6f, 0x65, 0x2c, 0x5a, 0x6f, 0xeb, 0x0a]), // zoe,Zoë in Latin-1
			Buffer.from('bob,Bob\nBad Name!,X\n'),
			Buffer.from([0x78, 0x2c, 0xff, 0xfe, 0x0a])
		]);
		const result = await readRoster(latin1);
		expect(result.entries).toEqual([]);
		expect(result.problems.map((p) => p.line)).toEqual([3, 6]);
		expect(result.problems[0].message).toMatch(/not UTF-8.*CSV UTF-8/);
	});

	it('refuses a file over the size limit without parsing it', async () => {
		const big = new Uint8Array(20 * 1024 * 1024).fill(0x61);
		expect((await readRoster(big)).problems).toEqual([
			{ line: 0, message: expect.stringMatching(/20,972 KB; the limit is 500 KB/) }
		]);
		async function* stream() {
			for (let i = 0; i < 100; i++) yield new Uint8Array(10_000).fill(0x61);
		}
		expect((await readRoster(stream())).problems).toEqual([
			{ line: 0, message: expect.stringMatching(/the limit is 500 KB/) }
		]);
	});

	it('reads a stream split anywhere, even inside a CRLF or a character', async () => {
		const text = 'username,display name\r\nann,"Ann\r\nArcher"\r\n\r\nzoe,Zoë\r\nbob,Bob';
		const bytes = utf8(text);
		const whole = await readRoster(bytes);
		expect(whole.entries.map((e) => [e.line, e.username])).toEqual([
			[5, 'zoe'],
			[6, 'bob']
		]);
		expect(whole.problems).toEqual([
			{ line: 2, message: 'The display name has a line break or control character.' }
		]);
		for (let cut = 1; cut < bytes.length; cut++) {
			async function* split() {
				yield bytes.subarray(0, cut);
				yield bytes.subarray(cut);
			}
			expect(await readRoster(split()), `cut at ${cut}`).toEqual(whole);
		}
	});
});

describe('readRoster', () => {
	it('reads username, display name and optional email, in any column order', async () => {
		const result = await readRoster(
			'\uFEFFEmail,Display Name,Username\r\nann@example.org,"Smith, Ann",Ann\r\n,Bob Jones,bob\r\n\r\n'
		);
		expect(result.problems).toEqual([]);
		expect(result.entries).toEqual([
			{ line: 2, username: 'ann', displayName: 'Smith, Ann', email: 'ann@example.org' },
			{ line: 3, username: 'bob', displayName: 'Bob Jones' }
		]);
	});

	it('reads quoted fields: commas and doubled quotes inside', async () => {
		const text = 'username,name\nbea,"Dubois, Béatrice ""Bea"""\n';
		expect((await readRoster(text)).entries).toEqual([
			{ line: 2, username: 'bea', displayName: 'Dubois, Béatrice "Bea"' }
		]);
	});

	it('accepts a file without an email column', async () => {
		expect((await readRoster('username,name\ncat,Cat\n')).entries).toEqual([
			{ line: 2, username: 'cat', displayName: 'Cat' }
		]);
	});

	it('explains wrong columns on the header line and imports nothing', async () => {
		const result = await readRoster('user name,surname\nann,Smith\n');
		expect(result.entries).toEqual([]);
		expect(result.problems).toHaveLength(1);
		expect(result.problems[0].line).toBe(1);
		expect(result.problems[0].message).toMatch(
			/username,display name,email.*unknown columns "user name", "surname".*no "username" column/
		);
		expect((await readRoster('username,name,name\nann,Ann\n')).problems[0].message).toMatch(
			/appears twice/
		);
	});

	it('lists every bad row with its line: field count, username, name, email, duplicates', async () => {
		const result = await readRoster(
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

	it('reports CSV syntax problems with their lines', async () => {
		const result = await readRoster('username,name\nann,"Ann\nbob,Bob\n');
		expect(result.problems[0]).toEqual({
			line: 2,
			message: 'The quote opened on line 2 is never closed.'
		});
	});

	it('refuses more rows than the limit as a whole, with the count', async () => {
		const rows = Array.from({ length: 10_000 }, (_, i) => `u${i},User ${i}`);
		const result = await readRoster(['username,name', ...rows].join('\n'));
		expect(result.entries).toEqual([]);
		expect(result.problems).toEqual([
			{ line: 0, message: expect.stringMatching(/10,000 rows; at most 5,000/) }
		]);
		const fits = Array.from({ length: ROSTER_MAX_ROWS }, (_, i) => `u${i},User ${i}`);
		expect((await readRoster(['username,name', ...fits].join('\n'))).entries).toHaveLength(
			ROSTER_MAX_ROWS
		);
	});

	it('says a file with only its header row has no rows to import', async () => {
		for (const text of [
			'username,display name,email',
			'\uFEFFusername,display name,email\r\n',
			'username,display name,email\n\n,,\n'
		]) {
			const result = await readRoster(text);
			expect(result.entries).toEqual([]);
			expect(result.problems).toEqual([
				{ line: 0, message: expect.stringMatching(/only its header row: there are no trainees/) }
			]);
		}
	});

	it('says an empty file is empty', async () => {
		expect((await readRoster('\n\n')).problems[0].message).toMatch(/empty/);
	});
});
