import { describe, expect, it } from 'vitest';
import { itemAnalysis } from '../../../src/lib/server/analytics/item-analysis';
import { factsOf } from '../../../src/lib/server/analytics/trainee-facts';
import { compileVersion, lookupOf, playedAttempt, SOURCE_A, SOURCE_B } from './fixtures';

const A = compileVersion(SOURCE_A);
const B = compileVersion(SOURCE_B);

// Paths through version A: own -> opened-up; push, repair -> opened-up? (trust 2-1+2=3) yes;
// push, ignore -> guarded.
const OWN = ['opening.own'];
const REPAIRED = ['opening.push', 'wary.repair'];
const IGNORED = ['opening.push', 'wary.ignore'];

function analyse(
	attempts: ReturnType<typeof playedAttempt>[],
	scope: 'assessment' | 'all' = 'assessment'
) {
	return itemAnalysis({
		scenarioId: 'coat',
		title: 'Coat still on',
		attempts: attempts.map(factsOf),
		scope,
		lookup: lookupOf(A, B),
		currentHash: B.scenario.hash,
		markOf: () => ({ value: A.scenario.pass, from: 'scenario' })
	});
}

describe('itemAnalysis', () => {
	const attempts = [
		playedAttempt(A, OWN, { userId: 'u1' }),
		playedAttempt(A, IGNORED, { userId: 'u2' }),
		playedAttempt(A, IGNORED, { userId: 'u2', at: '2025-01-11T10:00:00.000Z' }),
		playedAttempt(A, REPAIRED, { userId: 'u3' }),
		// Practice: left out by default.
		playedAttempt(A, IGNORED, { userId: 'u4', mode: 'practice' }),
		// Another scenario's attempt never counts.
		{ ...playedAttempt(A, OWN, { userId: 'u5' }), scenarioId: 'other' },
		playedAttempt(B, ['opening.ask'], { userId: 'u1', at: '2025-02-01T10:00:00.000Z' })
	];

	it('groups by version, current version first', () => {
		const items = analyse(attempts);
		expect(items.versions.map((v) => [v.hash, v.current, v.attempts, v.trainees])).toEqual([
			[B.scenario.hash, true, 1, 1],
			[A.scenario.hash, false, 4, 3]
		]);
		expect(items.attempts).toBe(5);
		expect(items.trainees).toBe(3);
	});

	it('counts who reached each beat and splits the choices', () => {
		const a = analyse(attempts).versions[1];
		const opening = a.beats.find((b) => b.id === 'opening')!;
		expect(opening.attempts).toBe(4);
		expect(opening.trainees).toBe(3);
		expect(opening.choices.map((c) => [c.id, c.count, c.percent, c.verdict])).toEqual([
			['opening.own', 1, 25, 'helpful'],
			['opening.push', 3, 75, 'unhelpful']
		]);
		expect(opening.contrasts).toEqual(['i-statement']);
		expect(opening.choices.find((c) => c.id === 'opening.push')!.weakSide).toBe(true);

		const wary = a.beats.find((b) => b.id === 'wary')!;
		expect(wary.rupture).toBe('withdrawal');
		expect(wary.attempts).toBe(3);
		expect(wary.trainees).toBe(2);
		expect(wary.choices.map((c) => [c.id, c.count, c.percent])).toEqual([
			['wary.repair', 1, 33],
			['wary.ignore', 2, 67]
		]);
		expect(wary.addressedPercent).toBe(33);
		expect(wary.contrasts).toEqual(['address-rupture']);
	});

	it('reports ending rates and difficulty per version', () => {
		const a = analyse(attempts).versions[1];
		expect(a.endings.map((e) => [e.id, e.outcome, e.count, e.percent])).toEqual([
			['opened-up', 'strengthened', 2, 50],
			['guarded', 'stalled', 2, 50]
		]);
		const scores = attempts.slice(0, 4).map((x) => (x.result as { normalised: number }).normalised);
		const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
		expect(a.score!.mean).toBeCloseTo(mean, 1);
		expect(a.score!.n).toBe(4);
	});

	it('summarises the trained contrasts', () => {
		const a = analyse(attempts).versions[1];
		const you = a.contrasts.find((c) => c.contrast === 'i-statement')!;
		expect(you).toMatchObject({ decisions: 4, weak: 3, strong: 1, weakPercent: 75 });
		const rupture = a.contrasts.find((c) => c.contrast === 'address-rupture')!;
		expect(rupture).toMatchObject({ decisions: 3, weak: 2, strong: 1 });
	});

	it('leaves out attempts an instructor reset', () => {
		const reset = { ...factsOf(playedAttempt(A, OWN, { userId: 'u9' })), voided: true };
		const items = itemAnalysis({
			scenarioId: 'coat',
			title: 'Coat still on',
			attempts: [...attempts.map(factsOf), reset],
			scope: 'all',
			lookup: lookupOf(A, B),
			markOf: () => ({ value: A.scenario.pass, from: 'scenario' })
		});
		expect(items.trainees).toBe(4);
		expect(items.attempts).toBe(6);
	});

	it('counts practice attempts when asked', () => {
		const a = analyse(attempts, 'all').versions[1];
		expect(a.attempts).toBe(5);
		expect(a.beats.find((b) => b.id === 'wary')!.trainees).toBe(3);
	});

	it('lists the current version even before anyone played it', () => {
		const items = analyse([]);
		expect(items.versions).toHaveLength(1);
		expect(items.versions[0]).toMatchObject({ current: true, attempts: 0, firstPlayed: null });
		expect(items.versions[0].beats.map((b) => b.id)).toEqual(['opening', 'wary']);
		expect(items.score).toBeNull();
	});

	it('falls back to recorded ids for a version it has no source for', () => {
		const items = itemAnalysis({
			scenarioId: 'coat',
			title: 'Coat still on',
			attempts: attempts.slice(0, 4).map(factsOf),
			scope: 'assessment',
			lookup: lookupOf(B),
			markOf: () => ({ value: A.scenario.pass, from: 'scenario' })
		});
		const old = items.versions[0];
		expect(old.known).toBe(false);
		expect(old.beats.map((b) => [b.id, b.attempts])).toEqual([
			['opening', 4],
			['wary', 3]
		]);
		expect(old.endings.map((e) => [e.id, e.count])).toEqual([
			['guarded', 2],
			['opened-up', 2]
		]);
	});
});
