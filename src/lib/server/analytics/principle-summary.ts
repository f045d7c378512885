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

/** One trainee's sum and count of normalised scores per principle, over the attempts counted. */
export type TraineePrinciples = Map<string, { sum: number; n: number }>;

export function traineePrinciples(
	attempts: readonly AttemptFacts[],
	scope: AttemptScope,
	counted: (a: AttemptFacts) => boolean = () => true
): TraineePrinciples {
	const out: TraineePrinciples = new Map();
	for (const a of attempts) {
		if (!counts(a, scope) || !counted(a)) continue;
		const principles = a.result.principles ?? {};
		for (const id in principles) {
			const p = principles[id];
			if (p.range.min === p.range.max) continue;
			const tally = out.get(id);
			if (tally) {
				tally.sum += p.normalised;
				tally.n++;
			} else out.set(id, { sum: p.normalised, n: 1 });
		}
	}
	return out;
}

/** The cohort figures from each trainee's figures. */
export function standingsOf(trainees: Iterable<TraineePrinciples>): PrincipleStanding[] {
	const means = new Map<string, number[]>();
	const attempts = new Map<string, number>();
	for (const trainee of trainees) {
		for (const [id, { sum, n }] of trainee) {
			const list = means.get(id);
			if (list) list.push(sum / n);
			else means.set(id, [sum / n]);
			attempts.set(id, (attempts.get(id) ?? 0) + n);
		}
	}
	return PRINCIPLES.flatMap((principle) => {
		const list = means.get(principle.id);
		if (!list) return [];
		return [
			{
				id: principle.id,
				title: principle.title,
				spread: spreadOf(list)!,
				attempts: attempts.get(principle.id) ?? 0
			}
		];
	});
}

export function principleStandings(
	attempts: readonly AttemptFacts[],
	scope: AttemptScope
): PrincipleStanding[] {
	const byTrainee = new Map<string, AttemptFacts[]>();
	for (const a of attempts) {
		const list = byTrainee.get(a.userId);
		if (list) list.push(a);
		else byTrainee.set(a.userId, [a]);
	}
	return standingsOf([...byTrainee.values()].map((list) => traineePrinciples(list, scope)));
}
