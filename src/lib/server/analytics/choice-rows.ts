import { PRINCIPLES } from '$lib/scenarios/principles';
import type { Analysis, Scenario } from '$lib/scenarios/types';
import type { Attempt, AttemptEvent } from '../store/types';
import { verdictOf, type PassMark } from '../pass-mark';
import { choiceEvents } from './choice-events';
import { beatOfChoice } from './counted';
import { csvLine } from './csv';

/**
 * The research export: one CSV row per choice event, rewound practice choices included (marked),
 * so a researcher sees what trainees tried as well as what stood. Trainees appear only by their
 * pseudonym. Score deltas get one column per principle in catalogue order, empty when the choice
 * does not score that principle, so files from different scenarios line up.
 */

export const CHOICE_COLUMNS = [
	'cohort',
	'trainee',
	'attempt',
	'mode',
	'scenario',
	'version',
	'seq',
	'beat',
	'choice',
	'rewound',
	'verdict',
	'tags',
	...PRINCIPLES.map((p) => `delta:${p.id}`),
	'time',
	'pass_mark',
	'passed'
] as const;

export function choiceHeader(): string {
	return csvLine(CHOICE_COLUMNS);
}

export function choiceRows(input: {
	cohortId: string;
	pseudonym: string;
	attempt: Attempt;
	events: readonly AttemptEvent[];
	version?: { scenario: Scenario; analysis: Analysis };
	/** The attempt's pass mark, by the one pass rule (pass-mark.ts). */
	mark: PassMark;
}): string {
	const { attempt } = input;
	// The attempt's verdict, repeated on each of its rows; empty until it is finished.
	const verdict = verdictOf(attempt, input.mark);
	let out = '';
	for (const { event, rewound } of choiceEvents(input.events)) {
		const beatId = beatOfChoice(event.choiceId);
		const choice = input.version?.scenario.beats
			.find((b) => b.id === beatId)
			?.choices.find((c) => c.id === event.choiceId);
		out += csvLine([
			input.cohortId,
			input.pseudonym,
			attempt.id,
			attempt.mode,
			attempt.scenarioId,
			attempt.scenarioHash,
			event.seq,
			beatId,
			event.choiceId,
			rewound,
			choice?.verdict ?? '',
			choice?.tags.join(';') ?? '',
			...PRINCIPLES.map((p) => choice?.scores[p.id]),
			event.at,
			input.mark.value,
			verdict ? (verdict.passed ? 'yes' : 'no') : ''
		]);
	}
	return out;
}
