/**
 * Runs `work` over `items` with at most `limit` at a time, results in input order. Reading a
 * thousand shard files one by one leaves the disk idle between reads; all at once would exhaust
 * file handles.
 */
export async function mapLimited<T, R>(
	items: readonly T[],
	limit: number,
	work: (item: T) => Promise<R>
): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const i = next++;
			results[i] = await work(items[i]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
	return results;
}
