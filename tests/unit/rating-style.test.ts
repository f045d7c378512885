import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replay } from '../../src/lib/machines/replay';
import { machineForScenario } from '../../src/lib/machines/scenario-machine';
import { compileScenario } from '../../src/lib/scenarios/index';
import { ratingGap, reportedRating } from '../../src/lib/scenarios/score';
import { resultOf } from '../../src/lib/server/scoring';

const felt = (v: number | null) => ({ relationship: v, goals: v, approach: v, overall: v });
const sample = (name: string) =>
	compileScenario(
		readFileSync(new URL(`../scenarios/samples/${name}/input.md`, import.meta.url), 'utf8'),
		`${name}.md`
	);

describe('the client who can mask', () => {
	it('a candid client writes what they felt', () => {
		expect(reportedRating(felt(2.5), 'candid')).toEqual(felt(2.5));
	});

	it('a deferential client rates 8 to 10 whatever happened', () => {
		expect(reportedRating(felt(0), 'deferential').overall).toBe(8);
		expect(reportedRating(felt(2), 'deferential').overall).toBe(8.4);
		expect(reportedRating(felt(10), 'deferential').overall).toBe(10);
	});

	it('a guarded client keeps to 4 to 7', () => {
		expect(reportedRating(felt(0), 'guarded').overall).toBe(4);
		expect(reportedRating(felt(10), 'guarded').overall).toBe(7);
		expect(reportedRating(felt(null), 'guarded').overall).toBeNull();
	});

	it('names a gap of 1.5 points or more, either way, and nothing smaller', () => {
		expect(ratingGap(felt(8.4), felt(2))).toBe(6.4);
		expect(ratingGap(felt(5.5), felt(8))).toBe(-2.5);
		expect(ratingGap(felt(9), felt(7.6))).toBeUndefined();
		// Results stored before rating styles have no felt rating: nothing to compare.
		expect(ratingGap(felt(9), undefined)).toBeUndefined();
	});

	it('defaults to candid, and the result keeps what was felt beside what was written', () => {
		const plain = sample('valid-srs-override');
		expect(plain.scenario!.ratingStyle).toBe('candid');

		const { scenario, analysis } = sample('valid-rating-style');
		expect(scenario!.ratingStyle).toBe('deferential');
		const machine = machineForScenario(scenario!);
		// The poor answer lowers trust from 1 to 0 of 4: felt 0, written 8.
		const poor = resultOf(scenario!, analysis!, replay(machine, ['goals.2']));
		expect(poor.felt!.overall).toBe(0);
		expect(poor.rating.overall).toBe(8);
		expect(ratingGap(poor.rating, poor.felt)).toBe(8);
		const good = resultOf(scenario!, analysis!, replay(machine, ['goals.1']));
		expect(good.felt!.overall).toBe(7.5);
		expect(good.rating.overall).toBe(9.5);
	});

	it('refuses a rating style it does not know, with the ones it does', () => {
		const { diagnostics } = sample('rap003-unknown-rating-style');
		expect(diagnostics.map((d) => [d.code, d.hint])).toContainEqual([
			'RAP003',
			'use candid, deferential, guarded'
		]);
	});
});
