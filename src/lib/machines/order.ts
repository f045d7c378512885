/**
 * The order a decision's choices are shown in. Position must never be a cue, so each attempt
 * shows them shuffled, from a seed stored with the attempt: the page the server renders, a
 * replay and the server's scoring all see the same order for the same attempt and beat.
 */

/** A 32-bit FNV-1a hash of a string: spreads seeds and beat ids over the generator's states. */
function hash(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

/**
 * mulberry32: a small, well-known generator, plenty for shuffling a handful of choices; the
 * test walks and the benchmarks draw their seeded samples from it too.
 */
export function seededRandom(state: number): () => number {
	state = state >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** `ids` shuffled (Fisher-Yates) by the attempt's seed and the beat; the input is not changed. */
export function shuffledChoices(seed: string, beat: string, ids: readonly string[]): string[] {
	const random = seededRandom(hash(`${seed}\u0000${beat}`));
	const order = [...ids];
	for (let i = order.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[order[i], order[j]] = [order[j], order[i]];
	}
	return order;
}
