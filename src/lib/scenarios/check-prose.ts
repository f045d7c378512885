import type { Diagnostics } from './diagnostics';
import type { SyntaxTree } from './parse';
import {
	MAX_PROSE_DEPTH,
	ProseRenderError,
	renderProse,
	shallowByConstruction,
	type ProseMode
} from './render';
import type { Beat, ProseBlock } from './types';

/**
 * Checks every prose field the pages will show, exactly as they will show it (the same strings
 * through the same `renderProse`), and reports each one that cannot be shown (RAP032). This is
 * what makes "a lint-clean scenario never fails to render" true. A field with too little markup
 * to nest past the limit is not rendered here (`shallowByConstruction`): it cannot fail.
 */

interface ProseField {
	what: string;
	markdown: string;
	mode: ProseMode;
	line: number;
	column: number;
	/** For fields joined from several paragraphs: the paragraphs, to say which one is at fault. */
	blocks?: ProseBlock[];
}

const HINT = `nest quotes, lists, emphasis and links at most ${MAX_PROSE_DEPTH} levels deep in all`;

/** A paragraph as it appears in a joined field (a client line gets its speaker back). */
function blockSource(block: ProseBlock): string {
	return block.kind === 'line' ? `**${block.speaker}:** ${block.markdown}` : block.markdown;
}

function failure(markdown: string, mode: ProseMode): ProseRenderError | undefined {
	try {
		renderProse(markdown, mode);
		return undefined;
	} catch (error) {
		if (error instanceof ProseRenderError) return error;
		throw error;
	}
}

function check(field: ProseField, d: Diagnostics) {
	if (shallowByConstruction(field.markdown)) return;
	const error = failure(field.markdown, field.mode);
	if (!error) return;
	let { line, column } = field;
	let reason = error.message;
	// A joined field fails as a whole; point at the first paragraph that fails on its own.
	for (const block of field.blocks ?? []) {
		const own = failure(blockSource(block), field.mode);
		if (own) {
			line = block.line;
			column = 1;
			reason = own.message;
			break;
		}
	}
	d.add('RAP032', line, column, `this ${field.what} cannot be shown: ${reason}`, HINT);
}

/**
 * `beats` are built from `tree.beats`, one for one and in order; `intro` is the scenario's
 * intro as served (its paragraphs joined).
 */
export function checkProse(tree: SyntaxTree, beats: Beat[], intro: string, d: Diagnostics): void {
	if (intro)
		check(
			{
				what: 'introduction',
				markdown: intro,
				mode: 'block',
				line: tree.intro[0]?.line ?? 1,
				column: 1,
				blocks: tree.intro
			},
			d
		);
	for (let i = 0; i < beats.length; i++) {
		const beat = beats[i];
		const syntax = tree.beats[i];
		for (const block of beat.prose) {
			const line = block.kind === 'line';
			check(
				{
					what: line ? 'client line' : 'narration',
					markdown: block.markdown,
					mode: line ? 'inline' : 'block',
					line: block.line,
					column: 1
				},
				d
			);
		}
		for (const note of beat.debriefNotes ?? []) {
			check(
				{
					what: 'debrief note',
					markdown: note.markdown,
					mode: 'block',
					line: note.line,
					column: 1
				},
				d
			);
		}
		if (beat.debrief) {
			const blocks = syntax?.debrief ?? syntax?.prose ?? [];
			check(
				{
					what: 'debrief',
					markdown: beat.debrief,
					mode: 'block',
					line: blocks[0]?.line ?? beat.line,
					column: 1,
					blocks
				},
				d
			);
		}
		for (let j = 0; j < beat.choices.length; j++) {
			const choice = beat.choices[j];
			if (!choice.feedback) continue;
			const at = syntax?.choices[j]?.fields.feedback;
			check(
				{
					what: 'feedback',
					markdown: choice.feedback,
					mode: 'block',
					line: at?.line ?? choice.line,
					column: at?.column ?? 1
				},
				d
			);
		}
	}
}
