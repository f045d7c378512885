import { ratingGap } from '$lib/scenarios/score';
import { getPrinciple } from '$lib/scenarios/principles';
import {
	choicesById,
	currentChoicesOf,
	principlesOf,
	responseLabel,
	transcriptOf
} from '$lib/play/transcript';
import { markPath } from '$lib/scenarios/map';
import { versionMap } from './scenario-library';
import { toMachineConfig } from '$lib/machines/config';
import type { LocalPlay } from '$lib/play/local';
import type { Verdict } from '$lib/scenarios/types';
import type { LoadedAttempt } from './attempts';
import type { PassVerdict } from './pass-mark';
import { viewScenario } from './scenario-view';
import { isWhatIf } from './programmes/status';
import type { AttemptResult } from './scoring';
import { predictionView } from './prediction';

export type { ResponseView, TranscriptEntry } from '$lib/play/transcript';

/**
 * What the play page and the debrief show, built from a replayed attempt. Feedback, verdicts
 * and meters are left out while an assessment is running, so they are not even in the page data.
 */

export interface DecisionReview {
	step: number;
	beatTitle: string;
	rupture?: string;
	/** As the player shows it: speech in quotes, a silence or an action in brackets. */
	chosen: string;
	verdict: Verdict;
	feedbackHtml: string;
	principles: { id: string; title: string; delta: number }[];
	better?: string;
	/** True when `better` is the best-scoring other choice rather than the author's suggestion. */
	betterFromChoices?: boolean;
}

/** One decision named in the debrief's summary, linked to its place in the decision list. */
export interface Highlight {
	step: number;
	beatTitle: string;
	chosen: string;
	/** The principles it moved, in the direction that earned it its place in the list. */
	principles: { id: string; title: string; delta: number }[];
	better?: string;
}

const choiceTotal = (c: { scores: Record<string, number> }) =>
	Object.values(c.scores).reduce((a, b) => a + b, 0);

/**
 * The best choice at a decision: the highest total score on offer (the first written, on a tie).
 * The debrief's "stronger option" and the typed response's comparison both use it.
 */
export function bestChoiceOf<C extends { scores: Record<string, number> }>(
	choices: readonly C[]
): C | undefined {
	return [...choices].sort((a, b) => choiceTotal(b) - choiceTotal(a))[0];
}

const SUMMARY_SIZE = 3;
const totalOf = (d: DecisionReview) => d.principles.reduce((sum, p) => sum + p.delta, 0);

/**
 * What went well (the strongest helpful decisions) and what to work on (the weakest others,
 * worst first), three at most each, so the debrief opens with what a supervisor would say first.
 */
export function highlightsOf(decisions: readonly DecisionReview[]): {
	wentWell: Highlight[];
	workOn: Highlight[];
} {
	const pick = (d: DecisionReview, sign: 1 | -1): Highlight => ({
		step: d.step,
		beatTitle: d.beatTitle,
		chosen: d.chosen,
		principles: d.principles.filter((p) => Math.sign(p.delta) === sign),
		...(sign === -1 && d.better ? { better: d.better } : {})
	});
	const wentWell = decisions
		.filter((d) => d.verdict === 'helpful')
		.sort((a, b) => totalOf(b) - totalOf(a) || a.step - b.step)
		.slice(0, SUMMARY_SIZE)
		.map((d) => pick(d, 1));
	const workOn = decisions
		.filter((d) => d.verdict !== 'helpful')
		.sort((a, b) => totalOf(a) - totalOf(b) || a.step - b.step)
		.slice(0, SUMMARY_SIZE)
		.map((d) => pick(d, -1));
	return { wentWell, workOn };
}

/** A path played through a scenario's machine: an attempt replayed, or a studio preview. */
export type PlayedPath = Pick<LoadedAttempt, 'scenario' | 'analysis' | 'state'>;

const titleOf = (view: ReturnType<typeof viewScenario>, beat: string) =>
	view.beats[beat]?.title ?? beat;

/**
 * What the path did, generated from the replay: each rupture and whether and when it was
 * repaired, each critical action met or missed (and where it could have been met), and the
 * memory flags that were set and so changed the story.
 */
export function pathSummary(loaded: PlayedPath) {
	const { scenario, analysis, state } = loaded;
	const view = viewScenario(scenario);
	return {
		ruptures: state.ruptures.map((r) => ({
			beat: r.beat,
			title: titleOf(view, r.beat),
			handled: r.handled,
			...(r.repairedAt ? { repairedAt: titleOf(view, r.repairedAt) } : {})
		})),
		critical: Object.entries(scenario.critical).map(([id, action]) => ({
			id,
			title: action.title,
			cap: action.cap,
			met: state.met.includes(id),
			where: (analysis.critical?.[id]?.beats ?? []).map((b) => titleOf(view, b))
		})),
		flags: state.flags.map((name) => ({ name, meaning: scenario.flags[name] || name }))
	};
}

/**
 * The debrief of a finished path: the ending, what the path did, the result and verdict, each
 * decision with its feedback and a better alternative. `result` comes from `resultOf`.
 */
export function debriefOf(played: PlayedPath, result: AttemptResult, verdict?: PassVerdict) {
	const { scenario, state } = played;
	const view = viewScenario(scenario);
	const choiceById = choicesById(view.beats);
	const ending = view.beats[state.beat];
	const decisions: DecisionReview[] = state.steps.map((s, i) => {
		const beat = view.beats[s.beat];
		const choice = choiceById.get(s.choiceId)!;
		const best = bestChoiceOf(beat.choices);
		const suggestion =
			choice.better ??
			(choice.verdict !== 'helpful' &&
			best &&
			best.id !== choice.id &&
			choiceTotal(best) > choiceTotal(choice)
				? best.text
				: undefined);
		return {
			step: i,
			beatTitle: beat.title,
			...(beat.rupture ? { rupture: beat.rupture } : {}),
			chosen: responseLabel(choice),
			verdict: choice.verdict,
			feedbackHtml: choice.feedbackHtml,
			principles: principlesOf(choice.scores),
			...(suggestion ? { better: suggestion, betterFromChoices: !choice.better } : {})
		};
	});
	const notes = state.visits[state.visits.length - 1]?.notes ?? [];
	return {
		ending: {
			id: ending.id,
			title: ending.title,
			outcome: ending.outcome ?? '',
			html: ending.debriefHtml ?? '',
			notesHtml: notes.map((k) => ending.debriefNotesHtml?.[k] ?? '')
		},
		summary: pathSummary(played),
		result,
		rating: {
			style: scenario.ratingStyle,
			felt: result.felt?.overall ?? null,
			gap: ratingGap(result.rating, result.felt) ?? null
		},
		verdict: verdict ?? null,
		principles: Object.entries(result.principles).map(([id, p]) => ({
			id,
			title: getPrinciple(id)?.title ?? id,
			...p
		})),
		decisions,
		...highlightsOf(decisions),
		path: state.path,
		choices: state.steps.map((s) => s.choiceId)
	};
}

/**
 * `verdict` comes from the one pass rule (`attemptVerdict` in pass-mark.ts). `viewerId` is who is
 * looking: the trainee who played it is asked to predict the client's rating before seeing it.
 */
export function attemptView(loaded: LoadedAttempt, verdict?: PassVerdict, viewerId?: string) {
	const { attempt, scenario, state } = loaded;
	const view = viewScenario(scenario);
	const open = attempt.mode === 'practice' || attempt.status === 'completed';
	const transcript = transcriptOf(view.beats, state, open);
	const current = currentChoicesOf(view.beats, state);

	let debrief = null;
	if (attempt.status === 'completed' && state.status === 'done') {
		const prediction = predictionView(attempt, viewerId);
		const stored = attempt.result as unknown as AttemptResult;
		// Until the trainee predicts (or skips), the client's rating is not even in the page data.
		const pending = prediction.state === 'pending';
		const result: AttemptResult = pending
			? { ...stored, rating: hiddenRating(stored), felt: undefined }
			: stored;
		const played = debriefOf(loaded, result, verdict);
		debrief = {
			...played,
			rating: { ...played.rating, gap: pending ? null : played.rating.gap },
			prediction
		};
	}

	return {
		attempt: {
			id: attempt.id,
			mode: attempt.mode,
			status: attempt.status,
			startedAt: attempt.startedAt,
			completedAt: attempt.completedAt,
			reflection: attempt.reflection ?? '',
			parentAttemptId: attempt.parentAttemptId,
			branchFromStep: attempt.branchFromStep,
			whatIf: isWhatIf(attempt),
			drill: attempt.drill === true
		},
		scenario: {
			id: view.id,
			title: view.title,
			client: view.client,
			pass: view.pass,
			meters: open ? view.meters : {},
			contentNote: view.contentNote
		},
		meters: open ? state.meters : null,
		transcript,
		current,
		decisionsMade: state.steps.length,
		/**
		 * The most decisions any path through this version asks for (the analysis's longest
		 * path). Many paths are shorter, so the page says "about"; never fewer than the decision
		 * in hand.
		 */
		decisionsAbout: Math.max(loaded.analysis.longestPath, state.steps.length + 1),
		nextSeq: loaded.events.length + 1,
		eventId: crypto.randomUUID(),
		stale: !loaded.current && attempt.status === 'active',
		debrief,
		local: localPlayOf(loaded, view)
	};
}

/** The rating's lines, each blank: what a pending prediction's page holds in their place. */
function hiddenRating(result: AttemptResult): AttemptResult['rating'] {
	return Object.fromEntries(
		Object.keys(result.rating).map((line) => [line, null])
	) as AttemptResult['rating'];
}

/**
 * What the browser needs to step a practice attempt itself (src/lib/play/local.ts): the
 * machine's JSON config, the seed and choices so far, and the beats already rendered to
 * sanitized HTML, so no markdown renderer or sanitizer ships. Practice only: an assessment's
 * feedback must not reach the page before the debrief. The server still replays every post.
 */
function localPlayOf(
	loaded: LoadedAttempt,
	view: ReturnType<typeof viewScenario>
): LocalPlay | null {
	const { attempt, scenario, state } = loaded;
	if (attempt.mode !== 'practice' || attempt.status !== 'active' || state.status !== 'active')
		return null;
	if (!loaded.current) return null;
	return {
		config: toMachineConfig(scenario),
		seed: attempt.choiceSeed,
		choices: state.steps.map((s) => s.choiceId),
		beats: view.beats
	};
}

/**
 * The attempt page's data: the view, and for a debrief the scenario map laid out on the server
 * (ELK is asynchronous), so the page draws plain coordinates, with or without JavaScript.
 */
export async function attemptPage(loaded: LoadedAttempt, verdict?: PassVerdict, viewerId?: string) {
	const view = attemptView(loaded, verdict, viewerId);
	if (!view.debrief) return { ...view, debrief: null };
	return { ...view, debrief: { ...view.debrief, map: await pathMap(loaded) } };
}

/** The scenario's map (laid out once per version) with this path marked on it. */
export async function pathMap(played: PlayedPath) {
	return markPath(await versionMap(played.scenario), {
		path: played.state.path,
		decisions: played.state.steps.map((s) => s.beat)
	});
}

export type AttemptPageData = Awaited<ReturnType<typeof attemptPage>>;
