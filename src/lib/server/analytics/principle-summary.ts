import { PRINCIPLES } from '$lib/scenarios/principles';
import { counts, type AttemptScope } from './counted';
import { spreadOf, type Spread } from './spread';
import type { AttemptFacts } from './trainee-facts';

/**
 * The cohort's standing on each principle. Each trainee first gets one figure, the mean of their
 * normalised score on that principle over the attempts counted; the cohort figures are taken over
 * those trainee figures, so a trainee with ten attempts weighs as much as one with a single
 * attempt. Principles a scenario does not score (an empty range) carry no information and are
 * left out for that attempt.
 */

export interface PrincipleStanding {
	id: string;
	title: string;
	/** Over trainees: mean, population SD, median and quartiles of the trainees' figures. */
	spread: Spread;
	attempts: number;
}

export function principleStandings(
	attempts: readonly AttemptFacts[],
	scope: AttemptScope
): PrincipleStanding[] {
	// principle -> trainee -> scores
	const byPrinciple = new Map<string, Map<string, number[]>>();
	const attemptsOf = new Map<string, number>();
	for (const a of attempts) {
		if (!counts(a, scope)) continue;
		for (const [id, p] of Object.entries(a.result.principles ?? {})) {
			if (p.range.min === p.range.max) continue;
			const trainees = byPrinciple.get(id) ?? new Map<string, number[]>();
			const list = trainees.get(a.userId) ?? [];
			list.push(p.normalised);
			trainees.set(a.userId, list);
			byPrinciple.set(id, trainees);
			attemptsOf.set(id, (attemptsOf.get(id) ?? 0) + 1);
		}
	}
	return PRINCIPLES.flatMap((principle) => {
		const trainees = byPrinciple.get(principle.id);
		if (!trainees) return [];
		const perTrainee = [...trainees.values()].map(
			(xs) => xs.reduce((s, x) => s + x, 0) / xs.length
		);
		return [
			{
				id: principle.id,
				title: principle.title,
				spread: spreadOf(perTrainee)!,
				attempts: attemptsOf.get(principle.id) ?? 0
			}
		];
	});
}
