import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveChoices, replay } from '../../../src/lib/machines/replay';
import { machineForScenario } from '../../../src/lib/machines/scenario-machine';
import { normalise } from '../../../src/lib/scenarios/score';
import {
	AttemptError,
	branch,
	choose,
	loadAttempt,
	reflect,
	REFLECTION_LIMIT,
	rewind,
	startAttempt
} from '../../../src/lib/server/attempts';
import {
	currentEntries,
	findScenario,
	resetScenarioLibrary
} from '../../../src/lib/server/scenario-library';
import { resultOf } from '../../../src/lib/server/scoring';
import { getStore } from '../../../src/lib/server/store';
import { dirs, makeUser, tinyScenario, writeScenario, refusal } from './setup';

/**
 * The attempt service end to end without HTTP: every refusal is an AttemptError with the status
 * the route turns into a 4xx, and a refused operation leaves the stored events as they were.
 */

let counter = 0;
const eventId = () => `test-event-${++counter}-${Math.random().toString(36).slice(2, 10)}`;

async function eventsOf(attemptId: string) {
	return (await getStore()).listEvents(attemptId);
}

/** A library scenario's meters as it starts. */
function startMeters(id: string): Record<string, number> {
	const { meters } = findScenario(id)!.scenario;
	return Object.fromEntries(Object.entries(meters).map(([name, m]) => [name, m.start]));
}

describe('start and choose', () => {
	it('starts an attempt on the current version and records a valid choice', async () => {
		const user = await makeUser('ana');
		const attempt = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		expect(attempt).toMatchObject({
			userId: user.id,
			scenarioId: 'coat-still-on',
			mode: 'practice',
			status: 'active',
			scenarioHash: findScenario('coat-still-on')!.scenario.hash
		});
		const state = await choose(await getStore(), user, attempt.id, {
			choiceId: 'opening.hand-over',
			eventId: eventId(),
			seq: '1'
		});
		expect(state.beat).toBe('confidentiality');
		// The hand-over raises trust and openness by one each from where the scenario starts.
		const start = startMeters('coat-still-on');
		expect(state.meters).toEqual({
			...start,
			trust: start.trust + 1,
			openness: start.openness + 1
		});
		const events = await eventsOf(attempt.id);
		expect(events.map((e) => [e.seq, e.type, e.choiceId])).toEqual([
			[1, 'choice', 'opening.hand-over']
		]);
		const loaded = await loadAttempt(await getStore(), user, attempt.id);
		expect(loaded.state.beat).toBe('confidentiality');
		expect(loaded.current).toBe(true);
	});

	it('refuses an unknown scenario with 404', async () => {
		const user = await makeUser('ana');
		expect(
			(await refusal(startAttempt(await getStore(), user, 'no-such-scenario', 'practice'))).status
		).toBe(404);
	});

	it('refuses a choice that is not offered, or one from another beat, with 400', async () => {
		const user = await makeUser('ana');
		const attempt = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		for (const choiceId of ['opening.no-such-choice', 'wary.own-it', '', 'opening']) {
			const error = await refusal(
				choose(await getStore(), user, attempt.id, { choiceId, eventId: eventId() })
			);
			expect(error.status, choiceId).toBe(400);
		}
		expect(await eventsOf(attempt.id)).toEqual([]);
	});

	it('refuses a malformed event id with 400', async () => {
		const user = await makeUser('ana');
		const attempt = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		for (const id of ['', 'short', 'x'.repeat(65), 'has spaces in it', '../../etc/passwd']) {
			const error = await refusal(
				choose(await getStore(), user, attempt.id, { choiceId: 'opening.hand-over', eventId: id })
			);
			expect(error.status, id).toBe(400);
		}
		expect(await eventsOf(attempt.id)).toEqual([]);
	});

	it('refuses a stale seq with 409 and a nonsense seq with 400', async () => {
		const user = await makeUser('ana');
		const attempt = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'opening.hand-over',
			eventId: eventId(),
			seq: '1'
		});
		// A second tab still showing the opening posts seq 1 again.
		const stale = await refusal(
			choose(await getStore(), user, attempt.id, {
				choiceId: 'confidentiality.explain-limits',
				eventId: eventId(),
				seq: '1'
			})
		);
		expect(stale.status).toBe(409);
		const ahead = await refusal(
			choose(await getStore(), user, attempt.id, {
				choiceId: 'confidentiality.explain-limits',
				eventId: eventId(),
				seq: '5'
			})
		);
		expect(ahead.status).toBe(409);
		for (const seq of ['0', '-1', '1.5', 'two']) {
			const error = await refusal(
				choose(await getStore(), user, attempt.id, {
					choiceId: 'confidentiality.explain-limits',
					eventId: eventId(),
					seq
				})
			);
			expect(error.status, seq).toBe(400);
		}
		expect(await eventsOf(attempt.id)).toHaveLength(1);
	});

	it('records the same event id once, even when posted again or concurrently', async () => {
		const user = await makeUser('ana');
		const attempt = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		const id = eventId();
		const input = { choiceId: 'opening.hand-over', eventId: id, seq: '1' };
		const store = await getStore();
		const states = await Promise.all(
			Array.from({ length: 10 }, () => choose(store, user, attempt.id, input))
		);
		for (const state of states) expect(state.beat).toBe('confidentiality');
		// A retry after the attempt moved on answers with where it is now, and records nothing.
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'confidentiality.explain-limits',
			eventId: eventId(),
			seq: '2'
		});
		const retried = await choose(await getStore(), user, attempt.id, input);
		expect(retried.beat).toBe('last-time');
		const events = await eventsOf(attempt.id);
		expect(events.map((e) => e.id)).toEqual([id, expect.any(String)]);
		expect(events.filter((e) => e.id === id)).toHaveLength(1);
	});

	it('lets concurrent different choices on one attempt land exactly once', async () => {
		const user = await makeUser('ana');
		const attempt = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		const ids = ['opening.hand-over', 'opening.real-chance', 'opening.what-things'];
		const store = await getStore();
		// Each post carries the seq its page showed, as the play form does: whichever lands
		// second finds the attempt moved on, on every store and however the requests interleave.
		const outcomes = await Promise.allSettled(
			ids.map((choiceId) =>
				choose(store, user, attempt.id, { choiceId, eventId: eventId(), seq: '1' })
			)
		);
		const accepted = outcomes.filter((o) => o.status === 'fulfilled');
		expect(accepted).toHaveLength(1);
		for (const o of outcomes)
			if (o.status === 'rejected') expect((o.reason as AttemptError).status).toBe(409);
		expect(await eventsOf(attempt.id)).toHaveLength(1);
	});
});

/** The tiny folder scenario played to its end, returning the finished attempt's id. */
async function finishTiny(
	user: Awaited<ReturnType<typeof makeUser>>,
	mode: 'practice' | 'assessment'
) {
	await writeScenario('tiny', tinyScenario());
	const attempt = await startAttempt(await getStore(), user, 'tiny', mode);
	await choose(await getStore(), user, attempt.id, { choiceId: 'start.warm', eventId: eventId() });
	await choose(await getStore(), user, attempt.id, {
		choiceId: 'middle.childhood',
		eventId: eventId()
	});
	return attempt.id;
}

describe('ending an attempt', () => {
	it('stores a result equal to recomputing it by replay, and to the path’s own sums', async () => {
		const user = await makeUser('ana');
		const attemptId = await finishTiny(user, 'assessment');
		const stored = (await (await getStore()).getAttempt(attemptId))!;
		expect(stored.status).toBe('completed');
		expect(stored.completedAt).toBeTruthy();

		const { scenario, analysis } = findScenario('tiny')!;
		const events = await eventsOf(attemptId);
		const recomputed = resultOf(
			scenario,
			analysis,
			replay(machineForScenario(scenario), effectiveChoices(events))
		);
		expect(stored.result).toEqual(recomputed);

		// An oracle that does not use the machine: warm (+2 safe-space, trust 2), childhood
		// (-1 listen-carefully, trust 1), so the route ends at `meh`.
		expect(analysis.total).toEqual({ min: -2, max: 3 });
		expect(stored.result).toMatchObject({
			ending: 'meh',
			outcome: 'stalled',
			total: 1,
			normalised: normalise(1, analysis.total),
			meters: { trust: 1 },
			choices: ['start.warm', 'middle.childhood'],
			scenarioHash: scenario.hash
		});
		expect(normalise(1, analysis.total)).toBe(60);
		// No verdict is stored: passing is decided when shown, against the right mark (pass-mark.ts).
		expect(stored.result).not.toHaveProperty('passed');
	});

	it('refuses a choice on an ended attempt with 409', async () => {
		const user = await makeUser('ana');
		const attemptId = await finishTiny(user, 'practice');
		const error = await refusal(
			choose(await getStore(), user, attemptId, { choiceId: 'start.cold', eventId: eventId() })
		);
		expect(error.status).toBe(409);
		const rewound = await refusal(
			rewind(await getStore(), user, attemptId, { eventId: eventId() })
		);
		expect(rewound.status).toBe(409);
		expect(await eventsOf(attemptId)).toHaveLength(2);
	});
});

describe('rewind', () => {
	it('takes back the latest choice in practice and keeps the rewind on the record', async () => {
		const user = await makeUser('ana');
		const attempt = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'opening.real-chance',
			eventId: eventId()
		});
		const state = await rewind(await getStore(), user, attempt.id, {
			eventId: eventId(),
			seq: '2'
		});
		expect(state.beat).toBe('opening');
		expect(state.meters).toEqual(startMeters('coat-still-on'));
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'opening.hand-over',
			eventId: eventId()
		});
		const events = await eventsOf(attempt.id);
		expect(events.map((e) => e.type)).toEqual(['choice', 'rewind', 'choice']);
		expect(
			(await loadAttempt(await getStore(), user, attempt.id)).state.steps.map((s) => s.choiceId)
		).toEqual(['opening.hand-over']);
	});

	it('is refused in assessment (403) and with nothing to take back (400)', async () => {
		const user = await makeUser('ana');
		const assessment = await startAttempt(await getStore(), user, 'coat-still-on', 'assessment');
		await choose(await getStore(), user, assessment.id, {
			choiceId: 'opening.real-chance',
			eventId: eventId()
		});
		expect(
			(await refusal(rewind(await getStore(), user, assessment.id, { eventId: eventId() }))).status
		).toBe(403);
		expect(await eventsOf(assessment.id)).toHaveLength(1);

		const practice = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		expect(
			(await refusal(rewind(await getStore(), user, practice.id, { eventId: eventId() }))).status
		).toBe(400);
		await choose(await getStore(), user, practice.id, {
			choiceId: 'opening.real-chance',
			eventId: eventId()
		});
		await rewind(await getStore(), user, practice.id, { eventId: eventId() });
		// The one choice is already taken back.
		expect(
			(await refusal(rewind(await getStore(), user, practice.id, { eventId: eventId() }))).status
		).toBe(400);
		expect(await eventsOf(practice.id)).toHaveLength(2);
	});
});

describe('whose attempt', () => {
	it('hides another trainee’s attempt as if it did not exist, and refuses every change', async () => {
		const owner = await makeUser('ana');
		const other = await makeUser('ben');
		const attempt = await startAttempt(await getStore(), owner, 'coat-still-on', 'practice');
		await choose(await getStore(), owner, attempt.id, {
			choiceId: 'opening.hand-over',
			eventId: eventId()
		});

		const store = await getStore();
		const attempts = [
			loadAttempt(store, other, attempt.id),
			choose(store, other, attempt.id, {
				choiceId: 'confidentiality.explain-limits',
				eventId: eventId()
			}),
			rewind(store, other, attempt.id, { eventId: eventId() }),
			reflect(store, other, attempt.id, 'mine now'),
			branch(store, other, attempt.id, 0)
		];
		// Every refusal is awaited together, so none is left unhandled while another is awaited.
		for (const error of await Promise.all(attempts.map(refusal))) expect(error.status).toBe(404);
		expect((await refusal(loadAttempt(await getStore(), owner, 'no-such-attempt'))).status).toBe(
			404
		);
		expect(await eventsOf(attempt.id)).toHaveLength(1);
		expect((await (await getStore()).listAttemptsByUser(other.id)).length).toBe(0);
	});

	it('lets an admin read an attempt but not play it', async () => {
		const owner = await makeUser('ana');
		const admin = await makeUser('root', 'admin');
		const attempt = await startAttempt(await getStore(), owner, 'coat-still-on', 'practice');
		expect((await loadAttempt(await getStore(), admin, attempt.id)).attempt.id).toBe(attempt.id);
		const error = await refusal(
			choose(await getStore(), admin, attempt.id, {
				choiceId: 'opening.hand-over',
				eventId: eventId()
			})
		);
		expect(error.status).toBe(403);
		expect(await eventsOf(attempt.id)).toEqual([]);
	});
});

describe('reflect', () => {
	it('saves a reflection on a finished attempt only, within the limit', async () => {
		const user = await makeUser('ana');
		const active = await startAttempt(await getStore(), user, 'coat-still-on', 'practice');
		expect((await refusal(reflect(await getStore(), user, active.id, 'too early'))).status).toBe(
			409
		);

		const attemptId = await finishTiny(user, 'practice');
		await reflect(await getStore(), user, attemptId, '  Slow down at the start.  ');
		expect((await (await getStore()).getAttempt(attemptId))!.reflection).toBe(
			'Slow down at the start.'
		);
		const long = 'x'.repeat(REFLECTION_LIMIT + 1);
		expect((await refusal(reflect(await getStore(), user, attemptId, long))).status).toBe(400);
		expect((await (await getStore()).getAttempt(attemptId))!.reflection).toBe(
			'Slow down at the start.'
		);
	});
});

describe('branch (what if)', () => {
	it('creates a practice attempt standing at the chosen decision', async () => {
		const user = await makeUser('ana');
		const attemptId = await finishTiny(user, 'assessment');
		const what = await branch(await getStore(), user, attemptId, 1);
		expect(what).toMatchObject({
			mode: 'practice',
			status: 'active',
			parentAttemptId: attemptId,
			branchFromStep: 1,
			scenarioId: 'tiny'
		});
		const loaded = await loadAttempt(await getStore(), user, what.id);
		expect(loaded.state.beat).toBe('middle');
		expect(loaded.state.steps.map((s) => s.choiceId)).toEqual(['start.warm']);
		expect(loaded.state.meters).toEqual({ trust: 2 });
		// The branch not taken is open, and the new attempt can finish somewhere else.
		await choose(await getStore(), user, what.id, {
			choiceId: 'middle.anywhere',
			eventId: eventId()
		});
		const finished = (await (await getStore()).getAttempt(what.id))!;
		expect(finished.result).toMatchObject({ ending: 'good', total: 3, normalised: 100 });
		// The parent is untouched.
		expect((await eventsOf(attemptId)).map((e) => e.choiceId)).toEqual([
			'start.warm',
			'middle.childhood'
		]);

		const fromStart = await loadAttempt(
			await getStore(),
			user,
			(await branch(await getStore(), user, attemptId, 0)).id
		);
		expect(fromStart.state.beat).toBe('start');
		expect(fromStart.events).toEqual([]);
	});

	it('refuses a decision that is not in the attempt with 400', async () => {
		const user = await makeUser('ana');
		const attemptId = await finishTiny(user, 'practice');
		for (const step of [2, -1, 1.5, Number.NaN])
			expect(
				(await refusal(branch(await getStore(), user, attemptId, step))).status,
				String(step)
			).toBe(400);
		expect(await (await getStore()).listAttemptsByUser(user.id)).toHaveLength(1);
	});

	it('does not open an assessment that is still running', async () => {
		// A what-if shows feedback, so branching a running assessment would show it early.
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const attempt = await startAttempt(await getStore(), user, 'tiny', 'assessment');
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'start.cold',
			eventId: eventId()
		});
		expect((await refusal(branch(await getStore(), user, attempt.id, 0))).status).toBe(409);
		expect(await (await getStore()).listAttemptsByUser(user.id)).toHaveLength(1);
	});
});

describe('a scenario that changes under an attempt', () => {
	it('refuses further choices with 409 and still loads the old version', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const oldHash = findScenario('tiny')!.scenario.hash;
		const attempt = await startAttempt(await getStore(), user, 'tiny', 'practice');
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'start.warm',
			eventId: eventId()
		});

		// The author edits the file: a new version with a new hash.
		await writeFile(path.join(dirs.scenarios, 'tiny.md'), tinyScenario(' Edited.'));
		resetScenarioLibrary();
		await currentEntries();
		expect(findScenario('tiny')!.scenario.hash).not.toBe(oldHash);

		const error = await refusal(
			choose(await getStore(), user, attempt.id, {
				choiceId: 'middle.anywhere',
				eventId: eventId()
			})
		);
		expect(error.status).toBe(409);
		expect(
			(await refusal(rewind(await getStore(), user, attempt.id, { eventId: eventId() }))).status
		).toBe(409);
		expect((await refusal(branch(await getStore(), user, attempt.id, 0))).status).toBe(409);
		expect(await eventsOf(attempt.id)).toHaveLength(1);

		const loaded = await loadAttempt(await getStore(), user, attempt.id);
		expect(loaded.current).toBe(false);
		expect(loaded.scenario.hash).toBe(oldHash);
		expect(loaded.state.beat).toBe('middle');

		// A new attempt plays the new version.
		const fresh = await startAttempt(await getStore(), user, 'tiny', 'practice');
		expect(fresh.scenarioHash).toBe(findScenario('tiny')!.scenario.hash);
		await choose(await getStore(), user, fresh.id, { choiceId: 'start.warm', eventId: eventId() });
	});

	it('refuses with 409 when the scenario file is removed', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const attempt = await startAttempt(await getStore(), user, 'tiny', 'practice');
		await writeFile(path.join(dirs.scenarios, 'tiny.md'), 'not a scenario any more');
		resetScenarioLibrary();
		await currentEntries();
		const error = await refusal(
			choose(await getStore(), user, attempt.id, { choiceId: 'start.warm', eventId: eventId() })
		);
		expect(error.status).toBe(409);
		expect((await refusal(startAttempt(await getStore(), user, 'tiny', 'practice'))).status).toBe(
			404
		);
		expect(await eventsOf(attempt.id)).toEqual([]);
	});
});
