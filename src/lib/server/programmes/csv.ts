/**
 * A small RFC 4180 CSV reader: comma-separated fields, double-quoted fields that may hold
 * commas, line breaks and doubled quotes (`""`), CRLF or LF (or a lone CR) between records, and
 * a UTF-8 byte order mark at the start (spreadsheets add one). It never throws on bad input:
 * problems are collected with the line they start on, so an import can list them all at once.
 */

export interface CsvRecord {
	/** The physical line (1-based) the record starts on. */
	line: number;
	fields: string[];
}

export interface CsvProblem {
	line: number;
	message: string;
}

export interface CsvResult {
	records: CsvRecord[];
	problems: CsvProblem[];
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

export function parseCsv(text: string): CsvResult {
	const records: CsvRecord[] = [];
	const problems: CsvProblem[] = [];
	let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
	let line = 1;
	const n = text.length;

	while (i < n) {
		const start = line;
		const fields: string[] = [];
		let endOfRecord = false;
		while (!endOfRecord) {
			let field = '';
			if (text.charCodeAt(i) === QUOTE) {
				const openedOn = line;
				i++;
				let closed = false;
				while (i < n) {
					const c = text.charCodeAt(i);
					if (c === QUOTE) {
						if (text.charCodeAt(i + 1) === QUOTE) {
							field += '"';
							i += 2;
							continue;
						}
						i++;
						closed = true;
						break;
					}
					if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) line++;
					field += text[i];
					i++;
				}
				if (!closed) {
					problems.push({
						line: openedOn,
						message: `The quote opened on line ${openedOn} is never closed.`
					});
				}
				// Anything between the closing quote and the next comma is kept, but reported.
				const after = i;
				while (i < n && !isBreak(text.charCodeAt(i)) && text.charCodeAt(i) !== COMMA) i++;
				if (i > after) {
					problems.push({
						line,
						message: 'Text after a closing quote: put the whole field in quotes.'
					});
					field += text.slice(after, i);
				}
			} else {
				const from = i;
				while (i < n && !isBreak(text.charCodeAt(i)) && text.charCodeAt(i) !== COMMA) i++;
				field = text.slice(from, i);
				if (field.includes('"')) {
					problems.push({
						line,
						message:
							'A quote inside a field that does not start with one: quote the whole field and double the inner quotes ("").'
					});
				}
			}
			fields.push(field);
			if (i >= n) {
				endOfRecord = true;
			} else if (text.charCodeAt(i) === COMMA) {
				i++;
				// A comma at the very end of the text still ends in one more (empty) field.
				if (i >= n) {
					fields.push('');
					endOfRecord = true;
				}
			} else {
				i += text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
				line++;
				endOfRecord = true;
			}
		}
		records.push({ line: start, fields });
	}
	return { records, problems };
}

function isBreak(c: number): boolean {
	return c === LF || c === CR;
}

/** True for a record that is only an empty line (or only commas). */
export function isBlank(record: CsvRecord): boolean {
	return record.fields.every((f) => f.trim() === '');
}
