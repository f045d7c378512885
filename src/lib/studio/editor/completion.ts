import { parse as parseYaml } from 'yaml';
import { PRINCIPLES } from '$lib/scenarios/principles';
import { TAGS } from '$lib/scenarios/tags';
import { frontMatterLines, headingBeatId } from './syntax';

/**
 * What the studio editor offers to complete, and where: beat ids after `->`, principles in
 * `principles:`, `skill:` and `scores:`, tags in `tags:`, meters in `effects:` and conditions,
 * memory flags in `sets:`, `clears:` and after `has`/`not`, critical actions in `meets:`. The
 * names come from the text itself (its beat headings and front matter) and from the compiler's
 * own lists of principles and tags. Pure: the CodeMirror source in editor.ts only wraps it.
 */

export type NameKind = 'beat' | 'principle' | 'tag' | 'meter' | 'flag' | 'critical';

export interface CompletionPlace {
	/** What may be typed here; a condition takes meters or (after `has`/`not`) flags. */
	kinds: NameKind[];
	/** Where the word being typed starts, as an offset within the line. */
	from: number;
}

/** The names a draft declares, read leniently: a half-typed front matter gives what it can. */
export interface DeclaredNames {
	beats: string[];
	meters: string[];
	flags: string[];
	critical: string[];
}

const WORD_BEFORE = /[a-z0-9-]*$/i;
const LIST_KEYS: Record<string, NameKind> = {
	tags: 'tag',
	scores: 'principle',
	effects: 'meter',
	sets: 'flag',
	clears: 'flag',
	meets: 'critical'
};

/** Where a condition is being typed: meters, or flags right after `has` or `not`. */
function conditionPlace(before: string, from: number): CompletionPlace {
	return /\b(has|not)\s+[a-z0-9-]*$/i.test(before)
		? { kinds: ['flag'], from }
		: { kinds: ['meter', 'flag'], from };
}

/**
 * What can be completed at `column` (0-based) of a line, or null. `inFrontMatter` says whether
 * the line is between the front matter's fences.
 */
export function completionPlace(
	text: string,
	column: number,
	inFrontMatter: boolean
): CompletionPlace | null {
	const before = text.slice(0, column);
	const from = column - WORD_BEFORE.exec(before)![0].length;
	if (inFrontMatter) {
		if (/^principles:\s*\[[^\]]*$/.test(before) && /[[,]\s*[a-z0-9-]*$/i.test(before))
			return { kinds: ['principle'], from };
		if (/^skill:\s*[a-z0-9-]*$/i.test(before)) return { kinds: ['principle'], from };
		return null;
	}
	// A choice's target, or a route's.
	if (/^[-*+]\s+["“].*["”]\s*->\s*[a-z0-9-]*$/i.test(before) || /^->\s*[a-z0-9-]*$/i.test(before))
		return { kinds: ['beat'], from };
	if (/^->\s*\S+\s+if\s/.test(before)) return conditionPlace(before, from);
	const gate = /^\[(?:if|else if)\s[^\]]*$/.exec(before);
	if (gate) return conditionPlace(before, from);
	const key = /^[ \t]+([a-z]+)[ \t]*:[ \t]*(.*)$/i.exec(before);
	if (!key) return null;
	if (key[1] === 'if') return conditionPlace(before, from);
	const kind = LIST_KEYS[key[1]];
	if (!kind) return null;
	// Only the name at the start of each comma-separated entry (`trust +1`: `trust`).
	const entry = key[2].split(',').pop()!.trimStart();
	return /^[a-z0-9-]*$/i.test(entry) ? { kinds: [kind], from } : null;
}

/** Keys of a YAML map, or the items of a YAML list of names. */
function namesIn(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
	if (value && typeof value === 'object') return Object.keys(value);
	return [];
}

/** The beat ids, meters, flags and critical actions declared in a text. */
export function declaredNames(text: string): DeclaredNames {
	const lines = text.split('\n');
	const beats: string[] = [];
	for (const line of lines) {
		if (line.charCodeAt(0) !== 35) continue; // '#'
		const id = headingBeatId(line);
		if (id && !beats.includes(id)) beats.push(id);
	}
	const names: DeclaredNames = { beats, meters: [], flags: [], critical: [] };
	const front = frontMatterLines((n) => lines[n - 1], lines.length);
	if (!front) return names;
	let yaml: unknown;
	try {
		yaml = parseYaml(lines.slice(front.first, front.last - 1).join('\n'));
	} catch {
		return names;
	}
	if (!yaml || typeof yaml !== 'object') return names;
	const fields = yaml as Record<string, unknown>;
	return {
		beats,
		meters: namesIn(fields.meters),
		flags: namesIn(fields.flags),
		critical: namesIn(fields.critical)
	};
}

export interface NameOption {
	label: string;
	kind: NameKind;
	/** A short explanation shown beside the name (a principle's title). */
	detail?: string;
}

/** Every name of the kinds asked for, from the draft and the compiler's lists. */
export function namesFor(kinds: NameKind[], declared: DeclaredNames): NameOption[] {
	const out: NameOption[] = [];
	for (const kind of kinds) {
		if (kind === 'principle')
			for (const p of PRINCIPLES) out.push({ label: p.id, kind, detail: p.title });
		else if (kind === 'tag') for (const t of TAGS) out.push({ label: t, kind });
		else {
			const list = {
				beat: declared.beats,
				meter: declared.meters,
				flag: declared.flags,
				critical: declared.critical
			}[kind];
			for (const name of list) out.push({ label: name, kind, detail: kind });
		}
	}
	return out;
}
