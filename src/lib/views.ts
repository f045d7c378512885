import type { Beat, Choice, Scenario } from '$lib/scenarios/types';

/** The shapes pages receive: scenario data with prose already rendered to safe HTML. */

export interface ProseView {
	/** `cue`: a non-verbal cue, shown apart from speech. */
	kind: 'narration' | 'line' | 'cue';
	speaker?: string;
	html: string;
}

/** A choice as a page sees it: feedback as safe HTML, the condition only as whether it has one. */
export interface ChoiceView extends Pick<
	Choice,
	'id' | 'text' | 'target' | 'tags' | 'scores' | 'effects' | 'better' | 'verdict' | 'kind'
> {
	feedbackHtml: string;
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
	/** An ending's conditional debrief notes, in order; the attempt's visit says which showed. */
	debriefNotesHtml?: string[];
	/** The choices keep their written order (`.fixed-order`). */
	fixedOrder?: boolean;
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
