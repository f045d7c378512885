import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES, compileScenario } from '../../src/lib/scenarios/index';
import { CONTENT_CODES, lintResults } from '../../src/lib/scenarios/lints';
import { summarise } from './summary';

/**
 * Golden samples, after Svelte's parser tests: `samples/<case>/input.md` beside the
 * `expected.json` it must compile to. `UPDATE_SAMPLES=1` rewrites the expected files; a mismatch
 * leaves `_actual.json` beside them for diffing. Check a rewritten file by eye: line and column
 * are part of the contract.
 *
 * Case names are a contract too, checked here so that a wrong expected.json cannot pass:
 * `rapNNN-...` must report RAPNNN and nothing else (bar the companions listed below);
 * `valid-...` must compile with no diagnostics at all, bar content lints (below);
 * `valid-content-...` with none at all, content lints included.
 *
 * Each case is linted as `lint <case>/input.md` lints it: its own diagnostics and the
 * library-wide lints (RAP054) over that one file. The small cases of the other rules are not
 * written to teach, so the content lints (RAP050-RAP054) may warn on them as well; their
 * expected.json still pins every diagnostic. The content lints' passing samples are the
 * `valid-content-...` cases.
 */

const SAMPLES = fileURLToPath(new URL('./samples', import.meta.url));
const UPDATE = process.env.UPDATE_SAMPLES === '1';

/** Codes a case cannot avoid besides its own, and why. */
const COMPANIONS: Record<string, string[]> = {
	// With no beats, the listed principle is scored by no choice.
	'rap015-no-beats': ['RAP020']
};

const cases = readdirSync(SAMPLES, { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && existsSync(join(SAMPLES, entry.name, 'input.md')))
	.map((entry) => entry.name)
	.sort();

function run(name: string) {
	const dir = join(SAMPLES, name);
	const bytes = new Uint8Array(readFileSync(join(dir, 'input.md')));
	const compiled = compileScenario(bytes, `${name}/input.md`);
	const result = { ...compiled, diagnostics: lintResults([compiled]) };
	return { dir, bytes, result, actual: summarise(result) };
}

describe('golden samples', () => {
	it.each(cases)('%s matches expected.json', (name) => {
		const { dir, actual } = run(name);
		const expectedFile = join(dir, 'expected.json');
		const actualFile = join(dir, '_actual.json');
		const json = JSON.stringify(actual, null, '\t') + '\n';
		if (UPDATE) writeFileSync(expectedFile, json);
		const expected: unknown = existsSync(expectedFile)
			? JSON.parse(readFileSync(expectedFile, 'utf8'))
			: undefined;
		// Compare as data, not text, so the file's formatting is free.
		const same = JSON.stringify(expected) === JSON.stringify(JSON.parse(json));
		if (same) rmSync(actualFile, { force: true });
		else writeFileSync(actualFile, json);
		expect(JSON.parse(json)).toEqual(expected);
	});

	it.each(cases)('%s keeps the promise of its name', (name) => {
		const { result } = run(name);
		const codes = result.diagnostics.map((d) => d.code);
		const own = /^rap(\d{3})-/.exec(name);
		if (own) {
			const code = `RAP${own[1]}` as keyof typeof CODES;
			expect(CODES[code], `${code} is not a known code`).toBeDefined();
			expect(codes).toContain(code);
			const allowed = new Set([code, ...(COMPANIONS[name] ?? [])]);
			const ownIsContent = CONTENT_CODES.has(code);
			expect(
				codes.filter((c) => !allowed.has(c) && (ownIsContent || !CONTENT_CODES.has(c)))
			).toEqual([]);
			// Errors withhold the scenario; warnings leave it usable.
			if (CODES[code][0] === 'error') expect(result.scenario).toBeUndefined();
			else expect(result.scenario).toBeDefined();
		} else {
			expect(name, 'name a case `rapNNN-...` or `valid-...`').toMatch(/^valid-/);
			const strictly = name.startsWith('valid-content-');
			expect(result.diagnostics.filter((d) => strictly || !CONTENT_CODES.has(d.code))).toEqual([]);
			expect(result.scenario).toBeDefined();
			expect(result.analysis).toBeDefined();
		}
		for (const d of result.diagnostics)
			expect(d.severity).toBe(CODES[d.code as keyof typeof CODES][0]);
	});

	it('has a sample for every diagnostic code', () => {
		const covered = new Set(cases.map((name) => /^rap(\d{3})-/.exec(name)?.[1]));
		const missing = Object.keys(CODES).filter((code) => !covered.has(code.slice(3)));
		expect(missing).toEqual([]);
	});

	it('has valid samples', () => {
		expect(cases.filter((name) => name.startsWith('valid-')).length).toBeGreaterThanOrEqual(8);
	});

	it.each(cases.filter((name) => name.startsWith('valid-')))(
		'%s hashes its exact source text',
		(name) => {
			const { bytes, result } = run(name);
			const text = new TextDecoder().decode(bytes);
			expect(result.scenario!.hash).toBe(createHash('sha256').update(text).digest('hex'));
		}
	);
});
