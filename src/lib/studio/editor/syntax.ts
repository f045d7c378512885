import { slugify } from '$lib/scenarios/build';
import { CHOICE_KEYS } from '$lib/scenarios/parse';

/**
 * The scenario syntax the studio editor highlights on top of markdown: beat headings and their
 * `{#id .class key=value}`, choice lines `- "..." -> target`, route lines `-> target if ...`,
 * a choice's `key: value` lines, `[if ...]` gates, `[cue]`, `**Name:**` speakers and the front
 * matter's keys. Line by line and pure (no CodeMirror), so the editor highlights only the lines
 * on screen, however long the scenario. The patterns follow `src/lib/scenarios/parse.ts`; the
 * parser is what decides what a line means, this only colours it.
 */

export type TokenKind =
	| 'fence'
	| 'fm-key'
	| 'beat-title'
	| 'beat-id'
	| 'beat-class'
	| 'beat-attr'
	| 'choice-text'
	| 'arrow'
	| 'target'
	| 'key'
	| 'keyword'
	| 'number'
	| 'gate'
	| 'cue'
	| 'speaker';

export interface Token {
	/** Offsets within the line, `from` inclusive, `to` exclusive. */
	from: number;
	to: number;
	kind: TokenKind;
}

const KEYS: ReadonlySet<string> = new Set(CHOICE_KEYS);
const HEADING = /^(##)(?!#)\s*(.*?)\s*$/d;
const ATTRIBUTES = /\{([^{}]*)\}\s*$/d;
const CHOICE = /^[-*+]\s+(["“].*["”])\s*(->)\s*(\S*)/d;
const ROUTE = /^(->)\s*(\S*)(?:\s+(if)\s+(.*))?$/d;
const KEY_LINE = /^[ \t]+([A-Za-z][A-Za-z0-9_-]*)[ \t]*:/d;
const FM_KEY = /^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?=\s|$)/d;
const GATE = /^\[(?:if|else if|else)\b[^\]]*\]/;
const CUE = /^\[cue\]/i;
const SPEAKER = /^\*\*[^*:]+:\*\*/;
const CONDITION_WORDS = /\b(and|or|not|has|met|missed|repaired|ignored|unrepaired)\b|[+-]?\d+/g;

function span(match: RegExpExecArray, group: number, kind: TokenKind, base = 0): Token | null {
	const at = match.indices?.[group];
	return at && at[1] > at[0] ? { from: base + at[0], to: base + at[1], kind } : null;
}

/** Keywords and numbers in a condition that starts at `base`. */
function conditionTokens(text: string, base: number): Token[] {
	const out: Token[] = [];
	for (const m of text.matchAll(CONDITION_WORDS))
		out.push({
			from: base + m.index,
			to: base + m.index + m[0].length,
			kind: m[1] ? 'keyword' : 'number'
		});
	return out;
}

/** The tokens of one line, in order and never overlapping. */
export function lineTokens(text: string, inFrontMatter: boolean): Token[] {
	const keep = (tokens: (Token | null)[]) => tokens.filter((t): t is Token => t !== null);
	if (text.trim() === '---') return [{ from: 0, to: text.length, kind: 'fence' }];
	if (inFrontMatter) {
		const m = FM_KEY.exec(text);
		return m ? keep([span(m, 1, 'fm-key')]) : [];
	}
	const heading = HEADING.exec(text);
	if (heading) {
		const titleAt = heading.indices![2]![0];
		const title = heading[2];
		const attrs = ATTRIBUTES.exec(title);
		const out: Token[] = [];
		const titleEnd = titleAt + (attrs ? title.slice(0, attrs.index).trimEnd() : title).length;
		if (titleEnd > titleAt) out.push({ from: titleAt, to: titleEnd, kind: 'beat-title' });
		if (attrs) {
			const bodyAt = titleAt + attrs.indices![1]![0];
			for (const t of attrs[1].matchAll(/\S+/g)) {
				const kind: TokenKind = t[0].startsWith('#')
					? 'beat-id'
					: t[0].startsWith('.')
						? 'beat-class'
						: 'beat-attr';
				out.push({ from: bodyAt + t.index, to: bodyAt + t.index + t[0].length, kind });
			}
		}
		return out;
	}
	const choice = CHOICE.exec(text);
	if (choice)
		return keep([
			span(choice, 1, 'choice-text'),
			span(choice, 2, 'arrow'),
			span(choice, 3, 'target')
		]);
	const route = ROUTE.exec(text);
	if (route) {
		const out = keep([
			span(route, 1, 'arrow'),
			span(route, 2, 'target'),
			span(route, 3, 'keyword')
		]);
		if (route[4] !== undefined) out.push(...conditionTokens(route[4], route.indices![4]![0]));
		return out;
	}
	const key = KEY_LINE.exec(text);
	if (key && KEYS.has(key[1])) {
		const out = keep([span(key, 1, 'key')]);
		const valueAt = key[0].length;
		const value = text.slice(valueAt);
		if (key[1] === 'if') out.push(...conditionTokens(value, valueAt));
		else if (key[1] === 'scores' || key[1] === 'effects')
			for (const m of value.matchAll(/[+-]\d+/g))
				out.push({ from: valueAt + m.index, to: valueAt + m.index + m[0].length, kind: 'number' });
		return out;
	}
	const out: Token[] = [];
	let rest = 0;
	const gate = GATE.exec(text);
	if (gate) {
		out.push({ from: 0, to: gate[0].length, kind: 'gate' });
		rest = gate[0].length;
		while (text[rest] === ' ') rest++;
	}
	const tail = text.slice(rest);
	const cue = CUE.exec(tail);
	const speaker = SPEAKER.exec(tail);
	if (cue) out.push({ from: rest, to: rest + cue[0].length, kind: 'cue' });
	else if (speaker) out.push({ from: rest, to: rest + speaker[0].length, kind: 'speaker' });
	return out;
}

/**
 * The front matter's lines (1-based, both `---` fences included), or null when the text does
 * not start with front matter. Looks at most `limit` lines down: a front matter that long is
 * unclosed, and the compiler says so.
 */
export function frontMatterLines(
	line: (n: number) => string,
	lines: number,
	limit = 500
): { first: number; last: number } | null {
	let n = 1;
	while (n <= lines && line(n).trim() === '') n++;
	if (n > lines || line(n).trim() !== '---') return null;
	const first = n;
	for (n = first + 1; n <= Math.min(lines, first + limit); n++)
		if (line(n).trim() === '---') return { first, last: n };
	return { first, last: Math.min(lines, first + limit) };
}

/** The beat id a heading line declares (its `#id`, or its title's slug), or null. */
export function headingBeatId(text: string): string | null {
	const heading = HEADING.exec(text);
	if (!heading) return null;
	const attrs = ATTRIBUTES.exec(heading[2]);
	const id = attrs?.[1].split(/\s+/).find((t) => t.startsWith('#'));
	if (id) return id.slice(1);
	const title = attrs ? heading[2].slice(0, attrs.index).trim() : heading[2];
	return title ? slugify(title) : null;
}

/**
 * The beat that line `n` (1-based) belongs to: the nearest beat heading at or above it, or
 * null in the front matter and intro. Also gives the heading's line.
 */
export function beatAtLine(
	line: (n: number) => string,
	n: number
): { id: string; line: number } | null {
	for (let k = n; k >= 1; k--) {
		const text = line(k);
		if (text.charCodeAt(0) !== 35) continue; // '#'
		const id = headingBeatId(text);
		if (id) return { id, line: k };
	}
	return null;
}
