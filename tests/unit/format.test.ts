import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../src/lib/format';

// Local times (no "Z"), so the expected text does not depend on the machine's time zone.
describe('formatDate', () => {
	it('writes the day in British order with a short month', () => {
		expect(formatDate('2025-03-05T14:30:00')).toBe('5 Mar 2025');
	});
});

describe('formatDateTime', () => {
	it('adds the time of day on a 24-hour clock', () => {
		expect(formatDateTime('2025-03-05T14:30:00')).toBe('5 Mar 2025, 14:30');
	});
});
