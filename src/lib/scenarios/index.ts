import { analyse } from './analyse';
import { buildBeats, proseText } from './build';
import { checkScenario } from './checks';
import { checkDrill } from './drill';
import { Diagnostics } from './diagnostics';
import { readFrontMatter } from './front-matter';
import { parse, type SyntaxTree } from './parse';
import { sha256 } from './sha256';
import type { Beat, CompileResult, Scenario } from './types';

export type * from './types';
export { formatDiagnostic, CODES } from './diagnostics';
export { verdictOf, slugify } from './build';
export { evaluateCondition, parseCondition } from './condition';
export { PRINCIPLES, getPrinciple, SOURCE } from './principles';

/** Larger files are refused outright: no real scenario comes near this. */
export const MAX_BYTES = 1_000_000;

export interface CompileOptions {
	/** Raise the size limit, e.g. for generated benchmark stories. */
	maxBytes?: number;
}

/** A scenario's id: its file name without `.md`. */
export function idFromFile(file: string): string {
	const base = file.split(/[\\/]/).pop() ?? file;
	return base.replace(/\.md$/i, '');
}

/** Decodes bytes strictly: a scenario must be UTF-8 text, not binary. */
function decode(source: string | Uint8Array, d: Diagnostics, maxBytes: number): string | undefined {
	const size = typeof source === 'string' ? source.length : source.byteLength;
	if (size > maxBytes) {
		d.add(
			'RAP021',
			1,
			1,
			`the file is ${size} bytes; a scenario may be at most ${maxBytes}`,
			'split it into several scenarios'
		);
		return undefined;
	}
	let text: string;
	if (typeof source === 'string') text = source;
	else {
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(source);
		} catch {
			d.add('RAP021', 1, 1, 'the file is not UTF-8 text', 'save it as UTF-8 markdown');
			return undefined;
		}
	}
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.includes('\u0000')) {
		d.add(
			'RAP021',
			1,
			1,
			'the file looks binary (it contains NUL bytes)',
			'a scenario is a markdown text file'
		);
		return undefined;
	}
	if (!/\S/.test(text)) {
		d.add('RAP021', 1, 1, 'the file is empty', 'start from the example in docs/scenario-format.md');
		return undefined;
	}
	return text;
}

/** The phases before the analysis: parse, front matter, beats, checks (the graph, prose). */
function buildAndCheck(text: string, d: Diagnostics) {
	const tree: SyntaxTree = parse(text, d);
	const front = tree.frontMatter
		? readFrontMatter(tree.frontMatter.text, tree.frontMatter.firstLine, d)
		: undefined;
	// After a front matter error the meters are not known, and every use of one in the beats would
	// be a false "unknown meter": one slip, one diagnostic (the front matter's says so).
	const metersKnown = front !== undefined && !front.broken.has('meters');
	const built = buildBeats(tree, front, metersKnown ? d : d.skipping(['RAP008']));
	const intro = proseText(tree.intro);
	const graph = checkScenario(tree, front, built, intro, d);
	return { front, beats: built.beats, intro, graph };
}

/**
 * The beats of a text as far as they can be built, errors or not, without the analysis: the
 * studio's map of a draft that does not compile yet (its Problems list has the diagnostics).
 */
export function outlineScenario(source: string, file: string): Beat[] {
	const d = new Diagnostics(file);
	const text = decode(source, d, MAX_BYTES);
	return text === undefined ? [] : buildAndCheck(text, d).beats;
}

/**
 * Text to a checked `Scenario` and its analysis, collecting every problem on the way.
 * Like ink, it returns no scenario when there are errors; warnings leave it usable.
 *
 * The phases, one file each, each reading only what the one before produced: parse.ts (text to
 * a syntax tree with positions) -> front-matter.ts (the YAML header) -> build.ts (the beats of
 * the `Scenario`) -> checks.ts (principles, the beat graph, prose) -> analyse.ts (every state
 * the conditions allow). All of them add to one `Diagnostics` rather than throwing.
 */
export function compileScenario(
	source: string | Uint8Array,
	file: string,
	options: CompileOptions = {}
): CompileResult {
	const d = new Diagnostics(file);
	const text = decode(source, d, options.maxBytes ?? MAX_BYTES);
	if (text === undefined) return { diagnostics: d.sorted() };

	// The syntax tree is let go inside `buildAndCheck`, before the analysis.
	const { front, beats, intro, graph } = buildAndCheck(text, d);
	const hasErrors = d.hasErrors;
	const analysis =
		!hasErrors && graph.order && front
			? analyse(
					beats,
					graph.order.filter((b) => graph.reachable.has(b.id)),
					front,
					d
				)
			: undefined;

	if (front && analysis) checkDrill(front, beats, analysis, d);

	if (d.hasErrors || !front || !analysis) return { diagnostics: d.sorted() };

	const scenario: Scenario = {
		id: idFromFile(file),
		file,
		hash: sha256(text),
		title: front.title,
		summary: front.summary,
		client: front.client,
		difficulty: front.difficulty,
		minutes: front.minutes,
		principles: front.principles,
		meters: front.meters,
		pass: front.pass,
		...(front.setting ? { setting: front.setting } : {}),
		...(front.contentNote ? { contentNote: front.contentNote } : {}),
		...(front.session ? { session: front.session } : {}),
		srs: front.srs,
		ratingStyle: front.ratingStyle,
		flags: front.flags,
		critical: front.critical,
		kind: front.kind,
		...(front.skill ? { skill: front.skill } : {}),
		intro,
		start: beats[0].id,
		beats
	};
	return { scenario, analysis, diagnostics: d.sorted() };
}
