import { normaliseUsername, usernameProblem } from '../auth/accounts';
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';

/**
 * Reading a roster file (username, display name, optional email) into rows, with every problem
 * found listed per row. Pure: whether a row creates an account or adds an existing one is
 * decided later, against the store (roster.ts).
 */

/** Larger files are refused whole. Below the server's request limit (512 KiB) on purpose. */
export const ROSTER_MAX_BYTES = 500_000;
export const ROSTER_MAX_ROWS = 5_000;
export const DISPLAY_NAME_MAX = 100;
export const EMAIL_MAX = 254;

export interface RosterEntry {
	line: number;
	username: string;
	displayName: string;
	email?: string;
}

export interface RosterProblem {
	/** 0 for a problem with the file as a whole. */
	line: number;
	message: string;
}

export interface RosterFile {
	entries: RosterEntry[];
	problems: RosterProblem[];
}

const COLUMN_NAMES: Record<string, 'username' | 'displayName' | 'email'> = {
	username: 'username',
	user: 'username',
	login: 'username',
	'display name': 'displayName',
	displayname: 'displayName',
	display_name: 'displayName',
	name: 'displayName',
	'full name': 'displayName',
	email: 'email',
	'e-mail': 'email',
	'email address': 'email'
};

export const EXPECTED_HEADER = 'username,display name,email';

function kb(bytes: number): string {
	return `${Math.round(bytes / 1000).toLocaleString('en')} KB`;
}

/** What a roster can be read from: an upload's bytes or stream, or pasted text. */
export type RosterSource = Uint8Array | string | AsyncIterable<Uint8Array>;

function tooLarge(bytes: number): RosterProblem {
	return {
		line: 0,
		message: `The file is ${kb(bytes)}; the limit is ${kb(ROSTER_MAX_BYTES)} (about ${ROSTER_MAX_ROWS.toLocaleString('en')} rows). Split it into smaller files.`
	};
}

/**
 * The source as text, chunk by chunk. Bytes are decoded as UTF-8 without guessing: a byte that is
 * not UTF-8 becomes U+FFFD, and the row holding it is reported (a Latin-1 file would otherwise
 * turn names into mojibake). The BOM spreadsheets add is dropped. Line breaks become `\n`, so
 * line numbers count CRLF, LF and a lone CR alike.
 */
async function* textOf(source: RosterSource): AsyncGenerator<string> {
	let pendingCr = false;
	const lf = (text: string) => {
		let t = pendingCr ? `\r${text}` : text;
		pendingCr = t.endsWith('\r');
		if (pendingCr) t = t.slice(0, -1);
		return t.replace(/\r\n?/g, '\n');
	};
	if (typeof source === 'string') {
		yield lf(source.replace(/^\uFEFF/, ''));
	} else {
		const decoder = new TextDecoder('utf-8');
		let bytes = 0;
		for await (const chunk of source instanceof Uint8Array ? [source] : source) {
			bytes += chunk.length;
			// A stream's size is known only as it arrives: stop reading once over the limit.
			if (bytes > ROSTER_MAX_BYTES) throw new RosterTooLarge(bytes);
			yield lf(decoder.decode(chunk, { stream: true }));
		}
		yield lf(decoder.decode());
	}
	if (pendingCr) yield '\n';
}

class RosterTooLarge extends Error {
	constructor(readonly bytes: number) {
		super('roster too large');
	}
}

/** A CSV syntax error from csv-parse, in the words of the rest of the roster checks. */
function syntaxMessage(code: string | undefined, line: number, fallback: string): string {
	switch (code) {
		case 'CSV_QUOTE_NOT_CLOSED':
			return `The quote opened on line ${line} is never closed.`;
		case 'CSV_INVALID_CLOSING_QUOTE':
			return 'Text after a closing quote: put the whole field in quotes.';
		case 'INVALID_OPENING_QUOTE':
			return 'A quote inside a field that does not start with one: quote the whole field and double the inner quotes ("").';
		default:
			return fallback;
	}
}

interface CsvRow {
	/** The line the record starts on (1-based). */
	line: number;
	fields: string[];
}

/**
 * Parses the source as RFC 4180 CSV with csv-parse, as a stream: records are handed on as they
 * are parsed, and the text is never held whole. Syntax problems are collected with their line
 * (the record is skipped) so every problem can be listed at once.
 */
async function* csvRows(source: RosterSource, problems: RosterProblem[]): AsyncGenerator<CsvRow> {
	let nextLine = 1;
	const parser = parse({
		relax_column_count: true,
		skip_empty_lines: true,
		record_delimiter: '\n',
		info: true,
		raw: true,
		skip_records_with_error: true,
		// Both run as the parser goes (ahead of the loop below), so the line count is kept here.
		on_record: (record, context) => {
			nextLine = context.lines + 1;
			return record;
		},
		on_skip: (err, raw) => {
			const e = err as (Error & { code?: string; lines?: number }) | undefined;
			const line = nextLine + leadingBreaks(raw ?? '');
			problems.push({ line, message: syntaxMessage(e?.code, line, e?.message ?? 'Bad CSV.') });
			nextLine = (e?.lines ?? line) + 1;
		}
	});
	pipeline(Readable.from(textOf(source)), parser, () => {});
	for await (const { record, info, raw } of parser as AsyncIterable<{
		record: string[];
		info: { lines: number };
		raw: string;
	}>) {
		const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
		const line = info.lines - (body.match(/\n/g)?.length ?? 0);
		yield { line, fields: record };
	}
}

function leadingBreaks(raw: string): number {
	return /^\n*/.exec(raw)![0].length;
}

function headerProblem(seen: string[], unknown: string[]): string | undefined {
	const parts: string[] = [];
	if (unknown.length)
		parts.push(
			`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}`
		);
	if (!seen.includes('username')) parts.push('no "username" column');
	if (!seen.includes('displayName')) parts.push('no "display name" column');
	if (parts.length === 0) return undefined;
	return `The first row must name the columns: ${EXPECTED_HEADER} (email is optional). Found ${parts.join(', ')}.`;
}

// Line breaks and other control characters have no place in a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;

export function displayNameProblem(name: string): string | undefined {
	if (name === '') return 'The display name is empty.';
	if (name.length > DISPLAY_NAME_MAX)
		return `The display name is longer than ${DISPLAY_NAME_MAX} characters.`;
	if (CONTROL.test(name)) return 'The display name has a line break or control character.';
	return undefined;
}

export function emailProblem(email: string): string | undefined {
	if (email.length > EMAIL_MAX || !EMAIL.test(email))
		return `"${email.slice(0, 60)}" is not an email address.`;
	return undefined;
}

/**
 * What is wrong with one account's details (username already normalised, the others trimmed):
 * a roster row, the roster's add-one form and the admin's form all check them the same way.
 * `noUsername` is the message for a missing username, worded for where it is missing.
 */
export function accountProblems(
	account: { username: string; displayName: string; email?: string },
	noUsername = 'The username is empty.'
): string[] {
	return [
		account.username === '' ? noUsername : usernameProblem(account.username),
		displayNameProblem(account.displayName),
		account.email ? emailProblem(account.email) : undefined
	].filter((p): p is string => p !== undefined);
}

/**
 * Parses and checks a roster (bytes, a stream of bytes, or text); every row's problems are
 * listed. Rows are checked as they are parsed, so memory holds the accepted entries, never the
 * file's text. A file with bytes that are not UTF-8 is reported for those rows alone.
 */
export async function readRoster(source: RosterSource): Promise<RosterFile> {
	if (source instanceof Uint8Array && source.length > ROSTER_MAX_BYTES)
		return { entries: [], problems: [tooLarge(source.length)] };
	const problems: RosterProblem[] = [];
	const notUtf8: RosterProblem[] = [];
	const entries: RosterEntry[] = [];
	let header: CsvRow | undefined;
	let check: ((row: CsvRow) => void) | undefined;
	let rows = 0;
	try {
		for await (const row of csvRows(source, problems)) {
			if (row.fields.every((f) => f.trim() === '')) continue;
			if (row.fields.some((f) => f.includes('\uFFFD'))) {
				notUtf8.push({
					line: row.line,
					message:
						'This row has bytes that are not UTF-8 text. Save the file as "CSV UTF-8" and upload it again.'
				});
				continue;
			}
			if (!header) {
				header = row;
				check = rowChecker(header, problems, entries);
				continue;
			}
			rows++;
			// Past the limit, rows are only counted: the file is refused whole with its size.
			if (rows <= ROSTER_MAX_ROWS) check?.(row);
		}
	} catch (e) {
		if (e instanceof RosterTooLarge) return { entries: [], problems: [tooLarge(e.bytes)] };
		throw e;
	}
	if (notUtf8.length > 0) return { entries: [], problems: notUtf8 };
	if (!header) {
		problems.push({
			line: 0,
			message: `The file is empty. Its first row must be: ${EXPECTED_HEADER}`
		});
		return { entries: [], problems };
	}
	if (rows > ROSTER_MAX_ROWS) {
		return {
			entries: [],
			problems: [
				{
					line: 0,
					message: `The file has ${rows.toLocaleString('en')} rows; at most ${ROSTER_MAX_ROWS.toLocaleString('en')} can be imported at once. Split it into smaller files.`
				}
			]
		};
	}
	if (!check) return { entries: [], problems };
	if (rows === 0) {
		problems.push({
			line: 0,
			message: `The file has only its header row: there are no trainees in it to import. Add one row per trainee below ${EXPECTED_HEADER}.`
		});
		return { entries: [], problems };
	}
	return { entries, problems: problems.sort((a, b) => a.line - b.line) };
}

/**
 * Checks the header row; returns the checker of each later row (which adds the row's problems,
 * or its entry), or undefined, with the problem noted, when the header is wrong.
 */
function rowChecker(
	header: CsvRow,
	problems: RosterProblem[],
	entries: RosterEntry[]
): ((row: CsvRow) => void) | undefined {
	const columns = header.fields.map((f) => COLUMN_NAMES[f.trim().toLowerCase()]);
	const unknown = header.fields.filter((_, i) => !columns[i]).map((f) => f.trim());
	const seen = columns.filter((c) => c !== undefined);
	const duplicate = seen.find((c, i) => seen.indexOf(c) !== i);
	const problem =
		headerProblem(seen, unknown) ??
		(duplicate
			? `The column for ${duplicate === 'displayName' ? 'display name' : duplicate} appears twice.`
			: undefined);
	if (problem) {
		problems.push({ line: header.line, message: problem });
		return undefined;
	}

	const index = {
		username: columns.indexOf('username'),
		displayName: columns.indexOf('displayName'),
		email: columns.indexOf('email')
	};
	const firstLine = new Map<string, number>();
	return (record) => {
		const line = record.line;
		if (record.fields.length !== columns.length) {
			problems.push({
				line,
				message: `Expected ${columns.length} fields (${header.fields.map((f) => f.trim()).join(', ')}), found ${record.fields.length}.`
			});
			return;
		}
		const at = (i: number) => (i < 0 ? '' : record.fields[i].trim());
		const username = normaliseUsername(at(index.username));
		const displayName = at(index.displayName);
		const email = at(index.email);
		const rowProblems = accountProblems({ username, displayName, email });
		const earlier = firstLine.get(username);
		if (username && earlier !== undefined) {
			rowProblems.push(`The username ${username} is already on line ${earlier}.`);
		} else if (username) {
			firstLine.set(username, line);
		}
		for (const message of rowProblems) problems.push({ line, message });
		if (rowProblems.length === 0)
			entries.push({ line, username, displayName, ...(email ? { email } : {}) });
	};
}

/**
 * The accepted rows as a roster file of their own (header included), for the preview to post
 * back when the import is confirmed: it is read and checked again then, and the uploaded file
 * need not be kept. Usernames and emails cannot hold a comma or quote; a display name may.
 */
export function rosterText(entries: readonly Omit<RosterEntry, 'line'>[]): string {
	const quote = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
	const rows = entries.map((e) => `${e.username},${quote(e.displayName)},${e.email ?? ''}`);
	return [EXPECTED_HEADER, ...rows].join('\n') + '\n';
}
