import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownExceptions, LIBRARY } from '../../src/lib/scenarios/cli';
import { CODES, compileScenario, idFromFile } from '../../src/lib/scenarios/index';
import { applyExceptions, CONTENT_CODES, lintResults, strict } from '../../src/lib/scenarios/lints';

/**
 * `lint --strict` over the library, as CI runs it: content lints are errors, except the known
 * exceptions in library/known-exceptions.json, which the library rewrite (issue 12) empties.
 * The list can only shrink: an entry that no longer occurs fails the test until it is removed.
 */

const files = readdirSync(LIBRARY)
	.filter((f) => f.endsWith('.md'))
	.sort();
const results = files.map((f) => compileScenario(readFileSync(join(LIBRARY, f), 'utf8'), f));
const exceptions = knownExceptions();
const { diagnostics, unused } = applyExceptions(strict(lintResults(results)), exceptions, (d) =>
	idFromFile(d.file)
);

describe('lint --strict over the library', () => {
	it('reports no error outside the known exceptions', () => {
		expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
	});

	it('lists no exception that no longer occurs (the list only shrinks)', () => {
		expect(unused).toEqual([]);
	});

	it('lists each exception once, for a library scenario and a content lint, with a reason', () => {
		const ids = new Set(files.map(idFromFile));
		const keys = exceptions.map((e) => `${e.scenario} ${e.code}`);
		expect(new Set(keys).size).toBe(keys.length);
		for (const e of exceptions) {
			expect(ids.has(e.scenario), e.scenario).toBe(true);
			expect(CONTENT_CODES.has(e.code), e.code).toBe(true);
			expect(e.code in CODES).toBe(true);
			expect(e.reason.trim().length, `${e.scenario} ${e.code}`).toBeGreaterThan(10);
			expect(e.reason).not.toContain('\n');
		}
	});
});
