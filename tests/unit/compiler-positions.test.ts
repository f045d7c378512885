import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/lib/scenarios/index';

// Positions and robustness the golden samples do not pin down: each case was once a bug.
const FM =
	'---\ntitle: S\nsummary: S.\nclient: { name: Sam }\ndifficulty: 1\nminutes: 2\nprinciples: [safe-space]\nmeters:\n  trust: { start: 1, min: 0, max: 3 }\n---\n\n';
const END = '\n## Goodbye {#goodbye .ending outcome=stalled}\n\nDone.\n';
const at = (source: string) =>
	compileScenario(source, 'x.md').diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`);

describe('compiler positions and robustness', () => {
	it('1. places an entry on a continuation line of a multi-line value on that line', () => {
		// line 15 `  tags: reflection,`, line 16 `    validaton`
		const src =
			FM +
			'## Hello {#hello}\n\n- "Hi." -> goodbye\n  tags: reflection,\n    validaton\n  scores: safe-space +1\n  feedback: Fine.\n' +
			END;
		expect(at(src)).toEqual(['RAP007 16:5']);
	});

	it('2. counts heading attribute columns after more than one space', () => {
		// `##   Hello {#hello .endng}`: `.endng` starts at column 20
		const src =
			FM +
			'##   Hello {#hello .endng}\n\n- "Hi." -> goodbye\n  scores: safe-space +1\n  feedback: Fine.\n' +
			END;
		expect(at(src)).toEqual(['RAP026 12:20']);
	});

	it('3. reads a route condition after a tab', () => {
		const src =
			FM +
			'## Hello {#hello}\n\n- "Hi." -> r\n  scores: safe-space +1\n  feedback: Fine.\n\n## R {#r}\n\n-> goodbye\tif trust >= 1\n-> goodbye\n' +
			END;
		expect(at(src)).toEqual([]);
	});

	it('4. points at the value of an `if:` written with two spaces', () => {
		// `  if:  trust >= x`: `x` is at column 17
		const src =
			FM +
			'## Hello {#hello}\n\n- "Hi." -> goodbye\n  scores: safe-space +1\n  feedback: Fine.\n- "Yo." -> goodbye\n  if:  trust >= x\n  feedback: Fine.\n' +
			END;
		expect(at(src)).toEqual(['RAP009 18:17']);
	});

	it('5. answers a deeply nested condition with a diagnostic, not an exception', () => {
		const src =
			FM +
			'## Hello {#hello}\n\n- "Hi." -> goodbye\n  scores: safe-space +1\n  feedback: Fine.\n- "Yo." -> goodbye\n  if: ' +
			'('.repeat(10_000) +
			'trust > 1' +
			')'.repeat(10_000) +
			'\n  feedback: F.\n' +
			END;
		expect(() => compileScenario(src, 'x.md')).not.toThrow();
		expect(() =>
			compileScenario(src.replace(/if: \(+/, 'if: ' + 'not '.repeat(10_000)), 'x.md')
		).not.toThrow();
	});

	it('6. does not add "no beats" when the front matter is never closed', () => {
		const src = '---\ntitle: S\n\n## Hello {#hello}\n\n- "Hi." -> goodbye\n  feedback: F.\n' + END;
		expect(at(src)).toEqual(['RAP001 1:1']);
	});
});
