import { describe, expect, it } from 'vitest';
import { toMachineConfig } from '../../src/lib/machines/config';
import { machineForScenario } from '../../src/lib/machines/scenario-machine';
import { replay } from '../../src/lib/machines/replay';
import { currentChoicesOf, transcriptOf } from '../../src/lib/play/transcript';
import {
	localMachine,
	localView,
	outcomeOf,
	retryDelay,
	type LocalPlay
} from '../../src/lib/play/local';
import { viewScenario } from '../../src/lib/server/scenario-view';
import { libraryScenarios } from '../scenarios/walk';

// The play page steps practice in the browser from the JSON config shipped in the page data
// (after a JSON round trip, as the page gets it): what it shows must be exactly what the server
// builds from its own machine for the same choices.

describe('practice stepped in the browser', () => {
	for (const { name, result } of libraryScenarios()) {
		it(`${name}: the local view equals the server's after each choice`, () => {
			const scenario = result.scenario!;
			const seed = 'seed-1234';
			const beats = viewScenario(scenario).beats;
			const play: LocalPlay = JSON.parse(
				JSON.stringify({ config: toMachineConfig(scenario), seed, choices: [], beats })
			);
			const local = localMachine(play);
			const server = machineForScenario(scenario);
			const taken: string[] = [];
			for (let step = 0; step < 40; step++) {
				const state = replay(server, taken, seed);
				const view = localView(local, play, taken);
				expect(view.transcript).toEqual(transcriptOf(beats, state, true));
				expect(view.current).toEqual(currentChoicesOf(beats, state));
				expect(view.meters).toEqual(state.meters);
				expect(view.decisionsMade).toBe(taken.length);
				expect(view.done).toBe(state.status === 'done');
				if (state.status === 'done') break;
				// Always the last offered: a path the shuffled order picks, different per scenario.
				taken.push(state.available[state.available.length - 1]);
			}
		});
	}
});

describe('background post outcomes', () => {
	it('retries what may not have arrived and gives up on a refusal', () => {
		expect(outcomeOf({ type: 'success', status: 200 }, 'x')).toEqual({ kind: 'saved' });
		expect(outcomeOf({ type: 'error' }, 'x')).toEqual({ kind: 'retry' });
		expect(outcomeOf({ type: 'error', status: 503 }, 'x')).toEqual({ kind: 'retry' });
		expect(outcomeOf({ type: 'error', status: 404 }, 'x')).toEqual({
			kind: 'refused',
			message: 'x'
		});
		expect(
			outcomeOf({ type: 'failure', status: 409, data: { message: 'out of date' } }, 'x')
		).toEqual({ kind: 'refused', message: 'out of date' });
		expect(outcomeOf({ type: 'redirect', status: 303 }, 'x')).toEqual({
			kind: 'refused',
			message: 'x'
		});
	});

	it('backs off from half a second, doubling, to at most ten seconds', () => {
		expect([1, 2, 3, 4, 5, 6, 7].map(retryDelay)).toEqual([
			500, 1000, 2000, 4000, 8000, 10_000, 10_000
		]);
	});
});
