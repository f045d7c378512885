import { renderProse, type ProseMode } from '$lib/scenarios/render';

/**
 * Prose for pages. The compiler has already rendered every prose field of a playable scenario
 * through the same `renderProse`, so these never fail for a lint-clean scenario; they are total
 * all the same, so that one passage that cannot be shown (a version compiled under older rules,
 * a bug in a library) costs that passage, never the page. The failure is logged, and the page
 * shows a fixed sentence in its place.
 */

export const PROSE_FAILED_HTML = '<em class="prose-failed">This passage could not be shown.</em>';

function renderOrMark(markdown: string, mode: ProseMode): string {
	try {
		return renderProse(markdown, mode);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		console.error(
			`[prose] could not show a passage (${markdown.length} characters, starting ${JSON.stringify(markdown.slice(0, 40))}): ${reason}`
		);
		return PROSE_FAILED_HTML;
	}
}

/** Block markdown (paragraphs, lists, quotes): narration, feedback, debriefs, the intro. */
export function renderMarkdown(markdown: string): string {
	return renderOrMark(markdown, 'block');
}

/** Inline markdown (no wrapping paragraph), for client lines. */
export function renderInline(markdown: string): string {
	return renderOrMark(markdown, 'inline');
}
