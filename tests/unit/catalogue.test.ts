import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/lib/scenarios/catalogue';
import { CODES } from '../../src/lib/scenarios/diagnostics';
import { diagnosticsMarkdown } from '../../src/lib/scenarios/diagnostics-doc';

/**
 * The diagnostic catalogue is the one source of every code: the compiler's severities and titles
 * and docs/diagnostics.md are made from it.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SOURCES = join(ROOT, 'src/lib/scenarios');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory()
			? sourceFiles(join(dir, e.name))
			: e.name.endsWith('.ts')
				? [join(dir, e.name)]
				: []
	);
}

describe('diagnostic catalogue', () => {
	it('docs/diagnostics.md is generated from it (run `npm run docs:diagnostics`)', () => {
		expect(readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8')).toBe(diagnosticsMarkdown());
	});

	it('has one well-formed entry per code, in order', () => {
		const codes = CATALOGUE.map((e) => e.code);
		expect(codes).toEqual([...new Set(codes)].sort());
		for (const e of CATALOGUE) {
			expect(e.code).toMatch(/^RAP\d{3}$/);
			for (const field of [e.title, e.meaning, e.hint, e.wrong, e.right])
				expect(field.trim(), e.code).not.toBe('');
			expect(e.wrong, e.code).not.toBe(e.right);
		}
	});

	it('gives the compiler its severities and titles', () => {
		expect(Object.keys(CODES)).toEqual(CATALOGUE.map((e) => e.code));
		for (const e of CATALOGUE) expect(CODES[e.code]).toEqual([e.severity, e.title]);
	});

	it('holds every code the compiler and lints can report, and no other', () => {
		// Codes appear in the sources as string literals passed to Diagnostics.add.
		const used = new Set<string>();
		for (const file of sourceFiles(SOURCES)) {
			if (file.endsWith('catalogue.ts')) continue;
			for (const m of readFileSync(file, 'utf8').matchAll(/'(RAP\d{3})'/g)) used.add(m[1]);
		}
		expect([...used].sort()).toEqual(CATALOGUE.map((e) => e.code));
	});
});
