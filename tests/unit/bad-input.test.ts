import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, compileScenario, MAX_BYTES } from '../../src/lib/scenarios/index';
import type { CompileResult } from '../../src/lib/scenarios/types';
import { LIBRARY, random } from '../scenarios/walk';

/**
 * Whatever it is given, the compiler answers with diagnostics (or a scenario), never an
 * exception, and in reasonable time: it runs on author uploads and in the build.
 */

const FRONT = [
	'---',
	'title: Bad input',
	'summary: Something odd.',
	'client: { name: Sam }',
	'difficulty: 1',
	'minutes: 2',
	'principles: [safe-space]',
	'---',
	''
].join('\n');

/** Compiles and checks the shape every result must have, whatever the input. */
function compile(source: string | Uint8Array, limitMs = 5_000): CompileResult {
	const started = performance.now();
	const result = compileScenario(source, 'bad.md');
	const ms = performance.now() - started;
	expect(ms, 'compile time in ms').toBeLessThan(limitMs);
	expect(Array.isArray(result.diagnostics)).toBe(true);
	const errors = result.diagnostics.filter((d) => d.severity === 'error');
	// Errors withhold the scenario; without errors there is one.
	expect(result.scenario === undefined).toBe(errors.length > 0);
	// Checked in plain code and asserted once: some inputs give 100,000 diagnostics.
	const bad = result.diagnostics.filter(
		(d) =>
			!(d.code in CODES) ||
			d.severity !== CODES[d.code as keyof typeof CODES][0] ||
			d.file !== 'bad.md' ||
			!Number.isInteger(d.line) ||
			d.line < 1 ||
			!Number.isInteger(d.column) ||
			d.column < 1 ||
			!d.message
	);
	expect(bad.slice(0, 3)).toEqual([]);
	return result;
}

const codes = (r: CompileResult) => [...new Set(r.diagnostics.map((d) => d.code))].sort();

describe('files that are not scenarios', () => {
	it('refuses binary bytes', () => {
		const bytes = new Uint8Array([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0x02, 0x00, 0x7f]);
		expect(codes(compile(bytes))).toEqual(['RAP021']);
	});

	it('refuses NUL characters in a string', () => {
		expect(codes(compile(`${FRONT}\u0000\u0000`))).toEqual(['RAP021']);
	});

	it('refuses invalid UTF-8', () => {
		const bytes = new Uint8Array([...new TextEncoder().encode(FRONT), 0xc3, 0x28, 0xa0, 0xa1]);
		const result = compile(bytes);
		expect(codes(result)).toEqual(['RAP021']);
		expect(result.diagnostics[0].message).toMatch(/UTF-8/);
	});

	it('refuses an empty file, as bytes or as text', () => {
		expect(codes(compile(new Uint8Array()))).toEqual(['RAP021']);
		expect(codes(compile(''))).toEqual(['RAP021']);
	});

	it('refuses whitespace only', () => {
		expect(codes(compile(' \n\t\r\n   \n'))).toEqual(['RAP021']);
		expect(codes(compile('\uFEFF  \n'))).toEqual(['RAP021']);
	});

	it('refuses 5 MB of text without reading it', () => {
		const text = 'lorem ipsum '.repeat(5_000_000 / 12);
		const result = compile(text, 500);
		expect(codes(result)).toEqual(['RAP021']);
		expect(result.diagnostics[0].message).toContain(String(MAX_BYTES));
		expect(codes(compile(new TextEncoder().encode(text), 500))).toEqual(['RAP021']);
	});

	it('refuses a markdown file without front matter', () => {
		const result = compile('# Notes\n\nJust some text.\n');
		expect(result.diagnostics).toContainEqual(
			expect.objectContaining({ code: 'RAP021', line: 1, column: 1 })
		);
	});

	it('reads UTF-8 with a byte order mark', () => {
		const text = `${FRONT}## A {#a}\n\n- "Hi." -> e\n  scores: safe-space +1\n  feedback: F.\n\n## E {#e .ending outcome=stalled}\n\nD.\n`;
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
		expect(compile(bytes).diagnostics).toEqual([]);
		expect(compile(text.replace(/\n/g, '\r\n')).diagnostics).toEqual([]);
		expect(compile(text.replace(/\n/g, '\r')).diagnostics).toEqual([]);
	});
});

describe('odd scenarios', () => {
	it('reports front matter alone as a scenario with no beats', () => {
		const result = compile(FRONT);
		expect(codes(result)).toContain('RAP015');
		expect(result.scenario).toBeUndefined();
	});

	it('reports front matter that never closes', () => {
		expect(codes(compile('---\ntitle: Open\nsummary: never closed\n'))).toContain('RAP001');
	});

	it('survives 10,000 nested `[` in the front matter', () => {
		const result = compile(`---\ntitle: ${'['.repeat(10_000)}\n---\n`);
		expect(codes(result)).toContain('RAP001');
	});

	it('survives 10,000 balanced `[` `]` and 5,000 nested maps', () => {
		expect(
			codes(compile(`---\ntitle: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n---\n`))
		).toContain('RAP001');
		expect(codes(compile(`---\ntitle: ${'{a: '.repeat(5_000)}\n---\n`))).toContain('RAP001');
	});

	it('survives 100,000 lines of `- "x" -> y`', () => {
		const text = `${FRONT}## A {#a}\n\n${'- "x" -> y\n'.repeat(100_000)}`;
		// Over the size limit: refused before parsing.
		expect(codes(compile(text))).toEqual(['RAP021']);
	});

	it('parses 80,000 choice lines just under the size limit', () => {
		const text = `${FRONT}## A {#a}\n\n${'- "x" -> y\n'.repeat(80_000)}`;
		expect(text.length).toBeLessThan(MAX_BYTES);
		const result = compile(text, 15_000);
		expect(codes(result)).toEqual(['RAP005', 'RAP011', 'RAP015', 'RAP020']);
		expect(result.diagnostics.filter((d) => d.code === 'RAP005')).toHaveLength(80_000);
	});

	it('survives a heading with 10,000 attributes', () => {
		const attributes = Array.from({ length: 10_000 }, (_, i) => `key${i}=v`).join(' ');
		const result = compile(`${FRONT}## A {#a ${attributes}}\n\n- "x" -> a\n  feedback: f\n`);
		expect(result.diagnostics.filter((d) => d.code === 'RAP026')).toHaveLength(10_000);
	});

	it('survives 10,000 classes, 10,000 ids and 100,000 braces in headings', () => {
		const classes = Array.from({ length: 10_000 }, (_, i) => `.c${i}`).join(' ');
		expect(codes(compile(`${FRONT}## A {#a ${classes}}\n`))).toContain('RAP026');
		const ids = Array.from({ length: 10_000 }, (_, i) => `#c${i}`).join(' ');
		expect(codes(compile(`${FRONT}## A {${ids}}\n`))).toContain('RAP026');
		expect(codes(compile(`${FRONT}## ${'{'.repeat(100_000)}\n`))).toContain('RAP013');
		expect(codes(compile(`${FRONT}## x ${'{}'.repeat(100_000)}\n`))).toContain('RAP013');
	});

	it('survives a chain of 20,000 route beats', () => {
		const beats = Array.from({ length: 20_000 }, (_, i) => `## B${i}\n\n-> b${i + 1}\n`).join('\n');
		const result = compile(`${FRONT}${beats}\n## B20000 {.ending outcome=stalled}\n\nD.\n`, 15_000);
		expect(codes(result)).toEqual(['RAP020']);
		expect(result.analysis).toMatchObject({ paths: 1, longestPath: 0 });
	});

	it('survives choice lines made of quotes and arrows', () => {
		expect(codes(compile(`${FRONT}## H\n\n- "${'"'.repeat(100_000)} ->\n`))).toContain('RAP022');
		expect(codes(compile(`${FRONT}## H\n\n- "${' -> '.repeat(100_000)}\n`))).toContain('RAP022');
	});
});

/** Line-level and character-level damage, the kind an editor or a merge can do. */
function mutate(text: string, rand: () => number): string {
	const lines = text.split('\n');
	const at = (n: number) => Math.floor(rand() * n);
	const edits = 1 + at(4);
	for (let e = 0; e < edits; e++) {
		const i = at(lines.length);
		switch (at(6)) {
			case 0:
				lines.splice(i, 1);
				break;
			case 1:
				lines.splice(i, 0, lines[i]);
				break;
			case 2: {
				const j = at(lines.length);
				[lines[i], lines[j]] = [lines[j], lines[i]];
				break;
			}
			case 3: {
				const line = lines[i];
				const c = at(line.length + 1);
				lines[i] = line.slice(0, c) + line.slice(c + 1);
				break;
			}
			case 4: {
				const line = lines[i];
				const c = at(line.length + 1);
				lines[i] = line.slice(0, c) + line[c] + line.slice(c);
				break;
			}
			default: {
				const line = lines[i];
				const c = at(line.length + 1);
				const noise = '-#{}[]:"“>=.\t *`\\|,+0123456789az';
				lines[i] = line.slice(0, c) + noise[at(noise.length)] + line.slice(c + 1);
			}
		}
	}
	return lines.join('\n');
}

describe('fuzzing the library', () => {
	const files = ['coat-still-on.md', 'just-tell-me-what-to-do.md', 'the-waiting-list.md'];
	const sources = files.map((f) => readFileSync(join(LIBRARY, f), 'utf8'));
	const rand = random(2024);
	const mutants = Array.from({ length: 300 }, (_, i) => mutate(sources[i % sources.length], rand));

	it('answers 300 damaged scenarios with diagnostics, never an exception', () => {
		let withErrors = 0;
		for (const mutant of mutants) {
			const result = compile(mutant, 2_000);
			if (!result.scenario) withErrors++;
			// Every position lies on a line of the file. Columns are not checked: entries on the
			// continuation lines of a multi-line value are still placed on the key's line.
			const lines = mutant.split(/\r\n|\r|\n/).length;
			expect(result.diagnostics.filter((d) => d.line > lines)).toEqual([]);
		}
		// The damage is real: most mutants are broken, some survive.
		expect(withErrors).toBeGreaterThan(150);
		expect(withErrors).toBeLessThan(300);
	});
});
