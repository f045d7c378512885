import { describe, expect, it } from 'vitest';
import { readDelta } from '../../src/lib/scenarios/build';

// readDelta replaces a regular expression on the compiler's hot path; it must read exactly what
// the expression read.
const PATTERN = /^([a-z][a-z0-9-]*)\s*([+-]?\d+)$/;
const byPattern = (item: string) => {
	const m = PATTERN.exec(item);
	return m ? { name: m[1], amount: Number(m[2]) } : null;
};

describe('readDelta', () => {
	it.each(['safe-space +2', 'trust -1', 'trust+1', 'trust-2', 'a1', 'x 0', 'i-statements  +3'])(
		'reads %j like the pattern',
		(item) => expect(readDelta(item)).toEqual(byPattern(item))
	);

	it('agrees with the pattern on thousands of random entries', () => {
		const alphabet = 'ab-19 +-\t';
		let seed = 7;
		const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let n = 0; n < 20_000; n++) {
			const length = 1 + Math.floor(next() * 9);
			let item = '';
			for (let i = 0; i < length; i++) item += alphabet[Math.floor(next() * alphabet.length)];
			expect(readDelta(item), JSON.stringify(item)).toEqual(byPattern(item));
		}
	});
});
