import type { JsonConfig } from '$lib/machines/config';
import { replay } from '$lib/machines/replay';
import { createScenarioMachine, type ScenarioMachine } from '$lib/machines/scenario-machine';
import type { BeatView } from '$lib/views';
import { currentChoicesOf, transcriptOf } from './transcript';

/**
 * Practice in the browser: the page steps the scenario's own machine locally, so a choice's
 * feedback, the client's next line and the meters show at once, and builds the view with the
 * same functions the server uses. The server still replays and stores every choice; this is
 * only what the page shows while the post is on its way.
 */

export interface LocalPlay {
	config: JsonConfig;
	seed?: string;
	/** The choices the server has recorded (after rewinds), in order. */
	choices: string[];
	/** Every beat, prose already rendered to sanitized HTML on the server. */
	beats: Record<string, BeatView>;
}

export function localMachine(play: LocalPlay): ScenarioMachine {
	return createScenarioMachine(play.config);
}

/** The play view after the recorded choices plus `extra` (choices not saved yet), in order. */
export function localView(machine: ScenarioMachine, play: LocalPlay, extra: readonly string[]) {
	const state = replay(machine, [...play.choices, ...extra], play.seed);
	return {
		done: state.status === 'done',
		transcript: transcriptOf(play.beats, state, true),
		current: currentChoicesOf(play.beats, state),
		meters: state.meters as Record<string, number> | null,
		decisionsMade: state.steps.length
	};
}

export type LocalView = ReturnType<typeof localView>;

export type PostOutcome =
	{ kind: 'saved' } | { kind: 'retry' } | { kind: 'refused'; message: string };

/**
 * Sorts the answer to a background choice post. A network failure, a 5xx or an unreadable
 * answer is worth retrying (the event id makes a repeat harmless); a 4xx refusal is not.
 */
export function outcomeOf(
	result: { type: 'success' | 'failure' | 'error' | 'redirect'; status?: number; data?: unknown },
	fallback: string
): PostOutcome {
	if (result.type === 'success') return { kind: 'saved' };
	if (result.type === 'failure') {
		const message = (result.data as { message?: unknown } | undefined)?.message;
		return { kind: 'refused', message: typeof message === 'string' ? message : fallback };
	}
	if (result.type === 'redirect') return { kind: 'refused', message: fallback };
	if (result.status !== undefined && result.status < 500)
		return { kind: 'refused', message: fallback };
	return { kind: 'retry' };
}

/** Waits before the next retry: doubling from half a second, at most ten seconds. */
export function retryDelay(failures: number): number {
	return Math.min(500 * 2 ** Math.max(0, failures - 1), 10_000);
}
