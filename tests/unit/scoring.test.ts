import { describe, expect, it } from 'vitest';
import { compileScenario } from '../../src/lib/scenarios';
import { clientRating, normalise, scoreCard } from '../../src/lib/scenarios/score';
import { passMarkOf, passes } from '../../src/lib/server/pass-mark';
import type { Analysis, Meter, Scenario } from '../../src/lib/scenarios/types';

/**
 * The debrief's figures, checked against hand-worked numbers: normalisation between the analysed
 * worst and best paths, the goals/tasks/bond dimensions, and the client's rating rule from
 * docs/scenario-format.md ("The client's rating").
 */

describe('normalise', () => {
	it('places a raw score between the worst (0) and best (100) paths, rounded', () => {
		const range = { min: -4, max: 6 };
		expect(normalise(-4, range)).toBe(0);
		expect(normalise(6, range)).toBe(100);
		expect(normalise(1, range)).toBe(50);
		expect(normalise(0, range)).toBe(40);
		// 2/3 of the way: 66.67 rounds to 67.
		expect(normalise(1, { min: -1, max: 2 })).toBe(67);
		expect(normalise(0, { min: 0, max: 8 })).toBe(0);
		expect(normalise(-1, { min: -3, max: 5 })).toBe(25);
	});

	it('clamps values outside the range and gives 100 when every path scores the same', () => {
		expect(normalise(-10, { min: -4, max: 6 })).toBe(0);
		expect(normalise(10, { min: -4, max: 6 })).toBe(100);
		expect(normalise(3, { min: 3, max: 3 })).toBe(100);
	});
});

// Only the fields scoreCard reads; the rest of a Scenario and Analysis does not matter here.
const scenarioWith = (pass: number) => ({ pass }) as Scenario;
const analysisWith = (total: Analysis['total'], principles: Analysis['principles']) =>
	({ total, principles }) as Analysis;

describe('scoreCard', () => {
	const analysis = analysisWith(
		{ min: -6, max: 10 },
		{
			'safe-space': { min: -2, max: 4 }, // bond
			'shared-goals': { min: 0, max: 4 }, // goals
			'change-tactics': { min: -2, max: 2 }, // tasks
			'repair-ruptures': { min: -4, max: 4 } // bond, tasks and goals
		}
	);

	it('normalises the total and each principle, and decides the pass on the normalised total', () => {
		const card = scoreCard(scenarioWith(70), analysis, {
			total: 6,
			scores: { 'safe-space': 4, 'shared-goals': 1, 'change-tactics': 0, 'repair-ruptures': 1 }
		});
		expect(card.total).toBe(6);
		expect(card.normalised).toBe(75);
		expect(passes(card.normalised, passMarkOf(undefined, 70))).toBe(true);
		expect(card.principles).toEqual({
			'safe-space': { raw: 4, normalised: 100, range: { min: -2, max: 4 } },
			'shared-goals': { raw: 1, normalised: 25, range: { min: 0, max: 4 } },
			'change-tactics': { raw: 0, normalised: 50, range: { min: -2, max: 2 } },
			'repair-ruptures': { raw: 1, normalised: 63, range: { min: -4, max: 4 } }
		});
		// bond: safe-space 100 and repair-ruptures 63 -> 81.5 -> 82 (Math.round)
		// tasks: change-tactics 50 and repair-ruptures 63 -> 56.5 -> 57
		// goals: shared-goals 25 and repair-ruptures 63 -> 44
		expect(card.dimensions).toEqual({ bond: 82, tasks: 57, goals: 44 });
	});

	it('fails exactly below the pass mark, and counts a principle the path missed as 0 raw', () => {
		const justUnder = scoreCard(scenarioWith(75), analysis, { total: 5, scores: {} });
		expect(justUnder.normalised).toBe(69);
		expect(passes(justUnder.normalised, passMarkOf(undefined, 75))).toBe(false);
		const exactly = scoreCard(scenarioWith(69), analysis, { total: 5, scores: {} });
		expect(passes(exactly.normalised, passMarkOf(undefined, 69))).toBe(true);
		expect(justUnder.principles['shared-goals']).toMatchObject({ raw: 0, normalised: 0 });
		expect(justUnder.principles['safe-space']).toMatchObject({ raw: 0, normalised: 33 });
	});

	it('leaves out principles that cannot vary, and gives null to a dimension nothing practised', () => {
		const card = scoreCard(
			scenarioWith(70),
			analysisWith(
				{ min: 0, max: 2 },
				{
					'safe-space': { min: 0, max: 2 },
					// Every path scores this the same, so it says nothing about this trainee.
					'shared-goals': { min: 1, max: 1 }
				}
			),
			{ total: 1, scores: { 'safe-space': 1, 'shared-goals': 1 } }
		);
		expect(card.principles['shared-goals'].normalised).toBe(100);
		expect(card.dimensions).toEqual({ bond: 50, tasks: null, goals: null });
	});
});

describe('clientRating', () => {
	const meters: Record<string, Meter> = {
		trust: { start: 2, min: 0, max: 10 },
		hope: { start: 0, min: -5, max: 5 },
		openness: { start: 1, min: 0, max: 3 }
	};
	const everyMeter = ['trust', 'hope', 'openness'];
	const byDefault = {
		relationship: everyMeter,
		goals: everyMeter,
		approach: everyMeter,
		overall: everyMeter
	};

	it('by default rates every line as the mean of all meters normalised to their range, times ten', () => {
		// trust 7/10 = 0.7, hope (2+5)/10 = 0.7, openness 1/3 -> mean 0.5778 -> 5.8
		const rating = clientRating(meters, { trust: 7, hope: 2, openness: 1 }, byDefault);
		expect(rating).toEqual({ relationship: 5.8, goals: 5.8, approach: 5.8, overall: 5.8 });
	});

	it('follows a scenario’s own mapping of meters to lines', () => {
		const rating = clientRating(
			meters,
			{ trust: 10, hope: -5, openness: 2 },
			{
				relationship: ['trust'],
				goals: ['hope'],
				approach: ['openness'],
				overall: ['trust', 'hope']
			}
		);
		expect(rating).toEqual({ relationship: 10, goals: 0, approach: 6.7, overall: 5 });
	});

	it('reads a missing value as the meter’s start, and a fixed meter as full', () => {
		const rating = clientRating(
			{ ...meters, fixed: { start: 3, min: 3, max: 3 } },
			{},
			{ relationship: ['trust'], goals: ['hope'], approach: ['fixed'], overall: ['trust', 'fixed'] }
		);
		expect(rating).toEqual({ relationship: 2, goals: 5, approach: 10, overall: 6 });
	});

	it('gives no rating (null) to a line with no meters', () => {
		const rating = clientRating({}, {}, { relationship: [], goals: [], approach: [], overall: [] });
		expect(rating).toEqual({ relationship: null, goals: null, approach: null, overall: null });
	});

	it('is what a compiled scenario without `srs` uses: every meter on every line', () => {
		const source = `---
title: Rating
summary: For the rating rule.
client: { name: Sam }
difficulty: 1
minutes: 1
principles: [safe-space]
meters:
  trust: { start: 2, min: 0, max: 4 }
  hope: { start: 1, min: 0, max: 2 }
---

## Start {#start}

- "Hello." -> end
  scores: safe-space +1
  feedback: Fine.

## End {#end .ending outcome=stalled}

Done.
`;
		const { scenario, diagnostics } = compileScenario(source, 'rating.md');
		expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
		expect(scenario!.srs.overall).toEqual(['trust', 'hope']);
		// trust 3/4 = 0.75, hope 0/2 = 0 -> 0.375 -> 3.8
		expect(clientRating(scenario!.meters, { trust: 3, hope: 0 }, scenario!.srs)).toEqual({
			relationship: 3.8,
			goals: 3.8,
			approach: 3.8,
			overall: 3.8
		});
	});
});
