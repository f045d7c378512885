import { describe, expect, it } from 'vitest';
import { attemptHistory } from '../../../src/lib/server/analytics/attempt-history';
import { principleStandings } from '../../../src/lib/server/analytics/principle-summary';
import { factsOf } from '../../../src/lib/server/analytics/trainee-facts';
import { compileVersion, eventsOf, lookupOf, playedAttempt, SOURCE_A, SOURCE_B } from './fixtures';
import { passMarkOf } from '../../../src/lib/server/pass-mark';

const A = compileVersion(SOURCE_A);
const B = compileVersion(SOURCE_B);
// Every attempt here is judged by its scenario's own mark.
const MARK = passMarkOf(undefined, A.scenario.pass);

describe('attemptHistory', () => {
	it('shows every practice choice with its feedback, rewound ones included', () => {
		const attempt = playedAttempt(A, ['opening.own'], { userId: 'u1', mode: 'practice' });
		const h = attemptHistory(
			{ ...attempt, reflection: 'I pushed too soon.' },
			eventsOf(attempt, ['opening.push', 'rewind', 'opening.own']),
			lookupOf(A, B),
			B.scenario.hash,
			MARK
		);
		expect(h.current).toBe(false);
		expect(h.path.map((p) => p.id)).toEqual(['opening', 'check-in', 'opened-up']);
		expect(h.ending).toEqual({
			id: 'opened-up',
			title: 'She takes her coat off',
			outcome: 'strengthened'
		});
		expect(h.feedback.map((f) => [f.choiceId, f.rewound, f.shown, f.verdict])).toEqual([
			['opening.push', true, 'during-play', 'unhelpful'],
			['opening.own', false, 'during-play', 'helpful']
		]);
		expect(h.feedback[0].feedbackHtml).toContain('you-statement');
		expect(h.feedback[0].better).toContain('what didn');
		expect(h.reflection).toBe('I pushed too soon.');
	});

	it('shows no feedback for a running assessment, and the debrief feedback once done', () => {
		const running = playedAttempt(A, ['opening.push'], { userId: 'u1' });
		expect(running.status).toBe('active');
		const h = attemptHistory(
			running,
			eventsOf(running, ['opening.push']),
			lookupOf(A),
			A.scenario.hash,
			MARK
		);
		expect(h.feedback[0]).toMatchObject({
			shown: 'not-yet',
			text: "“You'll need to give this a real chance.”"
		});
		expect(h.feedback[0].feedbackHtml).toBeUndefined();
		expect(h.path.map((p) => [p.id, p.rupture])).toEqual([
			['opening', undefined],
			['wary', 'withdrawal']
		]);

		const done = playedAttempt(A, ['opening.push', 'wary.ignore'], { userId: 'u1' });
		const d = attemptHistory(
			done,
			eventsOf(done, ['opening.push', 'wary.ignore']),
			lookupOf(A),
			A.scenario.hash,
			MARK
		);
		expect(d.feedback.map((f) => f.shown)).toEqual(['at-debrief', 'at-debrief']);
		expect(d.feedback[1].principles).toEqual([
			{ id: 'repair-ruptures', title: expect.any(String), delta: -1 }
		]);
		expect(d.verdict).toEqual({ passed: false, score: d.score, mark: MARK });
	});

	it('replays an old attempt on its own version after the file changed', () => {
		const old = playedAttempt(A, ['opening.own'], { userId: 'u1' });
		const h = attemptHistory(
			old,
			eventsOf(old, ['opening.own']),
			lookupOf(A, B),
			B.scenario.hash,
			MARK
		);
		expect(h.current).toBe(false);
		expect(h.feedback[0].feedbackHtml).toContain('You named her wariness and handed');
		expect(h.problem).toBeUndefined();
	});

	it('says so when the version is unknown or the record does not fit', () => {
		const old = playedAttempt(A, ['opening.own'], { userId: 'u1' });
		expect(attemptHistory(old, [], lookupOf(B), B.scenario.hash, MARK).problem).toMatch(
			/not available/
		);
		const bad = attemptHistory(
			old,
			eventsOf(old, ['wary.repair']),
			lookupOf(A),
			A.scenario.hash,
			MARK
		);
		expect(bad.problem).toMatch(/does not fit/);
	});
});

describe('principleStandings', () => {
	it('averages per trainee first, then over trainees', () => {
		const attempts = [
			// u1: i-statements 100 twice; u2: a pushed, ignored path once.
			playedAttempt(A, ['opening.own'], { userId: 'u1' }),
			playedAttempt(A, ['opening.own'], { userId: 'u1' }),
			playedAttempt(A, ['opening.push', 'wary.ignore'], { userId: 'u2' }),
			// Practice does not count by default.
			playedAttempt(A, ['opening.push', 'wary.ignore'], { userId: 'u3', mode: 'practice' })
		];
		const iStatements = (a: (typeof attempts)[number]) =>
			(a.result as { principles: Record<string, { normalised: number }> }).principles[
				'i-statements'
			].normalised;
		const u1 = iStatements(attempts[0]);
		const u2 = iStatements(attempts[2]);
		const standing = principleStandings(attempts.map(factsOf), 'assessment').find(
			(p) => p.id === 'i-statements'
		)!;
		expect(standing.attempts).toBe(3);
		expect(standing.spread.n).toBe(2);
		expect(standing.spread.mean).toBeCloseTo((u1 + u2) / 2, 1);
		expect(standing.spread.sd).toBeCloseTo(Math.abs(u1 - u2) / 2, 1);
		expect(
			principleStandings(attempts.map(factsOf), 'all').find((p) => p.id === 'i-statements')!.spread
				.n
		).toBe(3);
	});
});
