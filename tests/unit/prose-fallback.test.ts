import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileScenario } from '../../src/lib/scenarios/index';
import { ProseRenderError, renderProse } from '../../src/lib/scenarios/render';
import type { Scenario } from '../../src/lib/scenarios/types';

/**
 * Issue 18, defect 1: one passage that cannot be shown costs that passage, never the page. The
 * compiler keeps such passages out of playable scenarios; these tests reach the pages' render
 * anyway, with prose the compiler never saw (a version compiled under older rules) and with a
 * sanitizer forced to fail.
 */

const MINIMAL = readFileSync(
	new URL('../scenarios/samples/valid-minimal/input.md', import.meta.url),
	'utf8'
);
const ISSUE_FILE_PROSE = `${'> '.repeat(2_000)}Two thousand quotes.`;
const DEEP_EMPHASIS = `${'*'.repeat(80)}Forty emphases.${'*'.repeat(80)}`;

function minimal(): Scenario {
	const { scenario } = compileScenario(MINIMAL, 'minimal.md');
	return scenario!;
}

/**
 * The minimal scenario with narration put before its client line (or the line replaced), under
 * a hash of its own: prose the compiler never rendered, as from a version compiled under older
 * rules.
 */
function withProse(change: { narration?: string; line?: string }, hash: string): Scenario {
	const scenario = minimal();
	const hello = scenario.beats[0];
	const line = { ...hello.prose[0], markdown: change.line ?? hello.prose[0].markdown };
	const prose = change.narration
		? [{ kind: 'narration' as const, markdown: change.narration, line: 11 }, line]
		: [line];
	return { ...scenario, hash, beats: [{ ...hello, prose }, ...scenario.beats.slice(1)] };
}

afterEach(() => {
	vi.restoreAllMocks();
	vi.doUnmock('sanitize-html');
	vi.resetModules();
});

describe('renderProse (the compiler and the pages share it)', () => {
	it('throws a ProseRenderError for the file the issue reported, and for prose past the limit', () => {
		expect(() => renderProse(ISSUE_FILE_PROSE)).toThrow(ProseRenderError);
		expect(() => renderProse(`${'> '.repeat(33)}x`)).toThrow(/nests 34 levels deep/);
		expect(() => renderProse(`${'> '.repeat(31)}x`)).not.toThrow();
	});

	it('throws only ProseRenderError, even when marked runs out of stack', () => {
		const error = (() => {
			try {
				renderProse('> '.repeat(10_000));
			} catch (e) {
				return e;
			}
		})();
		expect(error).toBeInstanceOf(ProseRenderError);
		expect((error as ProseRenderError).reason).toBe('failed');
	});
});

describe('the pages never fail on one passage', () => {
	it('renderMarkdown and renderInline show the failure sentence and log', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const { renderInline, renderMarkdown, PROSE_FAILED_HTML } =
			await import('../../src/lib/server/markdown');
		expect(renderMarkdown(ISSUE_FILE_PROSE)).toBe(PROSE_FAILED_HTML);
		expect(renderInline(DEEP_EMPHASIS)).toBe(PROSE_FAILED_HTML);
		expect(renderMarkdown('> '.repeat(10_000))).toBe(PROSE_FAILED_HTML);
		expect(PROSE_FAILED_HTML).toContain('This passage could not be shown.');
		expect(log).toHaveBeenCalledTimes(3);
		expect(String(log.mock.calls[0][0])).toMatch(/^\[prose\] could not show a passage/);
		// Everything else still renders.
		expect(renderMarkdown('A *fine* passage.')).toBe('<p>A <em>fine</em> passage.</p>\n');
	});

	it('the scenario view keeps every other passage when one cannot be shown', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const { viewScenario } = await import('../../src/lib/server/scenario-view');
		const { PROSE_FAILED_HTML } = await import('../../src/lib/server/markdown');
		const view = viewScenario(withProse({ narration: ISSUE_FILE_PROSE }, 'deep-narration'));
		expect(view.beats.hello.prose[0].html).toBe(PROSE_FAILED_HTML);
		expect(view.beats.hello.prose[1].html).toBe('Hi.');
		expect(view.beats.hello.choices[0].feedbackHtml).toBe('<p>A warm welcome.</p>\n');
		expect(view.beats.goodbye.debriefHtml).toBe('<p>That was short.</p>\n');
		expect(log).toHaveBeenCalledTimes(1);
	});

	it('the scenario view survives a sanitizer that throws (a forced failure)', async () => {
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		vi.resetModules();
		vi.doMock('sanitize-html', async (importOriginal) => {
			const real = ((await importOriginal()) as { default: typeof import('sanitize-html') })
				.default;
			const failing = (html: string, options?: Parameters<typeof real>[1]) => {
				if (html.includes('BOOM')) throw new TypeError('the sanitizer broke');
				return real(html, options);
			};
			return { default: Object.assign(failing, real) };
		});
		const { viewScenario } = await import('../../src/lib/server/scenario-view');
		const { PROSE_FAILED_HTML } = await import('../../src/lib/server/markdown');
		// Plain prose: the compiler would pass it without rendering, and the page's render fails.
		const view = viewScenario(withProse({ line: 'BOOM goes the sanitizer.' }, 'forced-failure'));
		expect(view.beats.hello.prose[0].html).toBe(PROSE_FAILED_HTML);
		expect(view.beats.hello.choices[0].feedbackHtml).toBe('<p>A warm welcome.</p>\n');
		expect(view.beats.goodbye.debriefHtml).toBe('<p>That was short.</p>\n');
		expect(log).toHaveBeenCalledTimes(1);
		expect(String(log.mock.calls[0][0])).toContain('the sanitizer broke');
	});
});

describe('the compiler refuses the file the issue reported', () => {
	it('reports RAP032 at the line of the two thousand quotes, and no scenario', () => {
		const source = MINIMAL.replace('**Sam:** Hi.', `Sam sits.\n\n${ISSUE_FILE_PROSE}`);
		const result = compileScenario(source, 'deep.md');
		expect(result.scenario).toBeUndefined();
		expect(result.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['RAP032', 14, 1]]);
		expect(result.diagnostics[0].message).toMatch(/^this narration cannot be shown: it nests/);
	});
});
