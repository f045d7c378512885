import { PRINCIPLES } from '$lib/scenarios/principles';
import { verdictOf, type MarkOf, type PassVerdict } from './pass-mark';
import { knownScenario, playableScenarios } from './scenario-library';
import type { AttemptResult } from './scoring';
import { isWhatIf } from './programmes/status';
import type { Attempt } from './store';

/**
 * A trainee's progress from their own attempts: best and latest score per scenario, each
 * principle's normalised score over time, and a next scenario for the weakest principle.
 * "What if" replays are listed (and can be continued) but count towards none of it: they start
 * part-way through another attempt, so their scores are not the trainee's own path.
 */

export interface ScenarioProgress {
	scenarioId: string;
	title: string;
	attempts: number;
	completed: number;
	best: number | null;
	latest: number | null;
	passed: boolean;
	/** The verdict shown: the first passing attempt's, else the latest finished one's. */
	verdict: PassVerdict | null;
	activeAttemptId?: string;
	/** True when the attempt in progress is a "what if" replay. */
	activeWhatIf?: boolean;
}

export interface PrincipleTrend {
	id: string;
	title: string;
	points: { attemptId: string; at: string; scenario: string; value: number }[];
	mean: number;
}

/**
 * How strong a principle is now: the mean of the latest three attempts that practised it. The
 * weakest principle (the suggested next scenario) and the order new drills are introduced in
 * (practice/plan.ts) are both judged by it.
 */
export function recentScore(trend: PrincipleTrend): number {
	const last = trend.points.slice(-3);
	return last.reduce((s, x) => s + x.value, 0) / last.length;
}

/** `markOf` is the one pass rule's mark for each attempt (`passMarksFor` in pass-mark.ts). */
export function progressOf(attempts: Attempt[], markOf: MarkOf) {
	const scenarios = new Map(playableScenarios().map((s) => [s.scenario.id, s]));
	const titleOf = (id: string) => knownScenario(id)?.scenario.title ?? id;
	const done = attempts
		.filter((a) => a.status === 'completed' && a.result && !isWhatIf(a))
		.sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? ''));
	const resultOf = (a: Attempt) => a.result as unknown as AttemptResult;

	const byScenario = new Map<string, ScenarioProgress>();
	// When each row's latest score was finished: an attempt left open and finished later is later.
	const latestAt = new Map<string, string>();
	for (const a of [...attempts].sort((x, y) => x.startedAt.localeCompare(y.startedAt))) {
		const row = byScenario.get(a.scenarioId) ?? {
			scenarioId: a.scenarioId,
			title: titleOf(a.scenarioId),
			attempts: 0,
			completed: 0,
			best: null,
			latest: null,
			passed: false,
			verdict: null
		};
		if (a.status === 'active') {
			row.activeAttemptId = a.id;
			if (isWhatIf(a)) row.activeWhatIf = true;
			else delete row.activeWhatIf;
		}
		byScenario.set(a.scenarioId, row);
		if (isWhatIf(a)) continue;
		row.attempts++;
		if (a.status === 'completed' && a.result) {
			const r = resultOf(a);
			row.completed++;
			row.best = Math.max(row.best ?? 0, r.normalised);
			const at = a.completedAt ?? a.startedAt;
			if (at >= (latestAt.get(a.scenarioId) ?? '')) {
				row.latest = r.normalised;
				latestAt.set(a.scenarioId, at);
			}
			const verdict = verdictOf(a, markOf(a));
			if (verdict && !row.passed) {
				row.verdict = verdict;
				row.passed = verdict.passed;
			}
		}
	}

	const trends: PrincipleTrend[] = PRINCIPLES.map((p) => {
		const points = done
			.filter((a) => p.id in (resultOf(a).principles ?? {}))
			.map((a) => ({
				attemptId: a.id,
				at: a.completedAt ?? a.startedAt,
				scenario: titleOf(a.scenarioId),
				value: resultOf(a).principles[p.id].normalised
			}));
		const mean = points.length
			? Math.round(points.reduce((s, x) => s + x.value, 0) / points.length)
			: 0;
		return { id: p.id, title: p.title, points, mean };
	}).filter((t) => t.points.length > 0);

	const weakest = [...trends].sort((a, b) => recentScore(a) - recentScore(b))[0];
	let suggestion: {
		principle: { id: string; title: string };
		scenario: { id: string; title: string };
	} | null = null;
	const practised = new Set(attempts.map((a) => a.scenarioId));
	const candidates = (principle: string) =>
		[...scenarios.values()]
			.filter(({ scenario }) => scenario.principles.includes(principle))
			.sort(
				(a, b) =>
					Number(practised.has(a.scenario.id)) - Number(practised.has(b.scenario.id)) ||
					a.scenario.difficulty - b.scenario.difficulty
			);
	if (weakest) {
		const pick = candidates(weakest.id).find((c) => !byScenario.get(c.scenario.id)?.passed);
		if (pick)
			suggestion = {
				principle: { id: weakest.id, title: weakest.title },
				scenario: { id: pick.scenario.id, title: pick.scenario.title }
			};
	}
	if (!suggestion) {
		// Nothing played yet, or everything passed: start with the easiest unplayed scenario.
		const first = [...scenarios.values()]
			.filter((s) => !practised.has(s.scenario.id))
			.sort((a, b) => a.scenario.difficulty - b.scenario.difficulty)[0];
		if (first)
			suggestion = {
				principle: {
					id: first.scenario.principles[0],
					title: PRINCIPLES.find((p) => p.id === first.scenario.principles[0])?.title ?? ''
				},
				scenario: { id: first.scenario.id, title: first.scenario.title }
			};
	}

	return {
		scenarios: [...byScenario.values()],
		trends,
		weakest: weakest ? { id: weakest.id, title: weakest.title } : null,
		suggestion,
		recent: [...attempts]
			.sort((a, b) => b.startedAt.localeCompare(a.startedAt))
			.slice(0, 20)
			.map((a) => ({
				id: a.id,
				scenario: titleOf(a.scenarioId),
				mode: a.mode,
				whatIf: isWhatIf(a),
				status: a.status,
				startedAt: a.startedAt,
				score: a.result ? resultOf(a).normalised : null,
				verdict: verdictOf(a, markOf(a)) ?? null
			}))
	};
}
