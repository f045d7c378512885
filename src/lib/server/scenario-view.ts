import { renderInline, renderMarkdown } from './markdown';
import { getPrinciple } from '$lib/scenarios/principles';
import { proseText } from '$lib/scenarios/build';
import type { Analysis, Beat, Scenario } from '$lib/scenarios/types';
import type { BeatView, ScenarioSummary, ScenarioView } from '$lib/views';

export type { BeatView, ChoiceView, ProseView, ScenarioSummary, ScenarioView } from '$lib/views';

/**
 * Scenario data as pages need it: every prose field rendered to sanitized HTML once per
 * scenario version. Pages never see markdown, and the sanitizer never ships to the browser.
 */

const cache = new Map<string, ScenarioView>();

export function summarise(scenario: Scenario): ScenarioSummary {
	return {
		id: scenario.id,
		hash: scenario.hash,
		title: scenario.title,
		summary: scenario.summary,
		client: scenario.client,
		difficulty: scenario.difficulty,
		minutes: scenario.minutes,
		principles: scenario.principles.map((id) => ({ id, title: getPrinciple(id)?.title ?? id })),
		...(scenario.setting ? { setting: scenario.setting } : {}),
		...(scenario.contentNote ? { contentNote: scenario.contentNote } : {}),
		...(scenario.session ? { session: scenario.session } : {})
	};
}

function beatView(beat: Beat): BeatView {
	return {
		id: beat.id,
		title: beat.title,
		kind: beat.kind,
		...(beat.rupture ? { rupture: beat.rupture } : {}),
		...(beat.outcome ? { outcome: beat.outcome } : {}),
		prose: beat.prose.map((p) => ({
			kind: p.kind,
			...(p.speaker ? { speaker: p.speaker } : {}),
			html: p.kind === 'narration' ? renderMarkdown(p.markdown) : renderInline(p.markdown)
		})),
		...(beat.debrief !== undefined ? { debriefHtml: renderMarkdown(beat.debrief) } : {}),
		...(beat.debriefNotes
			? { debriefNotesHtml: beat.debriefNotes.map((n) => renderMarkdown(proseText([n]))) }
			: {}),
		...(beat.fixedOrder ? { fixedOrder: true } : {}),
		choices: beat.choices.map((c) => ({
			id: c.id,
			text: c.text,
			target: c.target,
			tags: c.tags,
			scores: c.scores,
			effects: c.effects,
			feedbackHtml: renderMarkdown(c.feedback),
			...(c.better ? { better: c.better } : {}),
			verdict: c.verdict,
			kind: c.kind,
			conditional: c.condition !== undefined
		}))
	};
}

export function viewScenario(scenario: Scenario): ScenarioView {
	let view = cache.get(scenario.hash);
	if (!view) {
		view = {
			...summarise(scenario),
			introHtml: renderMarkdown(scenario.intro),
			meters: scenario.meters,
			pass: scenario.pass,
			start: scenario.start,
			beats: Object.fromEntries(scenario.beats.map((b) => [b.id, beatView(b)])),
			order: scenario.beats.map((b) => b.id)
		};
		cache.set(scenario.hash, view);
	}
	return view;
}

export type { Analysis };
