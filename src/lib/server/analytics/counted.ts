import type { Analysis, Scenario } from '$lib/scenarios/types';
import type { AttemptFacts, SlimResult } from './trainee-facts';

/**
 * Which attempts the cohort figures count. Assessment attempts by default: they are played
 * without feedback or rewinds, so they show what a trainee does on their own. Practice attempts
 * can be added ("all"); a practice attempt counts by the path that stood at its end (rewound
 * choices are left out), as its score does.
 */
export type AttemptScope = 'assessment' | 'all';

export function scopeFrom(value: string | null | undefined): AttemptScope {
	return value === 'all' ? 'all' : 'assessment';
}

/**
 * A completed attempt with its stored result, not reset and not a "what if" replay: the only kind
 * the figures count.
 */
export type ScoredAttempt = AttemptFacts & { result: SlimResult };

export function isScored(attempt: AttemptFacts): attempt is ScoredAttempt {
	return attempt.status === 'completed' && !!attempt.result && !attempt.voided && !attempt.whatIf;
}

export function counts(attempt: AttemptFacts, scope: AttemptScope): attempt is ScoredAttempt {
	return isScored(attempt) && (scope === 'all' || attempt.mode === 'assessment');
}

/** The scenario and analysis of one version, or undefined when this process has never seen it. */
export type VersionLookup = (
	hash: string
) => { scenario: Scenario; analysis: Analysis } | undefined;

/** `beat.choice` -> `beat`: beat ids never contain a dot (docs/scenario-format.md). */
export function beatOfChoice(choiceId: string): string {
	const dot = choiceId.indexOf('.');
	return dot < 0 ? choiceId : choiceId.slice(0, dot);
}
