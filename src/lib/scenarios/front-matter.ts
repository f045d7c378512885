import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';
import type { Diagnostics } from './diagnostics';
import { didYouMean } from './diagnostics';
import { PRINCIPLE_IDS } from './principles';
import type {
	Client,
	CriticalAction,
	Meter,
	RatingStyle,
	ScenarioHeader,
	ScenarioKind,
	SrsLine
} from './types';

/** Front matter checked and typed; positions kept so later passes can point at a key. */
export interface FrontMatter extends ScenarioHeader {
	/** line/column of each top-level key and of each principle entry. */
	positions: Map<string, { line: number; column: number }>;
	/**
	 * Fields that could not be read in full, after an error said so. Checks that depend on them
	 * are skipped (see index.ts), so that one slip gives one diagnostic.
	 */
	broken: Set<'meters'>;
}

/** Said by every error that leaves the meters unknown. */
const METERS_SKIPPED = 'meters used in the beats are not checked until this is fixed';

const KNOWN_KEYS = [
	'title',
	'summary',
	'client',
	'difficulty',
	'minutes',
	'principles',
	'meters',
	'pass',
	'setting',
	'content_note',
	'session',
	'srs',
	'rating_style',
	'flags',
	'critical',
	'kind',
	'skill'
];
const REQUIRED = ['title', 'summary', 'client', 'difficulty', 'minutes', 'principles'];
const SRS_LINES: SrsLine[] = ['relationship', 'goals', 'approach', 'overall'];
const RATING_STYLES: RatingStyle[] = ['candid', 'deferential', 'guarded'];
const KINDS: ScenarioKind[] = ['scenario', 'drill'];
export const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A `{ start, min, max }` map: a meter, wherever it was written. */
function looksLikeMeter(node: unknown): boolean {
	if (!isMap(node)) return false;
	const keys = node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
	return ['start', 'min', 'max'].every((k) => keys.includes(k));
}

export function readFrontMatter(
	text: string,
	firstLine: number,
	diagnostics: Diagnostics
): FrontMatter | undefined {
	const counter = new LineCounter();
	let doc;
	try {
		doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
	} catch (error) {
		diagnostics.add(
			'RAP001',
			firstLine,
			1,
			`the front matter cannot be read: ${String(error)}; ${METERS_SKIPPED}`
		);
		return undefined;
	}
	const at = (offset: number | undefined) => {
		const pos = counter.linePos(offset ?? 0);
		return { line: firstLine + pos.line - 1, column: pos.col };
	};
	for (const error of doc.errors) {
		const pos = at(error.pos[0]);
		diagnostics.add(
			'RAP001',
			pos.line,
			pos.column,
			`${error.message.split('\n')[0]}; the front matter is not read, and ${METERS_SKIPPED}`,
			'check the indentation and that values with `:` or `#` are quoted'
		);
	}
	if (doc.errors.length > 0) return undefined;

	const root = doc.contents;
	if (!isMap(root)) {
		diagnostics.add(
			'RAP001',
			firstLine,
			1,
			`the front matter must be a set of \`key: value\` lines; ${METERS_SKIPPED}`
		);
		return undefined;
	}
	const positions = new Map<string, { line: number; column: number }>();
	const pairs = new Map<string, Pair>();
	const broken = new Set<'meters'>();
	for (const pair of root.items) {
		const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
		const pos = at((pair.key as Node | null)?.range?.[0]);
		positions.set(key, pos);
		pairs.set(key, pair);
		if (!KNOWN_KEYS.includes(key) && looksLikeMeter(pair.value)) {
			broken.add('meters');
			diagnostics.add(
				'RAP008',
				pos.line,
				pos.column,
				`\`${key}\` looks like a meter but is not under \`meters:\`; ${METERS_SKIPPED}`,
				'indent it by two spaces under `meters:`'
			);
		} else if (!KNOWN_KEYS.includes(key)) {
			diagnostics.add(
				'RAP029',
				pos.line,
				pos.column,
				`unknown front matter key \`${key}\``,
				didYouMean(key, KNOWN_KEYS) ?? `known keys are ${KNOWN_KEYS.join(', ')}`
			);
		}
	}
	const end = { line: firstLine + Math.max(0, text.split('\n').length - 1), column: 1 };
	// A top-level key indented under `client:` is one slip: say so at its line, instead of a
	// missing field at the top and an unknown client field.
	const misplaced = new Set<string>();
	const clientNode = pairs.get('client')?.value;
	if (isMap(clientNode))
		for (const pair of clientNode.items) {
			const key = isScalar(pair.key) ? String(pair.key.value) : '';
			if (!KNOWN_KEYS.includes(key) || pairs.has(key)) continue;
			misplaced.add(key);
			const pos = at((pair.key as Node | null)?.range?.[0]);
			diagnostics.add(
				'RAP002',
				pos.line,
				pos.column,
				`\`${key}\` is indented under \`client:\`, so the front matter has no \`${key}\``,
				`start \`${key}:\` at the beginning of its line`
			);
		}
	for (const key of REQUIRED) {
		if (!pairs.has(key) && !misplaced.has(key))
			diagnostics.add(
				'RAP002',
				firstLine - 1,
				1,
				`the front matter has no \`${key}\``,
				`add \`${key}:\` to the front matter`
			);
	}
	const data = root.toJSON() as Record<string, unknown>;
	const valueAt = (key: string) => {
		const pair = pairs.get(key);
		const node = pair?.value as Node | null | undefined;
		return node?.range ? at(node.range[0]) : (positions.get(key) ?? end);
	};
	const bad = (key: string, message: string, hint?: string) => {
		const pos = valueAt(key);
		diagnostics.add('RAP003', pos.line, pos.column, message, hint);
	};
	const text_ = (key: string, required: boolean): string | undefined => {
		const value = data[key];
		if (value === undefined || value === null) return undefined;
		if (typeof value !== 'string' || value.trim() === '') {
			bad(key, `\`${key}\` must be ${required ? 'non-empty ' : ''}text`);
			return undefined;
		}
		return value.trim();
	};

	const title = text_('title', true) ?? '';
	const summary = text_('summary', true) ?? '';
	const setting = text_('setting', false);
	const contentNote = text_('content_note', false);
	const session = text_('session', false);

	let client: Client = { name: '' };
	if (data.client !== undefined) {
		const c = data.client as Record<string, unknown>;
		if (typeof c !== 'object' || c === null || Array.isArray(c)) {
			bad('client', '`client` must be a map such as `{ name: Maya, age: 24 }`');
		} else {
			if (typeof c.name !== 'string' || c.name.trim() === '')
				bad('client', '`client` needs a `name`', 'add `name: ...` to the client');
			else client = { name: c.name.trim() };
			if (c.age !== undefined) {
				if (!Number.isInteger(c.age) || (c.age as number) < 1 || (c.age as number) > 120)
					bad('client', '`client.age` must be a whole number of years');
				else client.age = c.age as number;
			}
			for (const key of ['pronouns', 'background'] as const) {
				if (c[key] === undefined) continue;
				if (typeof c[key] !== 'string') bad('client', `\`client.${key}\` must be text`);
				else client[key] = (c[key] as string).trim();
			}
			for (const key of Object.keys(c))
				if (!['name', 'age', 'pronouns', 'background'].includes(key) && !misplaced.has(key))
					bad('client', `unknown client field \`${key}\``, 'use name, age, pronouns, background');
		}
	}

	let difficulty: 1 | 2 | 3 = 1;
	if (data.difficulty !== undefined) {
		if (data.difficulty === 1 || data.difficulty === 2 || data.difficulty === 3)
			difficulty = data.difficulty;
		else bad('difficulty', '`difficulty` must be 1, 2 or 3');
	}

	let minutes = 0;
	if (data.minutes !== undefined) {
		if (
			Number.isInteger(data.minutes) &&
			(data.minutes as number) > 0 &&
			(data.minutes as number) <= 240
		)
			minutes = data.minutes as number;
		else bad('minutes', '`minutes` must be a whole number between 1 and 240');
	}

	let pass = 70;
	if (data.pass !== undefined) {
		if (typeof data.pass === 'number' && data.pass >= 0 && data.pass <= 100) pass = data.pass;
		else bad('pass', '`pass` must be a percentage from 0 to 100');
	}

	const principles: string[] = [];
	if (data.principles !== undefined) {
		const node = pairs.get('principles')?.value;
		if (!isSeq(node) || node.items.length === 0) {
			bad(
				'principles',
				'`principles` must be a non-empty list such as `[safe-space, i-statements]`'
			);
		} else {
			for (const item of node.items) {
				const pos = at((item as Node).range?.[0]);
				const id = isScalar(item) ? String(item.value) : '';
				if (!PRINCIPLE_IDS.includes(id)) {
					diagnostics.add(
						'RAP006',
						pos.line,
						pos.column,
						`unknown principle \`${id}\``,
						didYouMean(id, PRINCIPLE_IDS) ?? 'see the principle list in docs/scenario-format.md'
					);
				} else if (principles.includes(id)) {
					diagnostics.add('RAP004', pos.line, pos.column, `principle \`${id}\` is listed twice`);
				} else {
					principles.push(id);
					positions.set(`principles.${id}`, pos);
				}
			}
		}
	}

	const meters: Record<string, Meter> = {};
	if (data.meters !== undefined && data.meters !== null) {
		const node = pairs.get('meters')?.value;
		if (!isMap(node)) {
			broken.add('meters');
			bad('meters', `\`meters\` must map names to \`{ start, min, max }\`; ${METERS_SKIPPED}`);
		} else {
			for (const pair of node.items) {
				const name = isScalar(pair.key) ? String(pair.key.value) : '';
				const pos = at((pair.key as Node | null)?.range?.[0]);
				const value = (pair.value as Node | null)?.toJSON() as Record<string, unknown> | null;
				if (!validName(name, 'meter name', pos, diagnostics, `; ${METERS_SKIPPED}`)) {
					broken.add('meters');
					continue;
				}
				const nums = ['start', 'min', 'max'].map((k) => value?.[k]);
				if (!value || typeof value !== 'object' || nums.some((n) => !Number.isInteger(n))) {
					broken.add('meters');
					diagnostics.add(
						'RAP003',
						pos.line,
						pos.column,
						`meter \`${name}\` needs whole-number \`start\`, \`min\` and \`max\`; ${METERS_SKIPPED}`,
						'for example `trust: { start: 2, min: 0, max: 5 }`'
					);
					continue;
				}
				const [start, min, max] = nums as number[];
				if (min > max) {
					broken.add('meters');
					diagnostics.add(
						'RAP010',
						pos.line,
						pos.column,
						`meter \`${name}\` has min ${min} above max ${max}; ${METERS_SKIPPED}`
					);
					continue;
				}
				if (start < min || start > max) {
					broken.add('meters');
					diagnostics.add(
						'RAP010',
						pos.line,
						pos.column,
						`meter \`${name}\` starts at ${start}, outside its range ${min}..${max}; ${METERS_SKIPPED}`,
						`set start between ${min} and ${max}`
					);
					continue;
				}
				meters[name] = { start, min, max };
				positions.set(`meters.${name}`, pos);
			}
		}
	}

	const allMeters = Object.keys(meters);
	const srs = Object.fromEntries(SRS_LINES.map((l) => [l, allMeters])) as Record<SrsLine, string[]>;
	if (data.srs !== undefined) {
		const value = data.srs as Record<string, unknown>;
		if (typeof value !== 'object' || value === null || Array.isArray(value)) {
			bad('srs', '`srs` must map rating lines to lists of meters');
		} else {
			for (const [line, list] of Object.entries(value)) {
				if (!SRS_LINES.includes(line as SrsLine)) {
					bad('srs', `unknown rating line \`${line}\``, `use ${SRS_LINES.join(', ')}`);
					continue;
				}
				if (!Array.isArray(list) || list.length === 0 || list.some((m) => typeof m !== 'string')) {
					bad('srs', `\`srs.${line}\` must be a non-empty list of meter names`);
					continue;
				}
				for (const m of list as string[]) {
					if (!(m in meters) && !broken.has('meters')) {
						const pos = valueAt('srs');
						diagnostics.add(
							'RAP008',
							pos.line,
							pos.column,
							`unknown meter \`${m}\` in \`srs.${line}\``,
							didYouMean(m, allMeters)
						);
					}
				}
				srs[line as SrsLine] = list as string[];
			}
		}
	}

	let ratingStyle: RatingStyle = 'candid';
	if (data.rating_style !== undefined) {
		if (RATING_STYLES.includes(data.rating_style as RatingStyle))
			ratingStyle = data.rating_style as RatingStyle;
		else
			bad(
				'rating_style',
				`unknown rating style \`${String(data.rating_style)}\``,
				`use ${RATING_STYLES.join(', ')}`
			);
	}

	let kind: ScenarioKind = 'scenario';
	if (data.kind !== undefined) {
		if (KINDS.includes(data.kind as ScenarioKind)) kind = data.kind as ScenarioKind;
		else bad('kind', `unknown kind \`${String(data.kind)}\``, `use ${KINDS.join(' or ')}`);
	}
	const skill = readSkill(kind, data.skill, principles, valueAt, diagnostics);

	const flags = readFlags(pairs.get('flags')?.value, at, diagnostics, positions);
	const critical = readCritical(pairs.get('critical')?.value, pass, at, diagnostics, positions);

	return {
		title,
		summary,
		flags,
		critical,
		client,
		difficulty,
		minutes,
		principles,
		meters,
		pass,
		setting,
		contentNote,
		session,
		srs,
		ratingStyle,
		kind,
		...(skill ? { skill } : {}),
		positions,
		broken
	};
}

/**
 * `skill:` the one principle a drill trains (RAP048): required on a drill, one of the principles
 * it lists, and meaningless on a scenario, which trains several.
 */
function readSkill(
	kind: ScenarioKind,
	value: unknown,
	principles: string[],
	valueAt: (key: string) => { line: number; column: number },
	diagnostics: Diagnostics
): string | undefined {
	const pos = valueAt(kind === 'drill' && value === undefined ? 'kind' : 'skill');
	const fail = (message: string, hint?: string) => {
		diagnostics.add('RAP048', pos.line, pos.column, message, hint);
		return undefined;
	};
	if (kind !== 'drill') {
		if (value !== undefined)
			fail('`skill` is for drills only', 'add `kind: drill`, or remove `skill`');
		return undefined;
	}
	if (value === undefined || value === null)
		return fail(
			'a drill needs a `skill`: the one principle it trains',
			'for example `skill: repair-ruptures`'
		);
	const id = String(value);
	if (!PRINCIPLE_IDS.includes(id))
		return fail(
			`unknown skill \`${id}\``,
			didYouMean(id, PRINCIPLE_IDS) ?? 'a skill is a principle id: see docs/scenario-format.md'
		);
	if (!principles.includes(id))
		return fail(`the skill \`${id}\` is not in \`principles\``, `add \`${id}\` to \`principles\``);
	return id;
}

/** Whether `name` is lower-case letters, digits and hyphens; RAP003 at `pos` when not. */
function validName(
	name: string,
	what: string,
	pos: { line: number; column: number },
	diagnostics: Diagnostics,
	/** Appended to the message, e.g. what is skipped because of this slip. */
	consequence = ''
): boolean {
	if (NAME.test(name)) return true;
	diagnostics.add(
		'RAP003',
		pos.line,
		pos.column,
		`${what} \`${name}\` must be lower-case letters, digits and hyphens${consequence}`
	);
	return false;
}

type At = (offset: number | undefined) => { line: number; column: number };
type Positions = Map<string, { line: number; column: number }>;

/** `flags:` a list of names, or names mapped to what each means. */
function readFlags(
	node: unknown,
	at: At,
	diagnostics: Diagnostics,
	positions: Positions
): Record<string, string> {
	const flags: Record<string, string> = {};
	if (node === undefined || node === null) return flags;
	const entries: { key: Node | null; value: unknown }[] = isSeq(node)
		? node.items.map((item) => ({ key: item as Node, value: undefined }))
		: isMap(node)
			? node.items.map((pair) => ({ key: pair.key as Node | null, value: pair.value }))
			: [];
	if (entries.length === 0 && !isSeq(node) && !isMap(node)) {
		const pos = at((node as Node).range?.[0]);
		diagnostics.add(
			'RAP003',
			pos.line,
			pos.column,
			'`flags` must be a list of names, or names mapped to what each means',
			'for example `flags: [minimised-risk]`'
		);
		return flags;
	}
	for (const { key, value } of entries) {
		const pos = at(key?.range?.[0]);
		const name = isScalar(key) ? String(key.value) : '';
		if (!validName(name, 'flag name', pos, diagnostics)) continue;
		if (name in flags) {
			diagnostics.add('RAP004', pos.line, pos.column, `flag \`${name}\` is declared twice`);
			continue;
		}
		const meaning = isScalar(value) && typeof value.value === 'string' ? value.value.trim() : '';
		if (value !== undefined && value !== null && !meaning) {
			diagnostics.add(
				'RAP003',
				pos.line,
				pos.column,
				`flag \`${name}\` must map to text saying what it means`,
				'for example `minimised-risk: You played down what she said about risk`'
			);
		}
		flags[name] = meaning;
		positions.set(`flags.${name}`, pos);
	}
	return flags;
}

/** `critical:` ids mapped to `{ title, cap }`; the cap must lie below the pass mark. */
function readCritical(
	node: unknown,
	pass: number,
	at: At,
	diagnostics: Diagnostics,
	positions: Positions
): Record<string, CriticalAction> {
	const critical: Record<string, CriticalAction> = {};
	if (node === undefined || node === null) return critical;
	if (!isMap(node)) {
		const pos = at((node as Node).range?.[0]);
		diagnostics.add(
			'RAP003',
			pos.line,
			pos.column,
			'`critical` must map action ids to `{ title, cap }`',
			'for example `ask-about-risk: { title: Ask directly about risk, cap: 50 }`'
		);
		return critical;
	}
	for (const pair of node.items) {
		const pos = at((pair.key as Node | null)?.range?.[0]);
		const id = isScalar(pair.key) ? String(pair.key.value) : '';
		if (!validName(id, 'critical action id', pos, diagnostics)) continue;
		const value = (pair.value as Node | null)?.toJSON() as Record<string, unknown> | null;
		const title = value && typeof value === 'object' ? value.title : undefined;
		const cap = value && typeof value === 'object' ? value.cap : undefined;
		if (typeof title !== 'string' || title.trim() === '' || !Number.isInteger(cap)) {
			diagnostics.add(
				'RAP003',
				pos.line,
				pos.column,
				`critical action \`${id}\` needs a \`title\` and a whole-number \`cap\``,
				'for example `ask-about-risk: { title: Ask directly about risk, cap: 50 }`'
			);
			continue;
		}
		if ((cap as number) < 0 || (cap as number) >= pass) {
			diagnostics.add(
				'RAP003',
				pos.line,
				pos.column,
				`critical action \`${id}\` caps the score at ${cap as number}, not below the pass mark ${pass}`,
				`a missed critical action must fail the attempt: set \`cap\` between 0 and ${Math.max(0, pass - 1)}`
			);
			continue;
		}
		critical[id] = { title: title.trim(), cap: cap as number };
		positions.set(`critical.${id}`, pos);
	}
	return critical;
}
