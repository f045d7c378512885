import {
	conditionLeaves,
	isConditionError,
	parseCondition,
	type ConditionError
} from './condition';
import { didYouMean, type Diagnostics } from './diagnostics';
import type { FrontMatter } from './front-matter';
import { NAME } from './front-matter';
import {
	positionIn,
	type Field,
	type SyntaxBeat,
	type SyntaxChoice,
	type SyntaxProse,
	type SyntaxTree
} from './parse';
import { PRINCIPLE_IDS } from './principles';
import { REPAIR_TAGS, TAG_SET, TAGS } from './tags';
import type {
	Beat,
	Choice,
	ChoiceKind,
	Condition,
	Outcome,
	ProseBlock,
	Route,
	RuptureType,
	Verdict
} from './types';

/**
 * The second pass: syntax tree to the `Scenario` data model, checking every name against the
 * principle catalogue, the tag vocabulary, the meters and the beat ids. Graph-wide checks
 * (reachability, cycles, endings) live in graph.ts.
 */

const OUTCOMES: Outcome[] = [
	'strengthened',
	'repaired',
	'stalled',
	'ruptured',
	'dropout',
	'referred'
];
const RUPTURES: RuptureType[] = ['withdrawal', 'confrontation'];
const CLASSES = ['ending', 'rupture', 'fixed-order'];
const KINDS: ChoiceKind[] = ['speech', 'silence', 'action'];

export function slugify(title: string): string {
	return (
		title
			.toLowerCase()
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '') || 'beat'
	);
}

/** Verdict from a choice's scores: see docs/scenario-format.md, "Verdicts". */
export function verdictOf(scores: Record<string, number>): Verdict {
	let total = 0;
	let anyNegative = false;
	for (const key in scores) {
		total += scores[key];
		if (scores[key] < 0) anyNegative = true;
	}
	if (total < 0) return 'unhelpful';
	if (total > 0 && !anyNegative) return 'helpful';
	return 'mixed';
}

// Kept in its own module so the play page can use it without pulling in the compiler.
export { responseLabel } from './response-label';

function readBeatHeader(syntax: SyntaxBeat, d: Diagnostics) {
	let id: string;
	if (syntax.id && NAME.test(syntax.id.value)) id = syntax.id.value;
	else {
		id = slugify(syntax.title);
		if (syntax.id)
			d.add(
				'RAP026',
				syntax.id.line,
				syntax.id.column,
				`\`#${syntax.id.value}\` is not a valid beat id`,
				`use lower-case letters, digits and hyphens, such as \`#${slugify(syntax.id.value)}\``
			);
		else if (syntax.title === '')
			d.add('RAP026', syntax.line, 1, 'a beat needs a title or an `{#id}`');
	}
	const classes = new Set<string>();
	for (const c of syntax.classes) {
		if (!CLASSES.includes(c.value))
			d.add(
				'RAP026',
				c.line,
				c.column,
				`unknown class \`.${c.value}\``,
				didYouMean(c.value, CLASSES) ?? 'classes are `.ending`, `.rupture` and `.fixed-order`'
			);
		classes.add(c.value);
	}
	let outcome: Outcome | undefined;
	let rupture: RuptureType | undefined;
	for (const [key, field] of syntax.attributes) {
		if (key === 'outcome') {
			if (!classes.has('ending'))
				d.add('RAP026', field.line, field.column, '`outcome=` belongs on an `.ending` beat');
			else if (!OUTCOMES.includes(field.value as Outcome))
				d.add(
					'RAP026',
					field.line,
					field.column,
					`unknown outcome \`${field.value}\``,
					didYouMean(field.value, OUTCOMES) ?? `outcomes are ${OUTCOMES.join(', ')}`
				);
			else outcome = field.value as Outcome;
		} else if (key === 'type') {
			if (!classes.has('rupture'))
				d.add('RAP026', field.line, field.column, '`type=` belongs on a `.rupture` beat');
			else if (!RUPTURES.includes(field.value as RuptureType))
				d.add(
					'RAP026',
					field.line,
					field.column,
					`unknown rupture type \`${field.value}\``,
					'rupture types are withdrawal and confrontation'
				);
			else rupture = field.value as RuptureType;
		} else {
			d.add(
				'RAP026',
				field.line,
				field.column,
				`unknown attribute \`${key}\``,
				'beats take `outcome=` (endings) and `type=` (ruptures)'
			);
		}
	}
	if (classes.has('ending') && !syntax.attributes.has('outcome'))
		d.add(
			'RAP026',
			syntax.line,
			1,
			'an ending needs an `outcome=`',
			`add one of ${OUTCOMES.join(', ')}`
		);
	if (classes.has('rupture') && !syntax.attributes.has('type'))
		d.add('RAP026', syntax.line, 1, 'a rupture needs a `type=`', 'use withdrawal or confrontation');
	if (classes.has('ending') && classes.has('rupture'))
		d.add('RAP026', syntax.line, 1, 'a beat cannot be both an ending and a rupture');
	return {
		id,
		ending: classes.has('ending'),
		outcome,
		rupture,
		fixedOrder: classes.has('fixed-order')
	};
}

/**
 * What the reading of every choice and route shares within one file.
 */
class BuildContext {
	/**
	 * Parsed conditions by their text. Stories repeat the same few conditions, and a condition is
	 * plain data that is never changed, so choices with the same text share one.
	 */
	readonly conditions = new Map<string, Condition | ConditionError>();
	/** 1 for each principle of the catalogue (by index) that some choice scores. */
	readonly scored = new Uint8Array(PRINCIPLE_IDS.length);
	/** Flags some condition tests, and where each flag is first set (for the never-tested check). */
	readonly tested = new Set<string>();
	readonly setAt = new Map<string, { line: number; column: number }>();
	/** Critical actions some choice meets. */
	readonly metBy = new Set<string>();
	/** `at <beat>` in rupture tests, checked once every beat is known. */
	readonly ruptureRefs: { beat: string; line: number; column: number }[] = [];
	constructor(
		readonly meters: string[],
		readonly flags: string[],
		readonly critical: string[]
	) {}
}

/** Where `name` is written in a field's value, as a whole word; the field's start if nowhere. */
function wordPosition(field: Field, name: string) {
	const offset = field.value.search(new RegExp(`(^|[^a-z0-9-])${name}([^a-z0-9-]|$)`));
	return positionIn(field, Math.max(0, offset + (offset > 0 ? 1 : 0)));
}

/**
 * Reads and type-checks a condition. `path`: whether it may read the path (critical actions,
 * rupture handling), which only debrief notes may, because the analysis tracks meters and flags.
 */
function readCondition(
	field: Field,
	context: BuildContext,
	d: Diagnostics,
	path = false
): { condition?: Condition; source?: string } {
	const { meters, flags, critical } = context;
	let parsed = context.conditions.get(field.value);
	if (parsed === undefined) {
		parsed = parseCondition(field.value);
		context.conditions.set(field.value, parsed);
	}
	if (isConditionError(parsed)) {
		const at = positionIn(field, parsed.offset);
		d.add(
			'RAP009',
			at.line,
			at.column,
			`cannot read condition: ${parsed.message}`,
			'write conditions like `trust >= 3 and openness > 1` or `has minimised-risk`'
		);
		return {};
	}
	let ok = true;
	for (const leaf of conditionLeaves(parsed)) {
		if (leaf.op === 'cmp' && !meters.includes(leaf.meter)) {
			ok = false;
			const at = wordPosition(field, leaf.meter);
			d.add(
				'RAP008',
				at.line,
				at.column,
				`unknown meter \`${leaf.meter}\``,
				didYouMean(leaf.meter, meters) ??
					(meters.length ? `meters are ${meters.join(', ')}` : 'declare it under `meters:`')
			);
		} else if (leaf.op === 'flag') {
			context.tested.add(leaf.flag);
			if (flags.includes(leaf.flag)) continue;
			ok = false;
			const at = wordPosition(field, leaf.flag);
			d.add(
				'RAP040',
				at.line,
				at.column,
				`unknown flag \`${leaf.flag}\``,
				meters.includes(leaf.flag)
					? `\`${leaf.flag}\` is a meter: compare it with a number, such as \`${leaf.flag} >= 1\``
					: (didYouMean(leaf.flag, flags) ?? 'declare it under `flags:` in the front matter')
			);
		} else if (leaf.op === 'met' || leaf.op === 'rupture') {
			// A rupture test is pointed at from its start, a critical action at its id.
			const at = leaf.op === 'met' ? wordPosition(field, leaf.action) : positionIn(field, 0);
			if (!path) {
				ok = false;
				d.add(
					'RAP046',
					at.line,
					at.column,
					leaf.op === 'met'
						? 'only a debrief note can test a critical action'
						: 'only a debrief note can test how a rupture was handled',
					'set a flag on the choice (`sets: ...`) and test the flag here'
				);
			} else if (leaf.op === 'met' && !critical.includes(leaf.action)) {
				ok = false;
				d.add(
					'RAP042',
					at.line,
					at.column,
					`unknown critical action \`${leaf.action}\``,
					didYouMean(leaf.action, critical) ?? 'declare it under `critical:` in the front matter'
				);
			} else if (leaf.op === 'rupture' && leaf.beat)
				context.ruptureRefs.push({ beat: leaf.beat, ...at });
		}
	}
	return ok ? { condition: parsed, source: field.value } : {};
}

/** Reads a comma-separated list of names, each of which must be in `known`. */
function readNames(
	field: Field,
	known: readonly string[],
	d: Diagnostics,
	unknown: (name: string) => { code: 'RAP040' | 'RAP042'; message: string; hint: string }
): string[] {
	const names: string[] = [];
	let start = 0;
	for (const part of field.value.split(',')) {
		const partStart = start;
		start += part.length + 1;
		const name = part.trim();
		if (!name) continue;
		const at = entryPosition(field, partStart, part);
		if (!known.includes(name)) {
			const problem = unknown(name);
			d.add(problem.code, at.line, at.column, problem.message, problem.hint);
		} else if (!names.includes(name)) names.push(name);
	}
	return names;
}

/** `"text"` or `“text”` without its quotes; anything else as it is. */
function unquote(text: string): string {
	if (text.length < 2) return text;
	const first = text.charCodeAt(0);
	const last = text.charCodeAt(text.length - 1);
	const opens = first === 34 || first === 0x201c;
	const closes = last === 34 || last === 0x201d;
	return opens && closes ? text.slice(1, -1) : text;
}

/** Whether `item` from `at` to its end reads as an amount: an optional sign, then digits. */
function isAmountAt(item: string, at: number): boolean {
	let k = at;
	const sign = item.charCodeAt(k);
	if (sign === 43 || sign === 45) k++;
	const digits = k;
	while (k < item.length && item.charCodeAt(k) >= 48 && item.charCodeAt(k) <= 57) k++;
	return k > digits && k === item.length;
}

/**
 * `name +2` read by hand (the same as /^([a-z][a-z0-9-]*)\s*([+-]?\d+)$/, without its garbage).
 * No closures inside: this runs for every score and effect entry.
 */
export function readDelta(item: string): { name: string; amount: number } | null {
	const at = scanDelta(item);
	if (at === -1) return null;
	const nameEnd = Math.floor(at / AMOUNT_AT);
	return { name: item.slice(0, nameEnd), amount: Number(item.slice(at % AMOUNT_AT)) };
}

/** scanDelta packs the name's end and the amount's start into one number: end * AMOUNT_AT + start. */
const AMOUNT_AT = 2 ** 26;

/**
 * Where the name of `name +2` ends and its amount starts, packed into one number, or -1 when the
 * item does not read so. No strings or objects are made: this runs for every score and effect.
 */
function scanDelta(item: string): number {
	let i = 0;
	const c0 = item.charCodeAt(0);
	if (!(c0 >= 97 && c0 <= 122) || item.length >= AMOUNT_AT) return -1;
	for (;;) {
		const c = item.charCodeAt(i);
		if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45) i++;
		else break;
	}
	// A name may end in digits or hyphens, so, like the pattern, give back characters from its
	// end until the rest reads as an amount (`trust-2` is `trust-` and 2).
	let nameEnd = i;
	let j = i;
	while (j < item.length && /\s/.test(item[j])) j++;
	if (j === i) {
		// No space: the amount starts inside the run the name loop took.
		while (nameEnd > 1 && !isAmountAt(item, nameEnd)) nameEnd--;
		if (!isAmountAt(item, nameEnd) || nameEnd < 1) return -1;
		j = nameEnd;
	} else if (!isAmountAt(item, j)) return -1;
	return nameEnd * AMOUNT_AT + j;
}

/** Index in `known` of the name that is `item`'s first `length` characters, or -1. */
function knownPrefix(known: readonly string[], item: string, length: number): number {
	for (let k = 0; k < known.length; k++)
		if (known[k].length === length && item.startsWith(known[k])) return k;
	return -1;
}

/** Where entry `part`, starting at `start` in the field's value, begins (past its spaces). */
function entryPosition(field: Field, start: number, part: string) {
	return positionIn(field, start + (part.length - part.trimStart().length));
}

/** Reads `name +2, other -1`; `known` are the allowed names. */
function readDeltas(
	field: Field,
	known: readonly string[],
	unknownCode: 'RAP006' | 'RAP008',
	d: Diagnostics,
	/** Set to 1 at the index in `known` of each name read. */
	seen?: Uint8Array
): Record<string, number> {
	const result: Record<string, number> = {};
	const value = field.value;
	// Entries are read in place: no array of parts, and a part is only cut out of the value when
	// there is more than one.
	for (let start = 0; start <= value.length;) {
		let end = value.indexOf(',', start);
		if (end === -1) end = value.length;
		const part = start === 0 && end === value.length ? value : value.slice(start, end);
		const partStart = start;
		start = end + 1;
		// Positions (entryPosition) are worked out only for entries that need a diagnostic.
		const item = part.trim();
		if (item === '') {
			const { line, column } = entryPosition(field, partStart, part);
			d.add('RAP023', line, column, 'empty entry', 'separate entries with single commas');
			continue;
		}
		const at = scanDelta(item);
		if (at === -1) {
			const { line, column } = entryPosition(field, partStart, part);
			d.add(
				'RAP023',
				line,
				column,
				`cannot read \`${item}\``,
				'write `name +1` or `name -2`, separated by commas'
			);
			continue;
		}
		const nameEnd = Math.floor(at / AMOUNT_AT);
		const amount = Number(item.slice(at % AMOUNT_AT));
		// The catalogue's own string as the key: a freshly sliced one costs a hash lookup each time.
		const index = knownPrefix(known, item, nameEnd);
		if (index === -1) {
			const name = item.slice(0, nameEnd);
			const { line, column } = entryPosition(field, partStart, part);
			d.add(
				unknownCode,
				line,
				column,
				`unknown ${unknownCode === 'RAP006' ? 'principle' : 'meter'} \`${name}\``,
				didYouMean(name, known) ??
					(unknownCode === 'RAP008' && known.length === 0
						? 'declare it under `meters:`'
						: undefined)
			);
			continue;
		}
		const name = known[index];
		if (name in result) {
			const { line, column } = entryPosition(field, partStart, part);
			d.add('RAP023', line, column, `\`${name}\` appears twice`, 'add the amounts together');
			continue;
		}
		result[name] = amount;
		if (seen) seen[index] = 1;
	}
	return result;
}

function readChoice(
	syntax: SyntaxChoice,
	index: number,
	beatId: string,
	context: BuildContext,
	d: Diagnostics
): Choice {
	const f = syntax.fields;
	const tags: string[] = [];
	const tagField = f.tags;
	if (tagField) {
		const value = tagField.value;
		// Read in place, as readDeltas reads its entries.
		for (let start = 0; start <= value.length;) {
			let end = value.indexOf(',', start);
			if (end === -1) end = value.length;
			const part = start === 0 && end === value.length ? value : value.slice(start, end);
			const partStart = start;
			start = end + 1;
			const tag = part.trim();
			if (!tag) continue;
			if (!TAG_SET.has(tag)) {
				const { line, column } = entryPosition(tagField, partStart, part);
				d.add(
					'RAP007',
					line,
					column,
					`unknown tag \`${tag}\``,
					didYouMean(tag, TAGS) ?? 'see the tag list in docs/scenario-format.md'
				);
			} else if (!tags.includes(tag)) tags.push(tag);
		}
	}
	const scores = f.scores ? readDeltas(f.scores, PRINCIPLE_IDS, 'RAP006', d, context.scored) : {};
	const effects = f.effects ? readDeltas(f.effects, context.meters, 'RAP008', d) : {};
	const feedback = f.feedback?.value.trim() ?? '';
	const spoken = syntax.text !== '' || (syntax.target !== '' && f.kind?.value === 'silence');
	if (!feedback && spoken)
		d.add(
			'RAP011',
			syntax.line,
			1,
			'this choice has no feedback',
			'add `feedback:` saying why the response helps or hurts, naming the principle'
		);
	const better = unquote(f.better?.value.trim() ?? '') || undefined;
	let total = 0;
	for (const key in scores) total += scores[key];
	if (total < 0 && !better && spoken)
		d.add(
			'RAP012',
			syntax.line,
			1,
			`this choice scores ${total} in total but offers no better alternative`,
			'add `better: "..."` with a response that would have helped'
		);
	let localId = String(index + 1);
	const idField = f.id;
	if (idField) {
		if (NAME.test(idField.value)) localId = idField.value;
		else
			d.add(
				'RAP022',
				idField.line,
				idField.column,
				`\`${idField.value}\` is not a valid choice id`,
				'use lower-case letters, digits and hyphens'
			);
	}
	const cond = f.if ? readCondition(f.if, context, d) : {};
	const unknownFlag = (name: string) => ({
		code: 'RAP040' as const,
		message: `unknown flag \`${name}\``,
		hint: didYouMean(name, context.flags) ?? 'declare it under `flags:` in the front matter'
	});
	const sets = f.sets ? readNames(f.sets, context.flags, d, unknownFlag) : [];
	const clears = f.clears ? readNames(f.clears, context.flags, d, unknownFlag) : [];
	for (const flag of sets)
		if (!context.setAt.has(flag)) context.setAt.set(flag, wordPosition(f.sets!, flag));
	for (const flag of clears.filter((c) => sets.includes(c)))
		d.add(
			'RAP022',
			f.clears!.line,
			f.clears!.column,
			`this choice both sets and clears \`${flag}\``,
			'keep one of them'
		);
	const meets = f.meets
		? readNames(f.meets, context.critical, d, (name) => ({
				code: 'RAP042',
				message: `unknown critical action \`${name}\``,
				hint:
					didYouMean(name, context.critical) ?? 'declare it under `critical:` in the front matter'
			}))
		: [];
	for (const action of meets) context.metBy.add(action);
	let kind: ChoiceKind = 'speech';
	if (f.kind) {
		if (KINDS.includes(f.kind.value as ChoiceKind)) kind = f.kind.value as ChoiceKind;
		else
			d.add(
				'RAP022',
				f.kind.line,
				f.kind.column,
				`unknown choice kind \`${f.kind.value}\``,
				didYouMean(f.kind.value, KINDS) ?? `kinds are ${KINDS.join(', ')}`
			);
	}
	if (syntax.text === '' && syntax.target !== '' && kind !== 'silence')
		d.add(
			'RAP022',
			syntax.line,
			3,
			'the quoted response is empty',
			'write what the trainee says, or add `kind: silence` for a silence'
		);
	// Optional fields are set afterwards, only when present, so that a choice has no undefined keys.
	const choice: Choice = {
		id: `${beatId}.${localId}`,
		text: syntax.text,
		target: syntax.target,
		tags,
		scores,
		effects,
		feedback,
		sets,
		clears: clears.filter((c) => !sets.includes(c)),
		meets,
		kind,
		verdict: verdictOf(scores),
		line: syntax.line
	};
	if (better) choice.better = better;
	if (cond.condition) {
		choice.condition = cond.condition;
		choice.conditionSource = cond.source;
	}
	return choice;
}

/**
 * Whether a choice already in `choices` has this id. Beats have a handful of choices, so a scan
 * beats making a Set per beat; a beat with very many gets one, so the check stays linear.
 */
function hasId(choices: Choice[], id: string, many: { ids?: Set<string> }): boolean {
	if (choices.length <= 16) {
		for (let j = 0; j < choices.length; j++) if (choices[j].id === id) return true;
		return false;
	}
	if (!many.ids) many.ids = new Set(choices.map((c) => c.id));
	const seen = many.ids.has(id);
	many.ids.add(id);
	return seen;
}

/**
 * Prose paragraphs to blocks, reading each `[if ...]` gate. An `[else if]` or `[else]` must
 * continue a group that an `[if]` opened; `path`: the conditions may read the path (debriefs).
 */
function readProse(
	blocks: SyntaxProse[],
	context: BuildContext,
	d: Diagnostics,
	path: boolean
): ProseBlock[] {
	const out: ProseBlock[] = [];
	let open = false;
	for (const { gate, ...block } of blocks) {
		const result: ProseBlock = block;
		if (gate) {
			if (gate.variant !== 'if' && !open) {
				d.add(
					'RAP045',
					gate.line,
					gate.column,
					`\`[${gate.variant === 'else' ? 'else' : 'else if'}]\` does not follow an \`[if ...]\` paragraph`,
					'start the group of variants with `[if <condition>]`, with no other paragraph between'
				);
				continue;
			}
			open = gate.variant !== 'else';
			result.variant = gate.variant;
			if (gate.condition) {
				const cond = readCondition(gate.condition, context, d, path);
				if (cond.condition) {
					result.condition = cond.condition;
					result.conditionSource = cond.source;
				}
			}
		} else open = false;
		out.push(result);
	}
	return out;
}

/** Markdown of blocks as one text (speakers and cues written back as the author wrote them). */
export function proseText(blocks: ProseBlock[]): string {
	return blocks
		.map((b) =>
			b.kind === 'line'
				? `**${b.speaker}:** ${b.markdown}`
				: b.kind === 'cue'
					? `*${b.markdown}*`
					: b.markdown
		)
		.join('\n\n')
		.trim();
}

export function buildBeats(
	tree: SyntaxTree,
	front: FrontMatter | undefined,
	d: Diagnostics
): { beats: Beat[]; scored: Set<string> } {
	const context = new BuildContext(
		Object.keys(front?.meters ?? {}),
		Object.keys(front?.flags ?? {}),
		Object.keys(front?.critical ?? {})
	);
	const beats: Beat[] = [];
	for (const block of tree.intro)
		if (block.gate)
			d.add(
				'RAP047',
				block.gate.line,
				block.gate.column,
				'the intro cannot be conditional: nothing has happened before the first beat',
				'remove the `[if ...]`, or move the paragraph into a beat'
			);
	const seen = new Map<string, number>();
	for (const syntax of tree.beats) {
		const header = readBeatHeader(syntax, d);
		const first = seen.get(header.id);
		if (first !== undefined) {
			d.add(
				'RAP004',
				syntax.id?.line ?? syntax.line,
				syntax.id?.column ?? 1,
				`beat id \`${header.id}\` is already used`,
				`the first \`${header.id}\` is on line ${first}; give this beat its own \`{#id}\``
			);
		} else seen.set(header.id, syntax.line);

		// Plain loops rather than map/forEach callbacks: no closure per beat.
		const choices: Choice[] = [];
		const many: { ids?: Set<string> } = {};
		for (let i = 0; i < syntax.choices.length; i++) {
			const choice = readChoice(syntax.choices[i], i, header.id, context, d);
			if (hasId(choices, choice.id, many))
				d.add(
					'RAP004',
					syntax.choices[i].line,
					1,
					`choice id \`${choice.id}\` is used twice in this beat`
				);
			choices.push(choice);
		}
		const routes: Route[] = [];
		for (const r of syntax.routes) {
			const route: Route = { target: r.target, line: r.line };
			if (r.condition) {
				const cond = readCondition(r.condition, context, d);
				if (cond.condition) {
					route.condition = cond.condition;
					route.conditionSource = cond.source;
				}
			}
			routes.push(route);
		}

		const kind: Beat['kind'] = header.ending ? 'ending' : choices.length > 0 ? 'decision' : 'route';
		if (header.ending && (choices.length > 0 || routes.length > 0))
			d.add(
				'RAP027',
				(syntax.choices[0] ?? syntax.routes[0]).line,
				1,
				'an ending cannot have choices or routes',
				'remove `.ending` from the heading, or move the choices to another beat'
			);
		if (!header.ending && choices.length > 0 && routes.length > 0)
			d.add(
				'RAP025',
				syntax.routes[0].line,
				1,
				'a beat has either choices or routes, not both',
				'move the routes into a beat of their own'
			);
		if (!header.ending && choices.length === 0 && routes.length === 0)
			d.add(
				'RAP013',
				syntax.line,
				1,
				`beat \`${header.id}\` has no way out`,
				'add choices or `-> beat-id` routes, or mark it `.ending outcome=...`'
			);
		if (kind === 'route' && routes.length > 0) {
			const unconditional = syntax.routes.findIndex((r) => !r.condition);
			if (unconditional === -1)
				d.add(
					'RAP024',
					syntax.routes[syntax.routes.length - 1].line,
					1,
					'every route has a condition, so none may apply',
					'end with an unconditional route such as `-> guarded`'
				);
			else
				for (const later of syntax.routes.slice(unconditional + 1))
					d.add(
						'RAP030',
						later.line,
						1,
						'this route can never be taken: the route above it has no condition',
						'move the unconditional route last'
					);
		}
		if (header.rupture && !choices.some((c) => c.tags.some((t) => REPAIR_TAGS.includes(t))))
			d.add(
				'RAP018',
				syntax.line,
				1,
				`rupture beat \`${header.id}\` offers no choice that turns towards the rupture`,
				'add a choice tagged `address-rupture` or `metacommunication`'
			);

		let debrief: string | undefined;
		let debriefNotes: ProseBlock[] = [];
		let prose = readProse(syntax.prose, context, d, header.ending && !syntax.debrief);
		if (header.ending) {
			// Without a `### Debrief` heading, the ending's prose is its debrief.
			const blocks = syntax.debrief ? readProse(syntax.debrief, context, d, true) : prose;
			if (!syntax.debrief) prose = [];
			debrief = proseText(blocks.filter((b) => !b.variant));
			debriefNotes = blocks.filter((b) => b.variant);
			if (!debrief && debriefNotes.length === 0)
				d.add(
					'RAP017',
					syntax.line,
					1,
					`ending \`${header.id}\` has no debrief text`,
					'add a `### Debrief` section saying what the trainee can learn from this ending'
				);
		}
		// Optional fields are set afterwards, only when present (no undefined keys).
		const beat: Beat = {
			id: header.id,
			title: syntax.title || header.id,
			kind,
			prose,
			choices,
			routes,
			line: syntax.line
		};
		if (header.rupture) beat.rupture = header.rupture;
		if (header.outcome) beat.outcome = header.outcome;
		if (debrief !== undefined) beat.debrief = debrief;
		if (debriefNotes.length > 0) beat.debriefNotes = debriefNotes;
		if (header.fixedOrder) beat.fixedOrder = true;
		beats.push(beat);
	}
	const ruptures = new Set(beats.filter((b) => b.rupture).map((b) => b.id));
	for (const ref of context.ruptureRefs)
		if (!ruptures.has(ref.beat))
			d.add(
				'RAP005',
				ref.line,
				ref.column,
				`no rupture beat has the id \`${ref.beat}\``,
				didYouMean(ref.beat, ruptures) ?? 'name a beat marked `.rupture`'
			);
	for (const [flag, at] of context.setAt)
		if (!context.tested.has(flag))
			d.add(
				'RAP041',
				at.line,
				at.column,
				`flag \`${flag}\` is set but no condition tests it`,
				'test it (`if: has ' + flag + '`, `[if has ' + flag + ']`) or stop setting it'
			);
	// The principles some choice scores, gathered while reading: the listed-but-never-scored
	// check needs them, and a second walk over every choice's scores would cost as much again.
	const scored = new Set<string>();
	for (let i = 0; i < PRINCIPLE_IDS.length; i++)
		if (context.scored[i]) scored.add(PRINCIPLE_IDS[i]);
	return { beats, scored };
}
