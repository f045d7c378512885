import type { ProseBlock } from './types';
import type { Diagnostics } from './diagnostics';

/**
 * The first pass: text to a syntax tree with a line and column for every node. It knows the
 * shape of the language (headings, choices, routes, key lines) but not its meaning: build.ts
 * checks ids, principles and meters, checks.ts the graph. Problems are collected, never thrown.
 */

export interface Field {
	value: string;
	line: number;
	column: number;
	/** Where each continuation line starts in `value`, so later entries keep their own place. */
	breaks?: { offset: number; line: number; column: number }[];
}

/** The line and column of `offset` within a field's (possibly multi-line) value. */
export function positionIn(field: Field, offset: number): { line: number; column: number } {
	let at = { offset: 0, line: field.line, column: field.column };
	for (const b of field.breaks ?? []) if (b.offset <= offset) at = b;
	return { line: at.line, column: at.column + (offset - at.offset) };
}

export interface SyntaxChoice {
	text: string;
	target: string;
	line: number;
	targetColumn: number;
	/** The choice's `key: value` lines by key; a key not given is undefined. */
	fields: ChoiceFields;
	/** How many keys were given. */
	keyCount: number;
}

export type ChoiceKey = (typeof CHOICE_KEYS)[number];
export type ChoiceFields = Record<ChoiceKey, Field | undefined>;

export interface SyntaxRoute {
	target: string;
	condition?: Field;
	line: number;
	targetColumn: number;
}

/** A prose paragraph; `gate` is its `[if ...]`, `[else if ...]` or `[else]` prefix, if any. */
export interface SyntaxProse extends ProseBlock {
	gate?: { variant: 'if' | 'else-if' | 'else'; condition?: Field; line: number; column: number };
}

export interface SyntaxBeat {
	title: string;
	line: number;
	id?: Field;
	classes: Field[];
	attributes: Map<string, Field>;
	prose: SyntaxProse[];
	/** Prose under `### Debrief`; undefined when the beat has no such heading. */
	debrief?: SyntaxProse[];
	choices: SyntaxChoice[];
	routes: SyntaxRoute[];
}

export interface SyntaxTree {
	frontMatter: { text: string; firstLine: number } | undefined;
	/** The front matter never ended, so it swallowed the whole file (already reported). */
	unclosed?: boolean;
	intro: SyntaxProse[];
	beats: SyntaxBeat[];
}

export const CHOICE_KEYS = [
	'tags',
	'scores',
	'effects',
	'feedback',
	'better',
	'if',
	'id',
	'sets',
	'clears',
	'meets',
	'kind'
] as const;

/*
 * The syntax objects made for every choice and key line are small classes, kept from tuning for
 * the engine benchmark (bench/README.md); making them object literals has not been measured.
 */

/** A `key: value` line of a choice. */
class KeyField implements Field {
	breaks: { offset: number; line: number; column: number }[] | undefined = undefined;
	constructor(
		public value: string,
		readonly line: number,
		readonly column: number
	) {}
}

/**
 * Every key present rather than a Map: one small object per choice, all of one shape, instead
 * of a hash table that grows as keys are added.
 */
class NoFields implements ChoiceFields {
	tags: Field | undefined = undefined;
	scores: Field | undefined = undefined;
	effects: Field | undefined = undefined;
	feedback: Field | undefined = undefined;
	better: Field | undefined = undefined;
	if: Field | undefined = undefined;
	id: Field | undefined = undefined;
	sets: Field | undefined = undefined;
	clears: Field | undefined = undefined;
	meets: Field | undefined = undefined;
	kind: Field | undefined = undefined;
}

class ChoiceSyntax implements SyntaxChoice {
	readonly fields: ChoiceFields = new NoFields();
	keyCount = 0;
	constructor(
		readonly text: string,
		readonly target: string,
		readonly line: number,
		readonly targetColumn: number
	) {}
}

const HEADING = /^##(?!#)(\s*)(.*?)\s*$/;
const ATTRIBUTES = /\{([^{}]*)\}\s*$/;
const DEBRIEF_HEADING = /^###\s+debrief\s*$/i;
const CHOICE_START = /^[-*+]\s+["“]/;
const CHOICE = /^[-*+]\s+(["“])(.*)(["”])\s*->\s*(.*?)\s*$/;
const ROUTE = /^->\s*(.*?)\s*$/;
const ROUTE_PARTS = /^->\s*(\S*)(?:\s+(.*?))?\s*$/d;
const SPEAKER = /^\*\*([^*:]+):\*\*\s*/;
/** `[if <condition>]`, `[else if <condition>]` or `[else]` opening a prose paragraph. */
const GATE = /^\[(if|else if|else)(?:\s+([^\]]*?))?\s*\]\s*/d;
const CUE = /^\[cue\]\s*/i;
const HASH = 35,
	DASH = 45,
	STAR = 42,
	PLUS = 43;

/**
 * Hands out one line at a time. A 10 MB story has a quarter of a million lines; holding them all
 * in an array at once is what made the parser's memory peak, and nothing needs them all at once.
 */
class LineReader {
	#pos = 0;
	/** 1-based number of the line last returned. */
	line = 0;
	constructor(private readonly text: string) {}

	next(): string | undefined {
		const text = this.text;
		const length = text.length;
		const pos = this.#pos;
		if (pos > length) return undefined;
		let end = text.indexOf('\n', pos);
		if (end === -1) end = length;
		this.#pos = end + 1;
		this.line++;
		return text.slice(pos, end);
	}
}

const isSpace = (c: number) => c === 32 || c === 9;

/** An indented `key: value` line: the key, and the column (0-based) where the value starts. */
const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]*:[ \t]*/;

function keyLine(text: string, indent: number): { key: string; valueAt: number } | undefined {
	const match = KEY_LINE.exec(text.slice(indent));
	return match ? { key: match[1], valueAt: indent + match[0].length } : undefined;
}

/** Reads `---` front matter; leaves the reader at the body's first line. */
function splitFrontMatter(reader: LineReader, diagnostics: Diagnostics) {
	let text = reader.next();
	while (text !== undefined && text.trim() === '') text = reader.next();
	const first = text === undefined ? reader.line + 1 : reader.line;
	if (text?.trim() !== '---') {
		diagnostics.add(
			'RAP021',
			first,
			1,
			'the file does not start with front matter',
			'a scenario starts with a `---` line, its YAML front matter, and another `---` line'
		);
		return { frontMatter: undefined, restart: true, unclosed: false };
	}
	const lines: string[] = [];
	for (text = reader.next(); text !== undefined; text = reader.next()) {
		if (text.trim() === '---')
			return {
				frontMatter: { text: lines.join('\n'), firstLine: first + 1 },
				restart: false,
				unclosed: false
			};
		lines.push(text);
	}
	diagnostics.add(
		'RAP001',
		first,
		1,
		'the front matter is never closed',
		'add a `---` line after the last front matter field'
	);
	return { frontMatter: undefined, restart: false, unclosed: true };
}

function parseHeading(
	raw: string,
	rawColumn: number,
	line: number,
	diagnostics: Diagnostics
): SyntaxBeat {
	let title = raw;
	let id: Field | undefined;
	const classes: Field[] = [];
	const attributes = new Map<string, Field>();
	const match = ATTRIBUTES.exec(raw);
	if (match) {
		title = raw.slice(0, match.index).trim();
		// Column of the first character inside the braces.
		const base = rawColumn + raw.indexOf('{', match.index) + 1;
		const body = match[1];
		const tokens = /\S+/g;
		let token: RegExpExecArray | null;
		while ((token = tokens.exec(body))) {
			const text = token[0];
			const column = base + token.index;
			if (text.startsWith('#')) {
				if (id)
					diagnostics.add(
						'RAP026',
						line,
						column,
						'a beat has only one `#id`',
						'remove one of them'
					);
				id = { value: text.slice(1), line, column };
			} else if (text.startsWith('.')) {
				classes.push({ value: text.slice(1), line, column });
			} else if (text.includes('=')) {
				const [key, ...rest] = text.split('=');
				attributes.set(key, { value: rest.join('=').replace(/^["']|["']$/g, ''), line, column });
			} else {
				diagnostics.add(
					'RAP026',
					line,
					column,
					`\`${text}\` is not an attribute`,
					'use `#id`, `.class` or `key=value`'
				);
			}
		}
	}
	// `debrief` is present from the start (undefined until a debrief heading), so beats with and
	// without one share a shape and the parser's optimised code stays valid for both.
	return {
		title,
		line,
		id,
		classes,
		attributes,
		prose: [],
		debrief: undefined,
		choices: [],
		routes: []
	};
}

class ProseCollector {
	/** The open paragraph's lines, joined as they come (a string, not an array per paragraph). */
	private paragraph = '';
	private count = 0;
	private firstLine = 0;
	private gate: SyntaxProse['gate'] = undefined;
	constructor(
		private blocks: SyntaxProse[],
		private readonly diagnostics: Diagnostics
	) {}

	push(text: string, line: number) {
		// A `[if ...]`/`[else ...]`/`[cue]` line starts a paragraph of its own, even without a blank
		// line before it, so variants can be written one under the other.
		const gated = text.charCodeAt(0) === 91 && (GATE.test(text) || CUE.test(text)); // '['
		if (gated) this.close();
		if (this.count === 0) {
			this.firstLine = line;
			this.paragraph = gated ? this.readGate(text, line) : text;
		} else this.paragraph = `${this.paragraph}\n${text}`;
		this.count++;
	}

	/** Reads a paragraph's `[if ...]` prefix into `gate` and returns the rest of the line. */
	private readGate(text: string, line: number): string {
		const match = GATE.exec(text);
		if (!match) return text;
		const variant = match[1] === 'else if' ? 'else-if' : (match[1] as 'if' | 'else');
		const gate: NonNullable<SyntaxProse['gate']> = { variant, line, column: 1 };
		if (match[2]) {
			if (variant === 'else')
				this.diagnostics.add(
					'RAP022',
					line,
					match.indices![2]![0] + 1,
					'`[else]` takes no condition',
					'write `[else if <condition>]`, or drop the condition'
				);
			else gate.condition = { value: match[2], line, column: match.indices![2]![0] + 1 };
		} else if (variant !== 'else')
			this.diagnostics.add(
				'RAP009',
				line,
				match.indices![1]![1] + 1,
				`\`[${match[1]}]\` needs a condition`,
				`write \`[${match[1]} trust >= 3]\``
			);
		this.gate = gate;
		return text.slice(match[0].length);
	}

	/** A blank line (or anything that is not prose) closes the paragraph. */
	close() {
		if (this.count === 0) return;
		let markdown = this.paragraph.trim();
		const cue = CUE.exec(markdown);
		if (cue) markdown = markdown.slice(cue[0].length).trim();
		const speaker = cue ? null : SPEAKER.exec(markdown);
		const block: SyntaxProse = cue
			? { kind: 'cue', markdown, line: this.firstLine }
			: speaker
				? {
						kind: 'line',
						speaker: speaker[1].trim(),
						markdown: markdown.slice(speaker[0].length).trim(),
						line: this.firstLine
					}
				: { kind: 'narration', markdown, line: this.firstLine };
		if (this.gate) block.gate = this.gate;
		this.blocks.push(block);
		this.paragraph = '';
		this.count = 0;
		this.gate = undefined;
	}

	retarget(blocks: SyntaxProse[]) {
		this.close();
		this.blocks = blocks;
	}
}

/**
 * The body's state as it reads line by line, with one method per kind of line.
 */
class BodyParser {
	readonly intro: SyntaxProse[] = [];
	readonly beats: SyntaxBeat[] = [];
	readonly prose: ProseCollector;
	beat: SyntaxBeat | undefined = undefined;
	choice: SyntaxChoice | undefined = undefined;
	field: Field | undefined = undefined;
	keyIndent = 0;
	afterChoices = false;

	constructor(private readonly diagnostics: Diagnostics) {
		this.prose = new ProseCollector(this.intro, diagnostics);
	}

	/**
	 * A line before the first beat: intro prose, or the first heading (true).
	 */
	introLine(text: string, line: number): boolean {
		const heading = text.charCodeAt(0) === HASH ? HEADING.exec(text) : null;
		if (heading) {
			this.heading(heading, line);
			return true;
		}
		if (text.trim() === '') this.prose.close();
		else this.prose.push(text, line);
		return false;
	}

	/** A line in a beat. */
	line(text: string, line: number) {
		// The first character decides which patterns can apply; most lines need none of them.
		const first = text.length > 0 ? text.charCodeAt(0) : -1;
		if (first === HASH && this.hashLine(text, line)) return;
		const beat = this.beat!;
		// Inside a choice: key lines, continuation lines and blank lines belong to it.
		if (this.choice && this.choiceLine(text, line)) return;

		if ((first === DASH || first === STAR || first === PLUS) && CHOICE_START.test(text))
			return this.choiceStart(beat, text, line);
		const route = first === DASH ? ROUTE.exec(text) : null;
		if (route) return this.route(beat, text, line);

		if (text.trim() === '') return this.prose.close();
		if (beat.choices.length > 0 || beat.routes.length > 0) {
			if (!this.afterChoices)
				this.diagnostics.add(
					'RAP022',
					line,
					1,
					'text after the choices or routes of a beat',
					'move it above the first choice, or start a new beat with `##`'
				);
			this.afterChoices = true;
			return;
		}
		this.prose.push(text, line);
	}

	/**
	 * A line starting with `#`: a beat's heading, or a debrief heading in an open beat. False for
	 * other lines.
	 */
	hashLine(text: string, line: number): boolean {
		const heading = HEADING.exec(text);
		if (heading) {
			this.heading(heading, line);
			return true;
		}
		const beat = this.beat!;
		// A line at the margin ends any open choice, as choiceLine would decide.
		this.choice = undefined;
		this.field = undefined;
		if (!DEBRIEF_HEADING.test(text)) return false;
		beat.debrief = [];
		this.prose.retarget(beat.debrief);
		return true;
	}

	heading(heading: RegExpExecArray, line: number) {
		this.prose.close();
		const beat = parseHeading(heading[2], 3 + heading[1].length, line, this.diagnostics);
		this.beat = beat;
		this.beats.push(beat);
		this.prose.retarget(beat.prose);
		this.choice = undefined;
		this.field = undefined;
		this.afterChoices = false;
	}

	/** A line while a choice is open; false when the line ends the choice. */
	choiceLine(text: string, line: number): boolean {
		const choice = this.choice!;
		let indent = 0;
		while (indent < text.length && isSpace(text.charCodeAt(indent))) indent++;
		if (indent === text.length) return true; // blank
		const keyed = indent > 0 ? keyLine(text, indent) : undefined;
		if (keyed && (choice.keyCount === 0 || indent <= this.keyIndent)) {
			if (choice.keyCount === 0) this.keyIndent = indent;
			const at = keyed.valueAt;
			const name = CHOICE_KEYS.find((k) => k === keyed.key);
			if (name === undefined) {
				this.diagnostics.add(
					'RAP022',
					line,
					indent + 1,
					`unknown choice key \`${keyed.key}\``,
					`choice keys are ${CHOICE_KEYS.join(', ')}`
				);
				this.field = undefined;
				return true;
			}
			if (choice.fields[name])
				this.diagnostics.add('RAP022', line, indent + 1, `\`${name}\` is given twice`);
			let end = text.length;
			while (end > at && isSpace(text.charCodeAt(end - 1))) end--;
			const field = new KeyField(text.slice(at, end), line, at + 1);
			this.field = field;
			choice.fields[name] = field;
			choice.keyCount++;
			return true;
		}
		const field = this.field;
		if (indent > 0 && field && indent > this.keyIndent) {
			(field.breaks ??= []).push({ offset: field.value.length + 1, line, column: indent + 1 });
			field.value = `${field.value}\n${text.trim()}`;
			return true;
		}
		if (indent > 0) {
			this.diagnostics.add(
				'RAP022',
				line,
				indent + 1,
				'this indented line is not a `key: value` line of the choice above',
				'indent choice keys two spaces under the choice, and continuation lines deeper'
			);
			return true;
		}
		this.choice = undefined;
		this.field = undefined;
		return false;
	}

	choiceStart(beat: SyntaxBeat, text: string, line: number) {
		this.prose.close();
		this.field = undefined;
		this.keyIndent = 0;
		const match = CHOICE.exec(text);
		if (!match || !match[4]) {
			const arrow = text.lastIndexOf('->');
			this.diagnostics.add(
				'RAP022',
				line,
				arrow >= 0 ? arrow + 1 : text.length + 1,
				'a choice must end with `-> beat-id`',
				'write the quoted response, then `->` and the id of the beat it leads to'
			);
			this.choice = new ChoiceSyntax('', '', line, 1);
			beat.choices.push(this.choice);
			return;
		}
		const target = match[4];
		const targetColumn = text.lastIndexOf(target) + 1;
		if (/\s/.test(target)) {
			this.diagnostics.add(
				'RAP022',
				line,
				targetColumn,
				`\`-> ${target}\` is not a single beat id`,
				/\bif\b/.test(target)
					? 'put a choice condition on its own `if:` line under the choice'
					: 'a choice leads to exactly one beat'
			);
		}
		// An empty response is checked when the choice is built: a silence may have none.
		const choice = new ChoiceSyntax(match[2].trim(), target, line, targetColumn);
		this.choice = choice;
		beat.choices.push(choice);
	}

	route(beat: SyntaxBeat, text: string, line: number) {
		this.prose.close();
		const parts = ROUTE_PARTS.exec(text)!;
		const target = parts[1];
		const targetColumn = parts.indices![1]![0] + 1;
		const entry: SyntaxRoute = { target, line, targetColumn };
		if (!target) {
			this.diagnostics.add('RAP022', line, 3, 'a route needs a beat id after `->`');
		} else if (parts[2] !== undefined) {
			const condition = /^if\s+(\S.*)$/d.exec(parts[2]);
			if (!condition) {
				this.diagnostics.add(
					'RAP022',
					line,
					parts.indices![2]![0] + 1,
					'a route is `-> beat-id` or `-> beat-id if <condition>`'
				);
			} else {
				entry.condition = {
					value: condition[1],
					line,
					column: parts.indices![2]![0] + condition.indices![1]![0] + 1
				};
			}
		}
		beat.routes.push(entry);
	}
}

export function parse(source: string, diagnostics: Diagnostics): SyntaxTree {
	// One line ending from here on; a copy only for files that use CR.
	if (source.indexOf('\r') !== -1) source = source.replace(/\r\n?/g, '\n');
	let reader = new LineReader(source);
	const { frontMatter, restart, unclosed } = splitFrontMatter(reader, diagnostics);
	// Without front matter the whole file is read as the body.
	if (restart) reader = new LineReader(source);
	const body = new BodyParser(diagnostics);
	let text = reader.next();
	for (; text !== undefined; text = reader.next()) if (body.introLine(text, reader.line)) break;
	for (text = reader.next(); text !== undefined; text = reader.next()) body.line(text, reader.line);
	body.prose.close();
	return { frontMatter, unclosed, intro: body.intro, beats: body.beats };
}
