/**
 * `compileScenario` without its input size cap.
 *
 * compileScenario refuses files over MAX_BYTES (1 MB, RAP021), but the benchmark's 2,000- and
 * 10,000-beat stories are about 2 MB and 10 MB. This runs the same stages in the same order as
 * src/lib/scenarios/index.ts; tests/unit/bench-generate.test.ts checks that it returns exactly
 * what compileScenario returns for stories under the cap. Delete it once compileScenario takes
 * a size option.
 */

import { analyse } from '../src/lib/scenarios/analyse';
import { buildBeats } from '../src/lib/scenarios/build';
import { Diagnostics } from '../src/lib/scenarios/diagnostics';
import { readFrontMatter } from '../src/lib/scenarios/front-matter';
import { checkGraph } from '../src/lib/scenarios/graph';
import { parse } from '../src/lib/scenarios/parse';
import { sha256 } from '../src/lib/scenarios/sha256';
import type { CompileResult, Scenario } from '../src/lib/scenarios/types';

export function compileUncapped(source: string, file: string): CompileResult {
	const d = new Diagnostics(file);
	const text = source.replace(/^\uFEFF/, '');
	const tree = parse(text, d);
	const front = tree.frontMatter
		? readFrontMatter(tree.frontMatter.text, tree.frontMatter.firstLine, d)
		: undefined;
	const beats = buildBeats(tree, front, d);

	if (front) {
		const scored = new Set(beats.flatMap((b) => b.choices.flatMap((c) => Object.keys(c.scores))));
		for (const p of front.principles) {
			if (!scored.has(p)) {
				const pos = front.positions.get(`principles.${p}`)!;
				d.add(
					'RAP020',
					pos.line,
					pos.column,
					`principle \`${p}\` is listed but no choice scores it`,
					`score it in some choice (\`scores: ${p} +1\`) or remove it from the list`
				);
			}
		}
	}

	const graph = checkGraph(beats, tree, d);
	const analysis =
		!d.hasErrors && graph.order && front
			? analyse(
					beats,
					graph.order.filter((b) => graph.reachable.has(b.id)),
					front.meters,
					front.principles,
					d
				)
			: undefined;
	if (d.hasErrors || !front || !analysis) return { diagnostics: d.sorted() };

	const scenario: Scenario = {
		id: file.replace(/^.*[\\/]/, '').replace(/\.md$/i, ''),
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
		intro: tree.intro
			.map((b) => (b.kind === 'line' ? `**${b.speaker}:** ${b.markdown}` : b.markdown))
			.join('\n\n'),
		start: beats[0].id,
		beats
	};
	return { scenario, analysis, diagnostics: d.sorted() };
}
