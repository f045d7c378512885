/**
 * Summary figures for a list of scores. The cohort screens report the spread as the population
 * standard deviation (the cohort is the whole population, not a sample of one) and also give the
 * interquartile range, which a few outliers cannot stretch.
 */

export interface Spread {
	n: number;
	mean: number;
	sd: number;
	median: number;
	q1: number;
	q3: number;
}

/** Linear interpolation between order statistics (the "type 7" rule most spreadsheets use). */
function quantile(sorted: readonly number[], p: number): number {
	const at = (sorted.length - 1) * p;
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function spreadOf(values: readonly number[]): Spread | null {
	if (values.length === 0) return null;
	const n = values.length;
	const mean = values.reduce((a, b) => a + b, 0) / n;
	const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
	const sorted = [...values].sort((a, b) => a - b);
	return {
		n,
		mean: round1(mean),
		sd: round1(Math.sqrt(variance)),
		median: round1(quantile(sorted, 0.5)),
		q1: round1(quantile(sorted, 0.25)),
		q3: round1(quantile(sorted, 0.75))
	};
}
