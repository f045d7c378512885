/** Summary statistics the benchmarks share. */

export function median(values: number[]): number {
	if (values.length === 0) throw new Error('bench: median of no values');
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The `p`th percentile of values already sorted ascending, by nearest rank: the smallest value
 * with at least p% of the values at or below it, sorted[ceil(p/100 * n) - 1] kept within the list.
 */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) throw new Error('bench: percentile of no values');
	// p * n before dividing, so a whole rank (95% of 20) is not pushed up by rounding.
	const rank = Math.ceil((p * sorted.length) / 100);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}
