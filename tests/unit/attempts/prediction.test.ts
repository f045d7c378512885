import { describe, expect, it } from 'vitest';
import { attemptView } from '../../../src/lib/server/attempt-view';
import {
	AttemptError,
	branch,
	choose,
	loadAttempt,
	startAttempt
} from '../../../src/lib/server/attempts';
import { calibrationOf, predict } from '../../../src/lib/server/prediction';
import { resultOf } from '../../../src/lib/server/scoring';
import { exportTraineeData } from '../../../src/lib/server/programmes/privacy';
import { getStore, type PublicUser } from '../../../src/lib/server/store';
import { makeUser, tinyScenario, writeScenario } from './setup';

/**
 * Predicting the client's rating through the attempt service, on both stores: asked only of the
 * trainee, once, after the end; bad input stores nothing; the score is untouched.
 */

let n = 0;
const eventId = () => `predict-event-${++n}-abcdef`;

/** Plays the tiny scenario to its end: warm then directive, so trust ends at 1 of 4. */
async function finished(user: PublicUser, mode: 'practice' | 'assessment' = 'assessment') {
	const store = await getStore();
	const attempt = await startAttempt(store, user, 'tiny', mode);
	for (const choiceId of ['start.warm', 'middle.childhood'])
		await choose(store, user, attempt.id, { choiceId, eventId: eventId() });
	return attempt;
}

const refused = async (work: Promise<unknown>, status: number) => {
	const error = await work.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(AttemptError);
	expect((error as AttemptError).status).toBe(status);
};

describe('predicting the client’s rating', () => {
	it('keeps the rating out of the page data until the trainee predicts, then compares', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const attempt = await finished(user);
		const store = await getStore();
		const loaded = await loadAttempt(store, user, attempt.id);
		const stored = loaded.attempt.result as { rating: { overall: number } };
		expect(stored.rating.overall).toBe(2.5);

		const pending = attemptView(loaded, undefined, user.id).debrief!;
		expect(pending.prediction).toEqual({ state: 'pending' });
		expect(Object.values(pending.result.rating)).toEqual([null, null, null, null]);
		expect(pending.result.felt).toBeUndefined();
		expect(JSON.stringify(pending)).not.toContain('2.5');
		// Someone else looking (an instructor) is not asked, and sees the rating.
		expect(attemptView(loaded, undefined, 'someone-else').debrief!.result.rating.overall).toBe(2.5);

		await predict(store, user, attempt.id, { intent: 'predict', overall: '7' });
		const after = await loadAttempt(store, user, attempt.id);
		const made = attemptView(after, undefined, user.id).debrief!;
		expect(made.prediction).toEqual({
			state: 'made',
			predicted: 7,
			reported: 2.5,
			gap: 4.5,
			reading: 'over'
		});
		expect(made.result.rating.overall).toBe(2.5);
		// Not part of the score: the stored result is as it was, and replaying gives it again.
		expect(after.attempt.result).toEqual(loaded.attempt.result);
		expect(resultOf(after.scenario, after.analysis, after.state)).toEqual(after.attempt.result);
	});

	it('refuses bad input and a second answer, storing nothing partial', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const store = await getStore();
		const running = await startAttempt(store, user, 'tiny', 'practice');
		await refused(predict(store, user, running.id, { intent: 'predict', overall: '5' }), 409);

		const attempt = await finished(user);
		for (const overall of ['', '11', '-1', '7.5', 'seven', '5; drop table'])
			await refused(predict(store, user, attempt.id, { intent: 'predict', overall }), 400);
		expect((await store.getAttempt(attempt.id))!.prediction).toBeUndefined();

		const other = await makeUser('bo');
		await refused(predict(store, other, attempt.id, { intent: 'predict', overall: '5' }), 404);
		expect((await store.getAttempt(attempt.id))!.prediction).toBeUndefined();

		await predict(store, user, attempt.id, { intent: 'skip', overall: '' });
		expect((await store.getAttempt(attempt.id))!.prediction?.overall).toBeNull();
		// Seen the rating: no guessing afterwards.
		await refused(predict(store, user, attempt.id, { intent: 'predict', overall: '3' }), 409);
		expect((await store.getAttempt(attempt.id))!.prediction?.overall).toBeNull();
		const view = attemptView(await loadAttempt(store, user, attempt.id), undefined, user.id);
		expect(view.debrief!.prediction).toEqual({ state: 'skipped' });
	});

	it('asks nothing of a what-if replay', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const store = await getStore();
		const attempt = await finished(user, 'practice');
		const replay = await branch(store, user, attempt.id, 1);
		await choose(store, user, replay.id, { choiceId: 'middle.anywhere', eventId: eventId() });
		const view = attemptView(await loadAttempt(store, user, replay.id), undefined, user.id);
		expect(view.debrief!.prediction).toEqual({ state: 'none' });
		await refused(predict(store, user, replay.id, { intent: 'predict', overall: '5' }), 409);
	});

	it('counts predictions (not skips) towards calibration, and exports them', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const store = await getStore();
		expect(await calibrationOf(store, user.id)).toBeUndefined();
		const first = await finished(user);
		const second = await finished(user);
		const third = await finished(user);
		await predict(store, user, first.id, { intent: 'predict', overall: '6' });
		await predict(store, user, second.id, { intent: 'predict', overall: '2' });
		await predict(store, user, third.id, { intent: 'skip', overall: '' });
		const figures = (await calibrationOf(store, user.id))!;
		// Gaps 6 - 2.5 = 3.5 and 2 - 2.5 = -0.5.
		expect(figures).toMatchObject({ count: 2, meanAbsolute: 2, meanSigned: 1.5, tendency: 'over' });
		expect(figures.entries.map((e) => [e.scenarioTitle, e.style, e.gap])).toEqual([
			['Tiny', 'candid', 3.5],
			['Tiny', 'candid', -0.5]
		]);

		const data = (await exportTraineeData(store, user.id))!;
		expect(data.attempts.find((a) => a.id === first.id)?.prediction?.overall).toBe(6);
		expect(data.calibration).toMatchObject({ count: 2, meanAbsolute: 2, meanSigned: 1.5 });
	});
});
