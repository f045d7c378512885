import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * The one way scenario prose becomes HTML. marked passes raw HTML and `javascript:` links
 * through, so its output always goes through this allow-list; pages show the result with the
 * single `{@html}` in `$lib/components/Prose.svelte`. It runs on the server only, which keeps
 * the sanitizer out of the browser bundle.
 */

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

export function renderMarkdown(markdown: string): string {
	return sanitizeHtml(marked.parse(markdown) as string, ALLOWED);
}

/** Inline markdown (no wrapping paragraph), for client lines and choice text. */
export function renderInline(markdown: string): string {
	return sanitizeHtml(marked.parseInline(markdown) as string, ALLOWED);
}
