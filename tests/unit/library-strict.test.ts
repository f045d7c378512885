import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../../src/lib/scenarios/cli';
import { compileScenario } from '../../src/lib/scenarios/index';
import { lintResults, strict } from '../../src/lib/scenarios/lints';

/**
 * `lint --strict` over the library, as CI runs it: every content lint is an error, and there is
 * no list of exceptions (issue 12 emptied it and removed it).
 */

const files = readdirSync(LIBRARY)
	.filter((f) => f.endsWith('.md'))
	.sort();
const results = files.map((f) => compileScenario(readFileSync(join(LIBRARY, f), 'utf8'), f));

describe('lint --strict over the library', () => {
	it('reports nothing at all: no error, no warning', () => {
		expect(strict(lintResults(results))).toEqual([]);
	});
});

/** The drills (src/lib/scenarios/drills) are held to the same standard, and each is a drill. */
const DRILLS = join(LIBRARY, '..', 'drills');
const drillFiles = readdirSync(DRILLS)
	.filter((f) => f.endsWith('.md'))
	.sort();
const drillResults = drillFiles.map((f) =>
	compileScenario(readFileSync(join(DRILLS, f), 'utf8'), f)
);

describe('lint --strict over the drills', () => {
	it('reports nothing at all, and every file is a drill', () => {
		expect(strict(lintResults(drillResults))).toEqual([]);
		for (const r of drillResults) expect(r.scenario?.kind, r.scenario?.file).toBe('drill');
	});
});
