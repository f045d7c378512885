import { randomBytes } from 'node:crypto';

/**
 * A random record id (16 URL-safe characters) that starts with a letter or digit. A leading `-`
 * makes a spreadsheet read the cell as a formula, so the CSV exports would have to escape the id
 * and it would no longer match the same id elsewhere (the xAPI export, the pages).
 */
export function newId(): string {
	for (;;) {
		const id = randomBytes(12).toString('base64url');
		if (id[0] !== '-' && id[0] !== '_') return id;
	}
}

/** Random and stable: stands in for a user in research exports. */
export function newPseudonym(): string {
	return `p-${randomBytes(9).toString('base64url')}`;
}
