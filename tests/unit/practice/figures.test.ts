import { describe, expect, it } from 'vitest';
import {
	isoWeekOf,
	practiceFigures,
	practiceWindow,
	type DrillFact
} from '../../../src/lib/practice/figures';

/**
 * A cohort's practice figures over simulated weeks: the clock is an argument, so "four weeks
 * later" is a date. Mondays in March 2026: the 2nd (W10), 9th (W11), 16th (W12), 23rd (W13).
 */

const fact = (
	userId: string,
	drillId: string,
	completedAt: string,
	passed: boolean,
	skill = drillId.startsWith('risk') ? 'assess-risk' : 'repair-ruptures'
): DrillFact => ({ userId, drillId, skill, completedAt, passed });

describe('ISO weeks', () => {
	it('runs Monday to Sunday in UTC, the year its Thursday is in', () => {
		expect(isoWeekOf(new Date('2026-03-02T00:00:00.000Z'))).toEqual({
			key: '2026-W10',
			start: '2026-03-02T00:00:00.000Z'
		});
		expect(isoWeekOf(new Date('2026-03-08T23:59:59.999Z')).key).toBe('2026-W10');
		expect(isoWeekOf(new Date('2026-03-09T00:00:00.000Z')).key).toBe('2026-W11');
		// 1 January 2027 is a Friday: it belongs to the last week of 2026 (W53).
		expect(isoWeekOf(new Date('2027-01-01T12:00:00.000Z'))).toEqual({
			key: '2026-W53',
			start: '2026-12-28T00:00:00.000Z'
		});
		// 29 December 2025 is a Monday whose Thursday is 1 January 2026: 2026-W01.
		expect(isoWeekOf(new Date('2025-12-31T12:00:00.000Z')).key).toBe('2026-W01');
	});

	it('covers the last eight weeks, none before the cohort was made', () => {
		const late = practiceWindow({
			since: '2025-01-01T00:00:00.000Z',
			now: new Date('2026-03-25T10:00:00.000Z')
		});
		expect(late.weeks.map((w) => w.key)).toEqual([
			'2026-W06',
			'2026-W07',
			'2026-W08',
			'2026-W09',
			'2026-W10',
			'2026-W11',
			'2026-W12',
			'2026-W13'
		]);
		expect(late.from).toBe('2026-02-02T00:00:00.000Z');
		const young = practiceWindow({
			since: '2026-03-11T15:00:00.000Z',
			now: new Date('2026-03-25T10:00:00.000Z')
		});
		expect(young.weeks.map((w) => w.key)).toEqual(['2026-W11', '2026-W12', '2026-W13']);
		expect(young.from).toBe('2026-03-11T15:00:00.000Z');
	});
});

describe('practice figures over simulated weeks', () => {
	// Ana introduces two drills in week 10, reviews both in week 11 (one passed), one again in
	// week 13 (passed). Bo played one drill before the cohort was made and reviews it in week 12
	// (failed). Cy never practises.
	const facts = [
		fact('bo', 'risk-hint', '2026-02-20T09:00:00.000Z', true),
		fact('ana', 'rupture-shrug', '2026-03-03T09:00:00.000Z', false),
		fact('ana', 'risk-hint', '2026-03-03T09:05:00.000Z', true),
		fact('ana', 'rupture-shrug', '2026-03-10T09:00:00.000Z', true),
		fact('ana', 'risk-hint', '2026-03-12T09:00:00.000Z', false),
		fact('bo', 'risk-hint', '2026-03-17T09:00:00.000Z', false),
		fact('ana', 'rupture-shrug', '2026-03-24T09:00:00.000Z', true)
	];
	const since = '2026-03-01T12:00:00.000Z';
	const at = (now: string) =>
		practiceFigures({ traineeIds: ['ana', 'bo', 'cy'], facts, since, now: new Date(now) });

	it('counts drills per trainee per ISO week, and retention as due drills passed', () => {
		const figures = at('2026-03-25T10:00:00.000Z');
		expect(figures.weeks.map((w) => w.key)).toEqual([
			'2026-W09',
			'2026-W10',
			'2026-W11',
			'2026-W12',
			'2026-W13'
		]);
		expect(figures.from).toBe(since);
		expect(figures.trainees).toEqual([
			{ id: 'ana', perWeek: [0, 2, 2, 0, 1], done: 5, reviews: 3, passed: 2, percent: 67 },
			// Bo's February drill is before the cohort: not counted, but it makes week 12 a review.
			{ id: 'bo', perWeek: [0, 0, 0, 1, 0], done: 1, reviews: 1, passed: 0, percent: 0 },
			{ id: 'cy', perWeek: [0, 0, 0, 0, 0], done: 0, reviews: 0, passed: 0, percent: null }
		]);
		expect(figures.skills).toEqual([
			// Risk: Ana's week-11 review failed, Bo's week-12 review failed.
			{ skill: 'assess-risk', reviews: 2, passed: 0, percent: 0 },
			// Ruptures: Ana's reviews in weeks 11 and 13 both passed; her first try does not count.
			{ skill: 'repair-ruptures', reviews: 2, passed: 2, percent: 100 }
		]);
		expect(figures.total).toEqual({ done: 6, reviews: 4, passed: 2, percent: 50 });
	});

	it('moves with the clock: earlier, later ones are not yet counted; much later, old weeks drop off', () => {
		const early = at('2026-03-10T12:00:00.000Z');
		expect(early.weeks.map((w) => w.key)).toEqual(['2026-W09', '2026-W10', '2026-W11']);
		expect(early.trainees[0]).toMatchObject({ perWeek: [0, 2, 1], done: 3, reviews: 1, passed: 1 });
		expect(early.skills).toEqual([
			{ skill: 'assess-risk', reviews: 0, passed: 0, percent: null },
			{ skill: 'repair-ruptures', reviews: 1, passed: 1, percent: 100 }
		]);

		// Nine weeks after week 13 (2026-W22), weeks 9 to 14 have left the window.
		const later = at('2026-05-27T10:00:00.000Z');
		expect(later.weeks[0].key).toBe('2026-W15');
		expect(later.total).toEqual({ done: 0, reviews: 0, passed: 0, percent: null });
		expect(later.skills).toEqual([]);
	});
});
