import type { Diagnostics } from './diagnostics';
import type { FrontMatter } from './front-matter';
import type { Analysis, Beat } from './types';

/** The most decisions a drill may ask on any path: one hard moment, and perhaps its sequel. */
export const DRILL_DECISIONS = 2;

/**
 * What makes a file a drill rather than a short scenario, checked once the paths are known: it
 * is short (RAP049), and every decision trains its one skill (RAP055), so the drill's result is a
 * fair measure of that skill and nothing else. The skill itself is read with the front matter
 * (RAP048).
 */
export function checkDrill(
	front: FrontMatter,
	beats: Beat[],
	analysis: Analysis,
	d: Diagnostics
): void {
	if (front.kind !== 'drill' || !front.skill) return;
	const kindAt = front.positions.get('kind') ?? { line: 1, column: 1 };
	if (analysis.longestPath > DRILL_DECISIONS)
		d.add(
			'RAP049',
			kindAt.line,
			kindAt.column,
			`a drill asks at most ${DRILL_DECISIONS} decisions on a path; this one's longest path asks ${analysis.longestPath}`,
			'keep the one hard moment and its sequel; make the rest a scenario'
		);
	if (front.minutes > 1) {
		const at = front.positions.get('minutes') ?? kindAt;
		d.add(
			'RAP049',
			at.line,
			at.column,
			`a drill takes a minute; this one says \`minutes: ${front.minutes}\``,
			'set `minutes: 1`, and shorten the drill if it needs more'
		);
	}
	const reachable = new Set(analysis.reachable);
	for (const beat of beats) {
		if (beat.kind !== 'decision' || !reachable.has(beat.id)) continue;
		if (beat.choices.some((c) => (c.scores[front.skill!] ?? 0) > 0)) continue;
		d.add(
			'RAP055',
			beat.line,
			1,
			`no choice at \`${beat.id}\` scores the drill's skill \`${front.skill}\` above zero`,
			`score the response that shows the skill \`${front.skill} +1\` or more, and the tempting ones below zero`
		);
	}
}
