import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/lib/scenarios/index';
import { Diagnostics } from '../../src/lib/scenarios/diagnostics';
import { parse } from '../../src/lib/scenarios/parse';

/**
 * The parser reads a line with one method per kind of line (intro, '#' lines, choices, key
 * lines, prose) so that V8 optimises each early. These pin down what each kind of line becomes,
 * including the lines only a file's start or its endings have, and the analysis paths that only
 * large beats or endings reach.
 */

const FRONT = [
	'---',
	'title: Lines',
	'summary: Every kind of line.',
	'client: { name: Sam }',
	'difficulty: 1',
	'minutes: 2',
	'principles: [safe-space]',
	'meters:',
	'  trust: { start: 1, min: 0, max: 3 }',
	'---',
	''
].join('\n');

function tree(body: string) {
	const d = new Diagnostics('lines.md');
	return { tree: parse(`${FRONT}${body}`, d), diagnostics: d.sorted() };
}

describe('parser lines', () => {
	it('keeps intro prose, joins a paragraph over several lines and reads speakers', () => {
		const { tree: t, diagnostics } = tree(
			[
				'# Not a beat',
				'An intro line',
				'that wraps.',
				'',
				'## Start {#start}',
				'',
				'*She waits.*',
				'**Sam:** I do not',
				'know why I came.',
				'',
				'### Not a debrief',
				'',
				'- "Tell me." -> end',
				'  feedback: Open.',
				'',
				'## End {#end .ending outcome=stalled}',
				'',
				'Before the debrief.',
				'',
				'### Debrief',
				'',
				'What to learn.',
				''
			].join('\n')
		);
		expect(diagnostics).toEqual([]);
		expect(t.intro.map((b) => [b.kind, b.markdown, b.line])).toEqual([
			['narration', '# Not a beat\nAn intro line\nthat wraps.', 11]
		]);
		const [start, end] = t.beats;
		expect(start.prose).toEqual([
			{
				kind: 'narration',
				markdown: '*She waits.*\n**Sam:** I do not\nknow why I came.',
				line: 17
			},
			// Only `### Debrief` opens a debrief; other smaller headings are prose.
			{ kind: 'narration', markdown: '### Not a debrief', line: 21 }
		]);
		// A paragraph is a line of speech only when it starts with the speaker.
		const spoken = tree('## A\n\n**Sam:** I do not\nknow why.\n\n- "x" -> a\n').tree.beats[0];
		expect(spoken.prose).toEqual([
			{ kind: 'line', speaker: 'Sam', markdown: 'I do not\nknow why.', line: 13 }
		]);
		expect(start.debrief).toBeUndefined();
		expect(start.choices.map((c) => [c.text, c.target, c.fields.feedback?.value])).toEqual([
			['Tell me.', 'end', 'Open.']
		]);
		expect(end.prose.map((b) => b.markdown)).toEqual(['Before the debrief.']);
		expect(end.debrief?.map((b) => b.markdown)).toEqual(['What to learn.']);
		expect(end.classes.map((c) => c.value)).toEqual(['ending']);
	});

	it('reads key lines in place: values trimmed, columns kept, unknown and repeated keys reported', () => {
		const { tree: t, diagnostics } = tree(
			[
				'## A {#a}',
				'',
				'- "x" -> b',
				'  scores:   safe-space +1   ',
				'  mood: high',
				'  feedback: One.',
				'  feedback: Two.',
				'  if: trust >= 1',
				'    and trust < 3',
				''
			].join('\n')
		);
		const choice = t.beats[0].choices[0];
		expect(choice.fields.scores).toMatchObject({ value: 'safe-space +1', line: 14, column: 13 });
		expect(choice.fields.feedback?.value).toBe('Two.');
		expect(choice.fields.if?.value).toBe('trust >= 1\nand trust < 3');
		expect(choice.fields.if?.breaks).toEqual([{ offset: 11, line: 19, column: 5 }]);
		expect(diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
			[15, 3, 'unknown choice key `mood`'],
			[17, 3, '`feedback` is given twice']
		]);
	});

	it('does not read a file without a trailing line break differently', () => {
		const body = '## A {#a .ending outcome=stalled}\n\nThe end.';
		expect(tree(body).tree.beats[0].prose).toEqual(tree(`${body}\n`).tree.beats[0].prose);
	});
});

describe('analysis paths', () => {
	it('finds a repeated choice id in a beat with many choices', () => {
		const choices = Array.from({ length: 20 }, (_, i) =>
			[
				`- "Reply ${i}." -> end`,
				`  feedback: Fine.`,
				...(i === 3 || i === 18 ? ['  id: same'] : [])
			].join('\n')
		).join('\n');
		const result = compileScenario(
			`${FRONT}## A {#a}\n\n${choices}\n\n## End {#end .ending outcome=stalled}\n\nDebrief.\n`,
			'many.md'
		);
		const repeated = result.diagnostics.filter((d) => d.code === 'RAP004');
		expect(repeated.map((d) => d.message)).toEqual([
			'choice id `a.same` is used twice in this beat'
		]);
		// The body starts on line 11, the choices on 13, two lines each and one more for the first id.
		expect(repeated[0].line).toBe(13 + 18 * 2 + 1);
	});

	it('scores endings first met at the end of the backward pass, with ties and several endings', () => {
		const result = compileScenario(
			[
				FRONT,
				'## A {#a}',
				'',
				'- "Good." -> good',
				'  scores: safe-space +1',
				'  feedback: Fine.',
				'- "Also good." -> other',
				'  scores: safe-space +1',
				'  feedback: Fine.',
				'- "Poor." -> poor',
				'  scores: safe-space -1',
				'  feedback: Not this.',
				'  better: "Good."',
				'',
				'## Good {#good .ending outcome=strengthened}',
				'',
				'Well done.',
				'',
				'## Other {#other .ending outcome=repaired}',
				'',
				'Also well done.',
				'',
				'## Poor {#poor .ending outcome=stalled}',
				'',
				'Try again.',
				''
			].join('\n'),
			'endings.md'
		);
		expect(result.diagnostics).toEqual([]);
		expect(result.analysis).toMatchObject({
			paths: 3,
			longestPath: 1,
			total: { min: -1, max: 1 },
			principles: { 'safe-space': { min: -1, max: 1 } },
			bestEndings: { 'safe-space': ['good', 'other'] },
			bestTotalEndings: ['good', 'other'],
			endings: ['good', 'other', 'poor']
		});
	});
});
