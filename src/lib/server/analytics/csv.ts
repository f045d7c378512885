/**
 * CSV cells and lines (RFC 4180: comma separated, CRLF line ends, quotes doubled). A cell a
 * spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) gets a
 * leading apostrophe, so a trainee's name or reflection can never run as a formula in Excel,
 * Calc or Sheets (OWASP "CSV injection").
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
	if (value === null || value === undefined) return '';
	// Numbers are data, not formulas: a negative score stays a number a gradebook can read.
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = String(value);
	if (FORMULA_START.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
	return cells.map(csvCell).join(',') + '\r\n';
}
