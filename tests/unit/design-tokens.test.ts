// The colour roles in src/app.css meet WCAG AA in light and in dark: every pair of colours the
// components put together (text on a background, a border or focus ring against the page) is
// checked here, so a new or changed colour that fails contrast fails this test.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../src/app.css', import.meta.url), 'utf8');

/** The custom properties set in the first `:root { ... }` after `from` (a plain block, no nesting). */
function tokens(from: number): Record<string, string> {
	const start = css.indexOf(':root {', from);
	if (start < 0) throw new Error('design-tokens: no :root block');
	const body = css.slice(start, css.indexOf('}', start));
	return Object.fromEntries(
		[...body.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1], m[2]])
	);
}

const light = tokens(0);
const darkAt = css.indexOf('@media screen and (prefers-color-scheme: dark)');
const dark = { ...light, ...tokens(darkAt) };

function luminance(hex: string): number {
	const channel = (i: number) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

// [foreground, background]: text pairs need 4.5:1.
const textPairs: [string, string][] = [
	...['paper', 'card', 'accent-soft', 'warm-soft', 'danger-soft'].map(
		(bg) => ['ink', bg] as [string, string]
	),
	...['paper', 'card', 'accent-soft', 'warm-soft'].map((bg) => ['muted', bg] as [string, string]),
	...['paper', 'card', 'accent-soft'].map((bg) => ['accent', bg] as [string, string]),
	['accent-ink', 'accent'],
	...['paper', 'card', 'warm-soft'].map((bg) => ['warm', bg] as [string, string]),
	...['paper', 'card', 'danger-soft'].map((bg) => ['danger', bg] as [string, string]),
	['danger-ink', 'danger'],
	...['helpful', 'mixed', 'unhelpful'].flatMap((fg) =>
		['paper', 'card'].map((bg) => [fg, bg] as [string, string])
	)
];
// Non-text: focus rings and input borders against what they sit on need 3:1.
const uiPairs: [string, string][] = [
	['focus', 'paper'],
	['focus', 'card'],
	['muted', 'card']
];

describe.each([
	['light', light],
	['dark', dark]
])('colour roles in %s', (_name, palette) => {
	it('defines every role the pairs use', () => {
		for (const [fg, bg] of [...textPairs, ...uiPairs]) {
			expect(palette[fg], `--${fg}`).toMatch(/^#[0-9a-f]{6}$/i);
			expect(palette[bg], `--${bg}`).toMatch(/^#[0-9a-f]{6}$/i);
		}
	});

	it.each(textPairs)('text --%s on --%s has at least 4.5:1', (fg, bg) => {
		expect(contrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(4.5);
	});

	it.each(uiPairs)('--%s against --%s has at least 3:1', (fg, bg) => {
		expect(contrast(palette[fg], palette[bg])).toBeGreaterThanOrEqual(3);
	});
});

describe('the dark palette', () => {
	it('overrides every colour role of the light one', () => {
		expect(Object.keys(tokens(darkAt)).sort()).toEqual(Object.keys(light).sort());
	});
});
