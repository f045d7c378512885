import { getStore } from '../../../src/lib/server/store';
import { describe, expect, it } from 'vitest';
import { shuffledChoices } from '../../../src/lib/machines/order';
import { attemptView } from '../../../src/lib/server/attempt-view';
import { choose, loadAttempt, startAttempt } from '../../../src/lib/server/attempts';
import { makeUser, tinyScenario, writeScenario } from './setup';

/**
 * What the play page receives. In assessment, feedback, verdicts and meters must not even be in
 * the page data until the debrief, or a trainee could read them in the page source.
 */

let n = 0;
const eventId = () => `view-event-${++n}-abcdef`;

describe('attemptView', () => {
	it('shows feedback, verdicts and meters in practice as soon as a choice is made', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const attempt = await startAttempt(await getStore(), user, 'tiny', 'practice');
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'start.cold',
			eventId: eventId()
		});
		const view = attemptView(await loadAttempt(await getStore(), user, attempt.id));
		const response = view.transcript[0].response!;
		expect(response).toMatchObject({
			text: "Let's get going.",
			verdict: 'unhelpful',
			better: 'Hello, Sam. Take your time.',
			meterChanges: [{ meter: 'trust', delta: -1 }]
		});
		expect(response.feedbackHtml).toContain('Rushed.');
		expect(view.meters).toEqual({ trust: 0 });
		// Shown in the order the attempt's stored seed gives, the same on every load.
		expect(attempt.choiceSeed).toMatch(/^[0-9a-f-]{36}$/);
		expect(view.current?.choices.map((c) => c.id)).toEqual(
			shuffledChoices(attempt.choiceSeed!, 'middle', ['middle.anywhere', 'middle.childhood'])
		);
		const again = attemptView(await loadAttempt(await getStore(), user, attempt.id));
		expect(again.current?.choices).toEqual(view.current?.choices);
		expect(view.nextSeq).toBe(2);
		expect(view.debrief).toBeNull();
	});

	it('keeps an assessment’s feedback and meters out of the page data until the debrief', async () => {
		const user = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const attempt = await startAttempt(await getStore(), user, 'tiny', 'assessment');
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'start.cold',
			eventId: eventId()
		});
		const running = attemptView(await loadAttempt(await getStore(), user, attempt.id));
		const json = JSON.stringify(running);
		expect(running.meters).toBeNull();
		expect(running.scenario.meters).toEqual({});
		expect(running.transcript[0].response).toEqual({
			step: 0,
			choiceId: 'start.cold',
			text: "Let's get going.",
			kind: 'speech'
		});
		for (const secret of ['Rushed.', 'unhelpful', 'Take your time', 'safe-space'])
			expect(json, secret).not.toContain(secret);

		await choose(await getStore(), user, attempt.id, {
			choiceId: 'middle.anywhere',
			eventId: eventId()
		});
		const done = attemptView(await loadAttempt(await getStore(), user, attempt.id));
		expect(done.current).toBeNull();
		expect(done.debrief).not.toBeNull();
		expect(done.debrief!.decisions.map((d) => [d.chosen, d.verdict])).toEqual([
			// As the player shows them: speech in quotes.
			["“Let's get going.”", 'unhelpful'],
			['“Anywhere is fine.”', 'helpful']
		]);
		expect(done.debrief!.decisions[0].better).toBe('Hello, Sam. Take your time.');
		expect(done.debrief!.path).toEqual(['start', 'middle', 'check', 'meh']);
		// cold -1, anywhere +1: a total of 0 between -2 and 3.
		expect(done.debrief!.result.normalised).toBe(40);
	});
});
