import { describe, expect, it } from 'vitest';
import { highlightsOf, type DecisionReview } from '../../src/lib/server/attempt-view';

const decision = (
	step: number,
	verdict: DecisionReview['verdict'],
	deltas: Record<string, number>,
	better?: string
): DecisionReview => ({
	step,
	beatTitle: `Beat ${step}`,
	chosen: `Choice ${step}`,
	verdict,
	feedbackHtml: '<p>feedback</p>',
	principles: Object.entries(deltas).map(([id, delta]) => ({ id, title: id, delta })),
	...(better ? { better } : {})
});

describe('the debrief summary (what went well, things to work on)', () => {
	it('names the strongest helpful decisions and the weakest others, worst first, three at most', () => {
		const { wentWell, workOn } = highlightsOf([
			decision(0, 'helpful', { 'safe-space': 1 }),
			decision(1, 'unhelpful', { 'safe-space': -1, 'i-statements': 1 }, 'Say it plainly.'),
			decision(2, 'helpful', { 'safe-space': 2, 'repair-ruptures': 2 }),
			decision(3, 'mixed', { 'repair-ruptures': -3 }),
			decision(4, 'unhelpful', { 'safe-space': -2 }),
			decision(5, 'helpful', { 'safe-space': 1, 'i-statements': 1 }),
			decision(6, 'unhelpful', { 'safe-space': -1 }),
			decision(7, 'helpful', { 'safe-space': 1 })
		]);
		expect(wentWell.map((h) => h.step)).toEqual([2, 5, 0]);
		expect(workOn.map((h) => h.step)).toEqual([3, 4, 6]);
		// Only the principles that earned the place are named.
		expect(wentWell[0].principles.map((p) => p.id)).toEqual(['safe-space', 'repair-ruptures']);
		expect(workOn[0].principles).toEqual([
			{ id: 'repair-ruptures', title: 'repair-ruptures', delta: -3 }
		]);
	});

	it('carries the better response of a decision to work on, and is empty where nothing fits', () => {
		const { wentWell, workOn } = highlightsOf([
			decision(0, 'unhelpful', { 'safe-space': -1, 'i-statements': 2 }, 'Say it plainly.')
		]);
		expect(wentWell).toEqual([]);
		expect(workOn).toEqual([
			{
				step: 0,
				beatTitle: 'Beat 0',
				chosen: 'Choice 0',
				principles: [{ id: 'safe-space', title: 'safe-space', delta: -1 }],
				better: 'Say it plainly.'
			}
		]);
		expect(highlightsOf([])).toEqual({ wentWell: [], workOn: [] });
	});
});
