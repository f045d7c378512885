import { describe, expect, it } from 'vitest';
import { markOfAttempt, type MarkOf } from '../../src/lib/server/pass-mark';
import { progressOf as progressWith } from '../../src/lib/server/progress';
import { playableScenarios } from '../../src/lib/server/scenario-library';
import type { Attempt } from '../../src/lib/server/store';

/**
 * A trainee's progress from their attempts. The attempts are made by hand here: progressOf reads
 * only the stored results, so no scenario needs playing.
 */

// Attempts outside any assignment: each judged by its scenario's own pass mark.
const progressOf = (attempts: Attempt[], markOf: MarkOf = markOfAttempt([])) =>
	progressWith(attempts, markOf);

let n = 0;
const day = (d: number, h = 12) => new Date(Date.UTC(2026, 0, d, h)).toISOString();

function attempt(
	scenarioId: string,
	options: {
		started: number;
		completed?: number;
		mode?: Attempt['mode'];
		score?: number;
		principles?: Record<string, number>;
		assignmentId?: string;
	}
): Attempt {
	const id = `attempt-${++n}`;
	const base: Attempt = {
		id,
		userId: 'u1',
		scenarioId,
		scenarioHash: 'hash',
		mode: options.mode ?? 'practice',
		status: options.completed === undefined ? 'active' : 'completed',
		startedAt: day(options.started),
		...(options.assignmentId ? { assignmentId: options.assignmentId } : {})
	};
	if (options.completed === undefined) return base;
	return {
		...base,
		completedAt: day(options.completed),
		result: {
			normalised: options.score ?? 50,
			principles: Object.fromEntries(
				Object.entries(options.principles ?? {}).map(([p, v]) => [p, { normalised: v }])
			)
		}
	};
}

describe('progressOf: "what if" replays', () => {
	it('lists an open replay to continue, but counts none towards attempts, scores or trends', () => {
		const own = attempt('coat-still-on', {
			started: 1,
			completed: 1,
			score: 40,
			mode: 'assessment',
			principles: { 'safe-space': 30 }
		});
		const whatIf = (started: number, completed?: number) => ({
			...attempt('coat-still-on', {
				started,
				completed,
				score: 100,
				principles: { 'safe-space': 100 }
			}),
			parentAttemptId: own.id,
			branchFromStep: 1
		});
		const finished = whatIf(2, 2);
		const open = whatIf(3);
		const progress = progressOf([own, finished, open]);
		expect(progress.scenarios[0]).toMatchObject({
			attempts: 1,
			completed: 1,
			best: 40,
			latest: 40,
			passed: false,
			activeAttemptId: open.id,
			activeWhatIf: true
		});
		expect(progress.trends.find((t) => t.id === 'safe-space')!.points).toEqual([
			expect.objectContaining({ attemptId: own.id, value: 30 })
		]);
		// Listed among recent attempts, and named as what they are.
		expect(progress.recent.map((r) => [r.id, r.whatIf])).toEqual([
			[open.id, true],
			[finished.id, true],
			[own.id, false]
		]);
	});
});

describe('progressOf: per scenario', () => {
	it('counts attempts, keeps the best and the latest finished score, and the active attempt', () => {
		const attempts = [
			attempt('coat-still-on', { started: 1, completed: 1, score: 55 }),
			attempt('coat-still-on', { started: 2, completed: 2, score: 80 }),
			// Started before the next one but finished after it: the latest score is this one.
			attempt('coat-still-on', { started: 3, completed: 6, score: 40 }),
			attempt('coat-still-on', { started: 4, completed: 5, score: 60 }),
			attempt('coat-still-on', { started: 7 })
		];
		const row = progressOf(attempts).scenarios.find((s) => s.scenarioId === 'coat-still-on')!;
		expect(row).toMatchObject({
			title: 'Coat still on',
			attempts: 5,
			completed: 4,
			best: 80,
			latest: 40,
			// 80 reaches coat-still-on's own mark (70): the first passing attempt decides the row.
			passed: true,
			verdict: { passed: true, score: 80, mark: { value: 70, from: 'scenario' } },
			activeAttemptId: attempts[4].id
		});
	});

	it('judges every finished attempt by the one pass rule, whatever its mode', () => {
		const failed = progressOf([
			attempt('camera-off', { started: 1, completed: 1, score: 63, mode: 'assessment' })
		]);
		expect(failed.scenarios[0]).toMatchObject({
			passed: false,
			verdict: { passed: false, score: 63, mark: { value: 70, from: 'scenario' } }
		});
		const practice = progressOf([
			attempt('camera-off', { started: 1, completed: 1, score: 95, mode: 'practice' })
		]);
		expect(practice.scenarios[0]).toMatchObject({ best: 95, passed: true });
		expect(practice.recent[0].verdict).toMatchObject({ passed: true, score: 95 });
	});

	it("judges an assignment's attempt by the assignment's mark, others by the scenario's", () => {
		const assignment = {
			id: 'asg-1',
			cohortId: 'c1',
			scenarioId: 'camera-off',
			mode: 'assessment' as const,
			passMark: 60,
			createdBy: 'i1',
			createdAt: day(1)
		};
		const attempts = [
			// Played before the assignment existed: the scenario's mark (70) applies.
			attempt('camera-off', { started: 1, completed: 1, score: 63, mode: 'assessment' }),
			attempt('camera-off', {
				started: 2,
				completed: 2,
				score: 63,
				mode: 'assessment',
				assignmentId: 'asg-1'
			})
		];
		const progress = progressOf(attempts, markOfAttempt([assignment]));
		expect(progress.scenarios[0]).toMatchObject({
			passed: true,
			verdict: { passed: true, score: 63, mark: { value: 60, from: 'assignment' } }
		});
		const byId = new Map(progress.recent.map((r) => [r.id, r.verdict]));
		expect(byId.get(attempts[0].id)).toEqual({
			passed: false,
			score: 63,
			mark: { value: 70, from: 'scenario' }
		});
		expect(byId.get(attempts[1].id)).toMatchObject({ passed: true, mark: { value: 60 } });
	});

	it('has no scores for a scenario only started', () => {
		const started = attempt('camera-off', { started: 1 });
		expect(progressOf([started]).scenarios).toEqual([
			{
				scenarioId: 'camera-off',
				title: 'Camera off',
				attempts: 1,
				completed: 0,
				best: null,
				latest: null,
				passed: false,
				verdict: null,
				activeAttemptId: started.id
			}
		]);
	});
});

describe('progressOf: principle trends', () => {
	it('lists each practised principle’s scores in the order they were finished, with the mean', () => {
		const attempts = [
			attempt('coat-still-on', { started: 3, completed: 3, principles: { 'safe-space': 90 } }),
			attempt('coat-still-on', {
				started: 1,
				completed: 1,
				principles: { 'safe-space': 40, 'i-statements': 10 }
			}),
			attempt('camera-off', { started: 2, completed: 2, principles: { 'safe-space': 65 } }),
			attempt('camera-off', { started: 4 })
		];
		const { trends } = progressOf(attempts);
		expect(trends.map((t) => t.id).sort()).toEqual(['i-statements', 'safe-space']);
		const safe = trends.find((t) => t.id === 'safe-space')!;
		expect(safe.title).toBe('Create a safe space');
		expect(safe.points.map((p) => [p.value, p.scenario])).toEqual([
			[40, 'Coat still on'],
			[65, 'Camera off'],
			[90, 'Coat still on']
		]);
		expect(safe.points[0].attemptId).toBe(attempts[1].id);
		expect(safe.mean).toBe(65);
		// (10) alone
		expect(trends.find((t) => t.id === 'i-statements')!.mean).toBe(10);
	});

	it('is empty with nothing finished', () => {
		const progress = progressOf([attempt('camera-off', { started: 1 })]);
		expect(progress.trends).toEqual([]);
		expect(progress.weakest).toBeNull();
	});
});

describe('progressOf: the next scenario', () => {
	it('judges the weakest principle on the latest three attempts that practised it', () => {
		// refer-on started badly but the last three are strong (mean 80); safe-space is steady
		// at 60, so it is the weaker now, although refer-on's all-time mean (50) is lower.
		const attempts = [
			attempt('coat-still-on', { started: 1, completed: 1, principles: { 'refer-on': 5 } }),
			attempt('coat-still-on', { started: 2, completed: 2, principles: { 'refer-on': 5 } }),
			...[3, 4, 5].map((d) =>
				attempt('coat-still-on', {
					started: d,
					completed: d,
					principles: { 'refer-on': 80, 'safe-space': 60 }
				})
			)
		];
		const progress = progressOf(attempts);
		expect(progress.trends.find((t) => t.id === 'refer-on')!.mean).toBe(50);
		expect(progress.weakest).toEqual({ id: 'safe-space', title: 'Create a safe space' });
	});

	it('suggests the easiest unplayed scenario that practises the weakest principle', () => {
		const attempts = [
			attempt('coat-still-on', {
				started: 1,
				completed: 1,
				principles: { 'refer-on': 20, 'safe-space': 90 }
			})
		];
		const { weakest, suggestion } = progressOf(attempts);
		expect(weakest?.id).toBe('refer-on');
		const practising = playableScenarios()
			.map((s) => s.scenario)
			.filter((s) => s.principles.includes('refer-on'));
		expect(practising.length).toBeGreaterThan(0);
		const picked = practising.find((s) => s.id === suggestion?.scenario.id);
		expect(picked, 'the suggestion practises refer-on').toBeDefined();
		expect(suggestion!.principle).toEqual({ id: 'refer-on', title: weakest!.title });
		expect(picked!.id).not.toBe('coat-still-on');
		for (const other of practising)
			expect(picked!.difficulty, other.id).toBeLessThanOrEqual(other.difficulty);
	});

	it('prefers an unplayed scenario, and never suggests one already passed', () => {
		const practising = playableScenarios()
			.map((s) => s.scenario)
			.filter((s) => s.principles.includes('safe-space'))
			.sort((a, b) => a.difficulty - b.difficulty);
		expect(practising.length).toBeGreaterThan(1);
		const [easiest, ...rest] = practising;
		// The easiest was played (not passed): an unplayed one comes first.
		const played = progressOf([
			attempt(easiest.id, { started: 1, completed: 1, principles: { 'safe-space': 10 } })
		]);
		expect(played.suggestion?.scenario.id).not.toBe(easiest.id);
		expect(rest.map((s) => s.id)).toContain(played.suggestion?.scenario.id);

		// Everything that practises it played; all passed but the hardest: that one is suggested.
		const hardest = practising[practising.length - 1];
		const all = practising.map((s, i) =>
			attempt(s.id, {
				started: i + 1,
				completed: i + 1,
				mode: 'assessment',
				score: s.id === hardest.id ? 30 : 90,
				principles: { 'safe-space': 10 }
			})
		);
		expect(progressOf(all).suggestion?.scenario.id).toBe(hardest.id);
	});

	it('starts a new trainee on an easiest scenario', () => {
		const { suggestion, scenarios, recent } = progressOf([]);
		expect(scenarios).toEqual([]);
		expect(recent).toEqual([]);
		const easiest = Math.min(...playableScenarios().map((s) => s.scenario.difficulty));
		const picked = playableScenarios().find((s) => s.scenario.id === suggestion?.scenario.id);
		expect(picked?.scenario.difficulty).toBe(easiest);
		expect(picked?.scenario.principles).toContain(suggestion!.principle.id);
	});
});

describe('progressOf: recent attempts', () => {
	it('lists the 20 most recently started, newest first, with their scores', () => {
		const attempts = Array.from({ length: 25 }, (_, i) =>
			attempt(
				'camera-off',
				i % 2 ? { started: i + 1 } : { started: i + 1, completed: i + 1, score: i }
			)
		);
		const { recent } = progressOf(attempts);
		expect(recent).toHaveLength(20);
		expect(recent[0]).toMatchObject({ id: attempts[24].id, score: 24, status: 'completed' });
		expect(recent[1]).toMatchObject({ id: attempts[23].id, score: null, status: 'active' });
		expect(recent[19].id).toBe(attempts[5].id);
	});
});
