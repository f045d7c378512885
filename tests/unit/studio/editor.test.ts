import { Text } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { TEMPLATE } from '$lib/server/studio';
import { completionPlace, declaredNames, namesFor } from '$lib/studio/editor/completion';
import { diagnosticRange } from '$lib/studio/editor/diagnostics';
import { beatAtLine, frontMatterLines, lineTokens, type Token } from '$lib/studio/editor/syntax';
import { checkSource } from '$lib/studio/check';
import { generateScenario } from '../../../bench/generate';

// The pure parts of the studio editor (src/lib/studio/editor): what it colours, what it offers
// to complete where, which beat a line is in, and where a compiler diagnostic lands.

/** Each token as `kind:text`, to read the expectations at a glance. */
const shown = (text: string, inFront = false) =>
	lineTokens(text, inFront).map((t: Token) => `${t.kind}:${text.slice(t.from, t.to)}`);

describe('lineTokens', () => {
	it('marks a beat heading: its title, id, classes and attributes', () => {
		expect(shown('## Quiet {#quiet .rupture type=withdrawal}')).toEqual([
			'beat-title:Quiet',
			'beat-id:#quiet',
			'beat-class:.rupture',
			'beat-attr:type=withdrawal'
		]);
		expect(shown('## Check in')).toEqual(['beat-title:Check in']);
		expect(shown('### Debrief')).toEqual([]);
	});

	it('marks a choice line, straight or curly quotes', () => {
		expect(shown('- "Take a breath." -> quiet')).toEqual([
			'choice-text:"Take a breath."',
			'arrow:->',
			'target:quiet'
		]);
		expect(shown('* “Fine.” -> close')).toEqual([
			'choice-text:“Fine.”',
			'arrow:->',
			'target:close'
		]);
	});

	it('marks a route and its condition', () => {
		expect(shown('-> steadier if trust >= 5 and has owned-it')).toEqual([
			'arrow:->',
			'target:steadier',
			'keyword:if',
			'number:5',
			'keyword:and',
			'keyword:has'
		]);
		expect(shown('-> same')).toEqual(['arrow:->', 'target:same']);
	});

	it("marks a choice's keys, and the numbers in scores and effects", () => {
		expect(shown('  scores: safe-space +2, repair-ruptures -1')).toEqual([
			'key:scores',
			'number:+2',
			'number:-1'
		]);
		expect(shown('  if: not (trust < 2)')).toEqual(['key:if', 'keyword:not', 'number:2']);
		// Only the format's keys: an indented line of prose is not a key.
		expect(shown('  note: this is prose')).toEqual([]);
	});

	it('marks gates, cues and speakers', () => {
		expect(shown('[if trust >= 3] [cue] She slips her coat off.')).toEqual([
			'gate:[if trust >= 3]',
			'cue:[cue]'
		]);
		expect(shown('[else] **Maya:** Fine.')).toEqual(['gate:[else]', 'speaker:**Maya:**']);
		expect(shown('**Sam:** Sorry I am late.')).toEqual(['speaker:**Sam:**']);
		expect(shown('Plain narration.')).toEqual([]);
	});

	it('marks front matter keys only between the fences', () => {
		expect(shown('---')).toEqual(['fence:---']);
		expect(shown('title: Untitled scenario', true)).toEqual(['fm-key:title']);
		expect(shown('  trust: { start: 2, min: 0, max: 5 }', true)).toEqual(['fm-key:trust']);
		expect(shown('title: Untitled scenario', false)).toEqual([]);
	});
});

const lines = TEMPLATE.split('\n');
const line = (n: number) => lines[n - 1];
const lineOf = (start: string) => lines.findIndex((l) => l.startsWith(start)) + 1;

describe('frontMatterLines and beatAtLine', () => {
	it('finds the front matter fences', () => {
		expect(frontMatterLines(line, lines.length)).toEqual({ first: 1, last: lineOf('pass:') + 1 });
		expect(frontMatterLines((n) => ['', '## A', 'x'][n - 1], 3)).toBeNull();
	});

	it('names the beat a line is in, by its #id or its slug', () => {
		expect(beatAtLine(line, 3)).toBeNull();
		expect(beatAtLine(line, lineOf('## Arrival'))).toEqual({
			id: 'arrival',
			line: lineOf('## Arrival')
		});
		expect(beatAtLine(line, lineOf('- "Good."'))?.id).toBe('close');
		expect(beatAtLine((n) => ['## Check in now', 'text'][n - 1], 2)?.id).toBe('check-in-now');
	});
});

describe('completion', () => {
	const at = (text: string, inFront = false) => completionPlace(text, text.length, inFront);

	it('offers beat ids after a choice or route arrow', () => {
		expect(at('- "Fine." -> qu')).toEqual({ kinds: ['beat'], from: 13 });
		expect(at('-> ')).toEqual({ kinds: ['beat'], from: 3 });
		expect(at('- "Fine." ')).toBeNull();
	});

	it('offers meters and flags in conditions, flags alone after has/not', () => {
		expect(at('-> steadier if tr')?.kinds).toEqual(['meter', 'flag']);
		expect(at('  if: has mi')).toEqual({ kinds: ['flag'], from: 10 });
		expect(at('[if trust >= 2 and not ')?.kinds).toEqual(['flag']);
	});

	it('offers the names each choice key takes, at the start of each entry', () => {
		expect(at('  tags: address-rupture, ')?.kinds).toEqual(['tag']);
		expect(at('  scores: safe-space +1, rep')).toEqual({ kinds: ['principle'], from: 25 });
		expect(at('  scores: safe-space ')).toBeNull();
		expect(at('  effects: tr')?.kinds).toEqual(['meter']);
		expect(at('  sets: ')?.kinds).toEqual(['flag']);
		expect(at('  clears: ')?.kinds).toEqual(['flag']);
		expect(at('  meets: as')?.kinds).toEqual(['critical']);
		expect(at('  feedback: ')).toBeNull();
	});

	it('offers principles in the front matter', () => {
		expect(at('principles: [safe-space, re', true)).toEqual({ kinds: ['principle'], from: 25 });
		expect(at('skill: ', true)?.kinds).toEqual(['principle']);
		expect(at('title: ', true)).toBeNull();
	});

	it("reads the draft's beats, meters, flags and critical actions", () => {
		const text = TEMPLATE.replace(
			'pass: 70',
			'pass: 70\nflags: [owned-it]\ncritical:\n  ask-about-risk: { title: Ask, cap: 50 }'
		);
		expect(declaredNames(text)).toEqual({
			beats: ['arrival', 'quiet', 'close', 'end', 'steadier', 'same'],
			meters: ['trust'],
			flags: ['owned-it'],
			critical: ['ask-about-risk']
		});
		// Half-typed YAML gives the beats still.
		expect(declaredNames('---\nmeters: {\n---\n## A {#a}\n')).toMatchObject({
			beats: ['a'],
			meters: []
		});
	});

	it('lists principles with their titles and the tag vocabulary', () => {
		const names = namesFor(['principle', 'tag'], declaredNames(TEMPLATE));
		expect(names).toContainEqual({
			label: 'safe-space',
			kind: 'principle',
			detail: 'Create a safe space'
		});
		expect(names).toContainEqual({ label: 'address-rupture', kind: 'tag' });
		expect(namesFor(['meter'], declaredNames(TEMPLATE))).toEqual([
			{ label: 'trust', kind: 'meter', detail: 'meter' }
		]);
	});
});

describe('diagnosticRange', () => {
	const doc = Text.of(['- "Fine." -> quite', '', 'end']);

	it('marks the name the compiler points at', () => {
		expect(diagnosticRange(doc, 1, 14)).toEqual({ from: 13, to: 18 });
	});

	it('marks the last character when it points at the end of a line', () => {
		expect(diagnosticRange(doc, 3, 4)).toEqual({ from: 22, to: 23 });
		expect(diagnosticRange(doc, 2, 1)).toEqual({ from: 19, to: 19 });
	});

	it('pulls a position past the text back inside', () => {
		expect(diagnosticRange(doc, 9, 1)).toEqual({ from: 20, to: 23 });
		expect(diagnosticRange(doc, 0, 0)).toEqual({ from: 0, to: 1 });
	});

	it("lands on the compiler's own diagnostic for a slip in a target", () => {
		const broken = TEMPLATE.replace('-> quiet\n', '-> quite\n');
		const [problem] = checkSource(broken, 'x.md').diagnostics;
		const text = Text.of(broken.split('\n'));
		const range = diagnosticRange(text, problem.line, problem.column);
		expect(problem.code).toBe('RAP005');
		expect(text.sliceString(range.from, range.to)).toBe('quite');
	});
});

describe('checkSource for the worker', () => {
	it("hands over the compiler's problems before the content lints add theirs", () => {
		// Every choice's best answer is its longest: a content lint (RAP050), not a compiler error.
		const source = generateScenario(12);
		const early: string[][] = [];
		const check = checkSource(source, 'x.md', {
			onCompiled: (diagnostics) => early.push(diagnostics.map((d) => d.code))
		});
		expect(early).toEqual([[]]);
		expect(check.diagnostics.map((d) => d.code)).toContain('RAP050');
		expect(check.errors).toBe(0);
	});

	it('gives a compile error at once, and the same list at the end', () => {
		const broken = TEMPLATE.replace('-> quiet\n', '-> quite\n');
		const early: string[][] = [];
		const check = checkSource(broken, 'x.md', {
			onCompiled: (diagnostics) => early.push(diagnostics.map((d) => d.code))
		});
		expect(early).toEqual([['RAP005']]);
		expect(check.diagnostics.map((d) => d.code)).toEqual(['RAP005']);
	});
});
