import { normaliseUsername, usernameProblem } from '../auth/accounts';
import { isBlank, parseCsv } from './csv';

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

/**
 * Decodes the uploaded bytes as UTF-8. Invalid bytes are not guessed at (a Latin-1 file would
 * turn names into mojibake): each line holding one is reported, and nothing is imported.
 */
export function decodeRoster(bytes: Uint8Array): { text?: string; problems: RosterProblem[] } {
	if (bytes.length > ROSTER_MAX_BYTES) {
		return {
			problems: [
				{
					line: 0,
					message: `The file is ${kb(bytes.length)}; the limit is ${kb(ROSTER_MAX_BYTES)} (about ${ROSTER_MAX_ROWS.toLocaleString('en')} rows). Split it into smaller files.`
				}
			]
		};
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), problems: [] };
	} catch {
		const problems: RosterProblem[] = [];
		const decoder = new TextDecoder('utf-8', { fatal: true });
		let start = 0;
		let line = 1;
		for (let i = 0; i <= bytes.length; i++) {
			if (i === bytes.length || bytes[i] === 0x0a) {
				try {
					decoder.decode(bytes.subarray(start, i));
				} catch {
					problems.push({
						line,
						message:
							'This row has bytes that are not UTF-8 text. Save the file as "CSV UTF-8" and upload it again.'
					});
				}
				start = i + 1;
				line++;
			}
		}
		return { problems };
	}
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

/** Parses and checks a roster's text; every row's problems are listed. */
export function readRoster(text: string): RosterFile {
	const problems: RosterProblem[] = [];
	const csv = parseCsv(text);
	for (const p of csv.problems) problems.push({ line: p.line, message: p.message });
	const records = csv.records.filter((r) => !isBlank(r));
	if (records.length === 0) {
		problems.push({
			line: 0,
			message: `The file is empty. Its first row must be: ${EXPECTED_HEADER}`
		});
		return { entries: [], problems };
	}
	if (records.length - 1 > ROSTER_MAX_ROWS) {
		problems.push({
			line: 0,
			message: `The file has ${(records.length - 1).toLocaleString('en')} rows; at most ${ROSTER_MAX_ROWS.toLocaleString('en')} can be imported at once. Split it into smaller files.`
		});
		return { entries: [], problems };
	}

	const [header, ...rows] = records;
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
		return { entries: [], problems };
	}

	if (rows.length === 0) {
		problems.push({
			line: 0,
			message: `The file has only its header row: there are no trainees in it to import. Add one row per trainee below ${EXPECTED_HEADER}.`
		});
		return { entries: [], problems };
	}

	const index = {
		username: columns.indexOf('username'),
		displayName: columns.indexOf('displayName'),
		email: columns.indexOf('email')
	};
	const entries: RosterEntry[] = [];
	const firstLine = new Map<string, number>();
	for (const record of rows) {
		const line = record.line;
		if (record.fields.length !== columns.length) {
			problems.push({
				line,
				message: `Expected ${columns.length} fields (${header.fields.map((f) => f.trim()).join(', ')}), found ${record.fields.length}.`
			});
			continue;
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
	}
	return { entries, problems: problems.sort((a, b) => a.line - b.line) };
}
