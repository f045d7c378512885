import { effectiveChoices, replay, ReplayError } from '$lib/machines/replay';
import { machineForScenario, type ScenarioMachine } from '$lib/machines/scenario-machine';
import { responseLabel } from '$lib/scenarios/build';
import { getPrinciple } from '$lib/scenarios/principles';
import type { Verdict } from '$lib/scenarios/types';
import { verdictOf, type PassMark, type PassVerdict } from '../pass-mark';
import { viewScenario } from '../scenario-view';
import type { AttemptResult } from '../scoring';
import type { Attempt, AttemptEvent } from '../store/types';
import { choiceEvents } from './choice-events';
import { beatOfChoice, type VersionLookup } from './counted';

/**
 * One attempt as an instructor reviews it: the path the trainee took, replayed on the version
 * they played (so it reads correctly after the file changed), and the feedback they were shown.
 * In practice every choice shows its feedback at once, rewound ones included; an assessment shows
 * none until the debrief, where the trainee sees it for every choice on their path.
 */

export type FeedbackShown = 'during-play' | 'at-debrief' | 'not-yet';

export interface FeedbackSeen {
	seq: number;
	at: string;
	beat: string;
	beatTitle: string;
	rupture?: string;
	choiceId: string;
	text: string;
	rewound: boolean;
	shown: FeedbackShown;
	verdict?: Verdict;
	feedbackHtml?: string;
	better?: string;
	principles?: { id: string; title: string; delta: number }[];
}

export interface AttemptHistory {
	id: string;
	scenarioId: string;
	title: string;
	hash: string;
	versionKnown: boolean;
	/** False when the scenario file has changed since this attempt was played. */
	current: boolean;
	mode: Attempt['mode'];
	status: Attempt['status'];
	startedAt: string;
	completedAt?: string;
	assignmentId?: string;
	score: number | null;
	/** By the one pass rule (pass-mark.ts); null until the attempt is finished. */
	verdict: PassVerdict | null;
	ending: { id: string; title: string; outcome: string } | null;
	path: { id: string; title: string; kind: string; rupture?: string }[];
	feedback: FeedbackSeen[];
	reflection: string;
	/** Reset by an instructor: still listed, counted nowhere. */
	reset?: { at: string; reason: string };
	/** Why the path could not be shown, if it could not. */
	problem?: string;
}

const machines = new Map<string, ScenarioMachine>();

export function attemptHistory(
	attempt: Attempt,
	events: readonly AttemptEvent[],
	lookup: VersionLookup,
	currentHash: string | undefined,
	mark: PassMark
): AttemptHistory {
	const version = lookup(attempt.scenarioHash);
	const result = attempt.result as AttemptResult | undefined;
	const base: AttemptHistory = {
		id: attempt.id,
		scenarioId: attempt.scenarioId,
		title: version?.scenario.title ?? attempt.scenarioId,
		hash: attempt.scenarioHash,
		versionKnown: !!version,
		current: attempt.scenarioHash === currentHash,
		mode: attempt.mode,
		status: attempt.status,
		startedAt: attempt.startedAt,
		...(attempt.completedAt ? { completedAt: attempt.completedAt } : {}),
		...(attempt.assignmentId ? { assignmentId: attempt.assignmentId } : {}),
		score: result?.normalised ?? null,
		verdict: verdictOf(attempt, mark) ?? null,
		ending: null,
		path: [],
		feedback: [],
		reflection: attempt.reflection ?? '',
		...(attempt.voided ? { reset: { at: attempt.voided.at, reason: attempt.voided.reason } } : {})
	};
	if (!version)
		return {
			...base,
			problem: 'The scenario version this attempt was played on is not available to this server.'
		};

	const view = viewScenario(version.scenario);
	let machine = machines.get(version.scenario.hash);
	if (!machine) {
		machine = machineForScenario(version.scenario);
		machines.set(version.scenario.hash, machine);
	}
	try {
		const state = replay(machine, effectiveChoices(events));
		base.path = state.path.map((id) => {
			const beat = view.beats[id];
			return {
				id,
				title: beat?.title ?? id,
				kind: beat?.kind ?? 'decision',
				...(beat?.rupture ? { rupture: beat.rupture } : {})
			};
		});
		if (state.status === 'done' && state.output) {
			const ending = view.beats[state.output.ending];
			base.ending = {
				id: state.output.ending,
				title: ending?.title ?? state.output.ending,
				outcome: state.output.outcome
			};
		}
	} catch (error) {
		if (!(error instanceof ReplayError)) throw error;
		base.problem = 'This attempt’s record does not fit its scenario version.';
	}

	const shownAs = (): FeedbackShown =>
		attempt.mode === 'practice'
			? 'during-play'
			: attempt.status === 'completed'
				? 'at-debrief'
				: 'not-yet';
	base.feedback = choiceEvents(events).map(({ event, rewound }) => {
		const beat = view.beats[beatOfChoice(event.choiceId)];
		const choice = beat?.choices.find((c) => c.id === event.choiceId);
		const shown = shownAs();
		return {
			seq: event.seq,
			at: event.at,
			beat: beat?.id ?? beatOfChoice(event.choiceId),
			beatTitle: beat?.title ?? beatOfChoice(event.choiceId),
			...(beat?.rupture ? { rupture: beat.rupture } : {}),
			choiceId: event.choiceId,
			// As the player showed it: speech in quotes, a silence or an action in brackets.
			text: choice ? responseLabel(choice) : event.choiceId,
			rewound,
			shown,
			...(choice && shown !== 'not-yet'
				? {
						verdict: choice.verdict,
						feedbackHtml: choice.feedbackHtml,
						...(choice.better ? { better: choice.better } : {}),
						principles: Object.entries(choice.scores).map(([id, delta]) => ({
							id,
							title: getPrinciple(id)?.title ?? id,
							delta
						}))
					}
				: {})
		};
	});
	return base;
}
