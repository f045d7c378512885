import type { PlayState } from '$lib/machines/replay';
import { getPrinciple } from '$lib/scenarios/principles';
import { responseLabel } from '$lib/scenarios/response-label';
import type { ChoiceKind, Verdict } from '$lib/scenarios/types';

export { responseLabel };
import type { BeatView, ChoiceView, ProseView } from '$lib/views';

/**
 * The transcript of a replayed attempt, as the play page shows it. Pure, so the server builds
 * it for the page and the browser builds the same thing the moment a choice is made.
 */

export interface ResponseView {
	step: number;
	choiceId: string;
	text: string;
	kind: ChoiceKind;
	verdict?: Verdict;
	feedbackHtml?: string;
	principles?: { id: string; title: string; delta: number }[];
	better?: string;
	meterChanges?: { meter: string; delta: number }[];
}

export interface TranscriptEntry {
	beat: string;
	title: string;
	kind: 'decision' | 'route' | 'ending';
	rupture?: string;
	prose: ProseView[];
	response?: ResponseView;
}

export function principlesOf(scores: Record<string, number>) {
	return Object.entries(scores).map(([id, delta]) => ({
		id,
		title: getPrinciple(id)?.title ?? id,
		delta
	}));
}

export function choicesById(beats: Record<string, BeatView>): Map<string, ChoiceView> {
	return new Map(Object.values(beats).flatMap((b) => b.choices.map((c) => [c.id, c] as const)));
}

/** `open`: feedback, verdicts and meter changes are shown (practice, or a finished attempt). */
export function transcriptOf(
	beats: Record<string, BeatView>,
	state: PlayState,
	open: boolean
): TranscriptEntry[] {
	const choiceById = choicesById(beats);
	const transcript: TranscriptEntry[] = [];
	let step = 0;
	for (const [i, beatId] of state.path.entries()) {
		const beat = beats[beatId];
		// The machine recorded which conditional blocks showed when the beat was entered.
		const shown = state.visits[i]?.prose;
		const entry: TranscriptEntry = {
			beat: beat.id,
			title: beat.title,
			kind: beat.kind,
			...(beat.rupture && open ? { rupture: beat.rupture } : {}),
			prose: shown ? shown.map((k) => beat.prose[k]) : beat.prose
		};
		const taken = state.steps[step];
		if (beat.kind === 'decision' && taken && taken.beat === beat.id) {
			const choice = choiceById.get(taken.choiceId)!;
			entry.response = {
				step,
				choiceId: choice.id,
				text: choice.text,
				kind: choice.kind,
				...(open
					? {
							verdict: choice.verdict,
							feedbackHtml: choice.feedbackHtml,
							principles: principlesOf(choice.scores),
							...(choice.better ? { better: choice.better } : {}),
							meterChanges: Object.keys(taken.metersAfter)
								.map((meter) => ({
									meter,
									delta: taken.metersAfter[meter] - taken.metersBefore[meter]
								}))
								.filter((m) => m.delta !== 0)
						}
					: {})
			};
			step++;
		}
		transcript.push(entry);
	}
	return transcript;
}

/** The choices offered now, in the order the replay gives (shuffled per attempt, or as written). */
export function currentChoicesOf(beats: Record<string, BeatView>, state: PlayState) {
	if (state.status !== 'active') return null;
	const byId = new Map(beats[state.beat].choices.map((c) => [c.id, c]));
	return {
		beat: state.beat,
		choices: state.available
			.map((id) => byId.get(id)!)
			.map((c) => ({ id: c.id, text: c.text, kind: c.kind, label: responseLabel(c) }))
	};
}
