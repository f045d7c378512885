import { getStore } from '../../../src/lib/server/store';
import { describe, expect, it } from 'vitest';
import { attemptPage } from '../../../src/lib/server/attempt-view';
import { choose, loadAttempt, startAttempt } from '../../../src/lib/server/attempts';
import { makeUser, tinyScenario, writeScenario } from './setup';

/** The attempt page's map: laid out on the server, only for a debrief, marked with the path. */

let n = 0;
const eventId = () => `page-map-event-${++n}-abcdef`;

describe('attemptPage', () => {
	it('gives the debrief a map with the path marked and each decision linked to its step', async () => {
		const user = await makeUser('map-ana');
		await writeScenario('tiny', tinyScenario());
		const attempt = await startAttempt(await getStore(), user, 'tiny', 'practice');
		await choose(await getStore(), user, attempt.id, {
			choiceId: 'start.cold',
			eventId: eventId()
		});
		const running = await attemptPage(await loadAttempt(await getStore(), user, attempt.id));
		expect(running.debrief).toBeNull();

		await choose(await getStore(), user, attempt.id, {
			choiceId: 'middle.anywhere',
			eventId: eventId()
		});
		const done = await attemptPage(await loadAttempt(await getStore(), user, attempt.id));
		const map = done.debrief!.map;
		const node = (id: string) => map.nodes.find((x) => x.id === id)!;
		expect([node('start').step, node('middle').step]).toEqual([0, 1]);
		// The route beat and the ending are on the path but are not decisions: no link.
		expect([node('check').visited, node('check').step]).toEqual([true, undefined]);
		expect([node('meh').visited, node('meh').step]).toEqual([true, undefined]);
		expect(map.nodes.filter((x) => !x.visited).length).toBeGreaterThan(0);
		for (const x of map.nodes.filter((x) => !x.visited)) expect(x.step).toBeUndefined();
		expect(map.edges.filter((e) => e.taken).map((e) => `${e.from}>${e.to}`)).toEqual([
			'start>middle',
			'middle>check',
			'check>meh'
		]);
	});
});
