import { CATALOGUE, type CatalogueEntry } from './catalogue';

/**
 * docs/diagnostics.md, made from the catalogue: `npm run docs:diagnostics` writes it, and
 * tests/unit/catalogue.test.ts fails when the file and the catalogue differ.
 */

function fenced(text: string): string {
	return ['```md', text, '```'].join('\n');
}

function section(entry: CatalogueEntry): string {
	return [
		`### ${entry.code}: ${entry.title}`,
		'',
		`${entry.severity === 'error' ? 'Error' : 'Warning'}${entry.content ? ' (content lint: an error with `lint --strict`)' : ''}. ${entry.meaning}`,
		'',
		`**Fix:** ${entry.hint}`,
		'',
		'Wrong:',
		'',
		fenced(entry.wrong),
		'',
		'Right:',
		'',
		fenced(entry.right)
	].join('\n');
}

export function diagnosticsMarkdown(): string {
	const rows = CATALOGUE.map(
		(e: CatalogueEntry) =>
			`| [${e.code}](#${e.code.toLowerCase()}-${e.title
				.toLowerCase()
				.replace(/[^a-z0-9 -]/g, '')
				.replace(/ /g, '-')}) | ${e.severity}${e.content ? ' (content)' : ''} | ${e.title} |`
	);
	return [
		'# Diagnostics',
		'',
		'<!-- Generated from src/lib/scenarios/catalogue.ts by `npm run docs:diagnostics`; edit the catalogue, not this file. -->',
		'',
		'`npm run scenarios -- lint` prints every problem at once as',
		'`file:line:column severity CODE message (hint)`. The codes are stable. **Errors** stop the',
		'scenario from being played; **warnings** let it play but point at something that is probably',
		'wrong. The content lints (RAP050 and up) are warnings about whether a scenario teaches and',
		'measures what it should; `lint --strict`, which the library and CI use, makes them errors.',
		'',
		'| code | severity | problem |',
		'| --- | --- | --- |',
		...rows,
		'',
		...CATALOGUE.map((e: CatalogueEntry) => section(e) + '\n')
	].join('\n');
}
