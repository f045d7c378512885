import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * The one way scenario prose becomes HTML, shared by the compiler (which renders every prose
 * field it will serve, so that a lint-clean scenario never fails to render) and the pages
 * (through `$lib/server/markdown`, which never throws). marked passes raw HTML and
 * `javascript:` links through, so its output always goes through this allow-list; pages show
 * the result with the single `{@html}` in `$lib/components/Prose.svelte`. Only server code and
 * the compiler import it, which keeps the sanitizer out of the browser bundle.
 */

/**
 * How deeply rendered prose may nest elements (a quote in a list item in emphasis...). Real
 * prose stays under ten; marked's recursion overflows the stack somewhere past a thousand, and
 * a page renders with less stack to spare than the compiler, so the limit leaves a wide margin.
 */
export const MAX_PROSE_DEPTH = 32;

export type ProseMode = 'block' | 'inline';

/** Prose that cannot be shown: it nests too deeply, or the renderer itself failed. */
export class ProseRenderError extends Error {
	constructor(
		readonly reason: 'too-deep' | 'failed',
		message: string
	) {
		super(message);
		this.name = 'ProseRenderError';
	}
}

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED: sanitizeHtml.IOptions = {
	allowedTags: [
		'p',
		'em',
		'strong',
		'a',
		'ul',
		'ol',
		'li',
		'blockquote',
		'code',
		'pre',
		'br',
		'h3',
		'h4',
		'del'
	],
	allowedAttributes: { a: ['href', 'title', 'rel'] },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'discard',
	// Drop the contents of dangerous elements, not just the tags.
	nonTextTags: [
		'script',
		'style',
		'textarea',
		'option',
		'noscript',
		'title',
		'svg',
		'math',
		'iframe',
		'object',
		'template'
	],
	transformTags: {
		a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' })
	}
};

const TAG = /<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g;

/**
 * The deepest element nesting in sanitized HTML. A plain tag scan is exact here: the sanitizer
 * balances every tag, and escapes `<` and `>` in text and attribute values.
 */
export function nestingDepth(html: string): number {
	let depth = 0;
	let deepest = 0;
	for (const match of html.matchAll(TAG)) {
		if (match[2] === 'br') continue;
		if (match[1]) depth--;
		else if (++depth > deepest) deepest = depth;
	}
	return deepest;
}

/**
 * Characters that can open an element: block markers (`>`, list bullets, `#`, setext `=`/`-`,
 * fences), inline delimiters (`*`, `_`, `~`, backticks, `[`) and raw HTML or autolinks (`<`);
 * a `.` or `)` after a digit counts too (`1.` starts a list). Every nested element but the
 * innermost two (a paragraph and a bare link, or `pre` and `code`) needs one of these, and a
 * list marker makes two (the list and its item).
 */
function isMarkup(code: number): boolean {
	switch (code) {
		case 0x3e: // >
		case 0x2a: // *
		case 0x5f: // _
		case 0x7e: // ~
		case 0x5b: // [
		case 0x3c: // <
		case 0x60: // `
		case 0x23: // #
		case 0x3d: // =
		case 0x2b: // +
		case 0x2d: // -
			return true;
		default:
			return false;
	}
}

const DOT = 0x2e;
const PAREN = 0x29;

/** Prose with at most this many markup characters nests at most 2 + 2 × 15 = 32 deep. */
const SAFE_MARKUP = (MAX_PROSE_DEPTH - 2) >> 1;

function isDigit(code: number): boolean {
	return code >= 0x30 && code <= 0x39;
}

/**
 * True when prose has so little markup that it cannot nest deeper than MAX_PROSE_DEPTH, and so
 * cannot run marked out of stack either. Most prose is like this, and the compiler renders only
 * the rest: one render costs about 100 microseconds, mostly the sanitizer, which is too much for
 * every field of a 10,000-beat story.
 */
export function shallowByConstruction(markdown: string): boolean {
	let count = 0;
	for (let i = 0; i < markdown.length; i++) {
		const code = markdown.charCodeAt(i);
		const markup =
			isMarkup(code) ||
			((code === DOT || code === PAREN) && i > 0 && isDigit(markdown.charCodeAt(i - 1)));
		if (markup && ++count > SAFE_MARKUP) return false;
	}
	return true;
}

/**
 * Markdown to sanitized HTML; `inline` leaves out the wrapping paragraph (client lines).
 * Throws `ProseRenderError` when the prose cannot be shown; never anything else.
 */
export function renderProse(markdown: string, mode: ProseMode = 'block'): string {
	let html: string;
	try {
		const raw = mode === 'inline' ? marked.parseInline(markdown) : marked.parse(markdown);
		html = sanitizeHtml(raw as string, ALLOWED);
	} catch (error) {
		// In practice a stack overflow in marked's recursive descent on very deep nesting.
		throw new ProseRenderError(
			'failed',
			error instanceof RangeError
				? 'it nests too deeply for the markdown renderer'
				: `the markdown renderer failed: ${(error as Error)?.message ?? String(error)}`
		);
	}
	const depth = nestingDepth(html);
	if (depth > MAX_PROSE_DEPTH)
		throw new ProseRenderError(
			'too-deep',
			`it nests ${depth} levels deep, more than the ${MAX_PROSE_DEPTH} allowed`
		);
	return html;
}
