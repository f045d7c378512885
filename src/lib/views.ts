import type { Beat, Scenario, Verdict } from '$lib/scenarios/types';

/** The shapes pages receive: scenario data with prose already rendered to safe HTML. */

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
