import { renderInline, renderMarkdown } from './markdown';
import { getPrinciple } from '$lib/scenarios/principles';
import type { Analysis, Beat, Scenario, Verdict } from '$lib/scenarios/types';

/**
 * Scenario data as pages need it: every prose field rendered to sanitized HTML once per
 * scenario version. Pages never see markdown, and the sanitizer never ships to the browser.
 */

export interface ProseView {
	kind: 'narration' | 'line';
	speaker?: string;
	html: string;
}

export interface ChoiceView {
	id: string;
	text: string;
	target: string;
	tags: string[];
	scores: Record<string, number>;
	effects: Record<string, number>;
	feedbackHtml: string;
	better?: string;
	verdict: Verdict;
	conditional: boolean;
}

export interface BeatView {
	id: string;
	title: string;
	kind: Beat['kind'];
	rupture?: string;
	outcome?: string;
	prose: ProseView[];
	debriefHtml?: string;
	choices: ChoiceView[];
}

export interface ScenarioSummary {
	id: string;
	hash: string;
	title: string;
	summary: string;
	client: Scenario['client'];
	difficulty: number;
	minutes: number;
	principles: { id: string; title: string }[];
	setting?: string;
	contentNote?: string;
	session?: string;
}

export interface ScenarioView extends ScenarioSummary {
	introHtml: string;
	meters: Scenario['meters'];
	pass: number;
	start: string;
	beats: Record<string, BeatView>;
	order: string[];
}

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
			html: p.kind === 'line' ? renderInline(p.markdown) : renderMarkdown(p.markdown)
		})),
		...(beat.debrief !== undefined ? { debriefHtml: renderMarkdown(beat.debrief) } : {}),
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
