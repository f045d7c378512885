import { StartError, toMachineConfig } from '$lib/machines/config';
import { replay, ReplayError } from '$lib/machines/replay';
import { createScenarioMachine } from '$lib/machines/scenario-machine';
import { currentChoicesOf, transcriptOf } from '$lib/play/transcript';
import type { PreviewQuery } from '$lib/studio/preview-query';
import { debriefOf, pathMap } from './attempt-view';
import type { PredictionView } from './prediction';
import { passMarkOf, verdictOf } from './pass-mark';
import { studioFile } from './scenario-library';
import { viewScenario } from './scenario-view';
import { resultOf } from './scoring';
import type { PublicUser, Store } from './store';
import { checkSource, draftFor, StudioError } from './studio';

/**
 * The studio's preview: a draft's revision played through the same machine, transcript,
 * feedback and debrief code as the player, from the start or from any beat with meters and
 * flags set by hand. Nothing is stored: a preview is not an attempt and reaches no score,
 * progress or dashboard. The state lives in the page's address (src/lib/studio/preview-query.ts).
 */

export async function previewDraft(
	store: Store,
	user: PublicUser,
	draftId: string,
	query: PreviewQuery
) {
	const draft = await draftFor(store, user, draftId);
	const number = query.revision ?? draft.current;
	const revision = draft.revisions.find((r) => r.number === number);
	if (!revision) throw new StudioError(404, `This draft has no revision ${number}.`);
	const check = checkSource(revision.source, studioFile(draft.scenarioId));
	const base = {
		draft: { id: draft.id, title: draft.title, current: draft.current },
		revision: number,
		errors: check.errors
	};
	if (!check.scenario || !check.analysis)
		return { ...base, scenario: null, setup: null, play: null, problem: null };
	const scenario = check.scenario;
	const view = viewScenario(scenario);
	const setup = {
		beats: scenario.beats.map((b) => ({ id: b.id, title: b.title, kind: b.kind })),
		meters: Object.entries(scenario.meters).map(([name, m]) => ({ name, ...m })),
		flags: Object.entries(scenario.flags).map(([name, meaning]) => ({ name, meaning })),
		start: scenario.start
	};
	const shown = {
		title: scenario.title,
		client: scenario.client,
		id: scenario.id,
		meters: scenario.meters
	};
	let state;
	try {
		const machine = createScenarioMachine(
			toMachineConfig(scenario, {
				...(query.from ? { beat: query.from } : {}),
				meters: query.meters,
				flags: query.flags
			})
		);
		state = replay(machine, query.choices);
	} catch (e) {
		if (e instanceof StartError)
			return {
				...base,
				scenario: shown,
				setup,
				play: null,
				problem: `Cannot start there: ${e.message}.`
			};
		if (e instanceof ReplayError)
			return {
				...base,
				scenario: shown,
				setup,
				play: null,
				problem: `Cannot replay this preview: ${e.message} (the text changed, or the address was edited). Start again.`
			};
		throw e;
	}
	const played = { scenario, analysis: check.analysis, state };
	let debrief = null;
	if (state.status === 'done') {
		const result = resultOf(scenario, played.analysis, state);
		// The one pass rule, with the scenario's own mark (a preview belongs to no assignment).
		const verdict = verdictOf(
			{ status: 'completed', result: result as unknown as Record<string, unknown> },
			passMarkOf(undefined, scenario.pass)
		);
		// An author previewing is not asked to predict the client's rating: it is shown at once.
		const prediction: PredictionView = { state: 'none' };
		debrief = { ...debriefOf(played, result, verdict), prediction, map: await pathMap(played) };
	}
	return {
		...base,
		scenario: shown,
		setup,
		problem: null,
		play: {
			transcript: transcriptOf(view.beats, state, true),
			current: currentChoicesOf(view.beats, state),
			meters: state.meters,
			decisionsMade: state.steps.length,
			debrief
		}
	};
}

export type PreviewData = Awaited<ReturnType<typeof previewDraft>>;
