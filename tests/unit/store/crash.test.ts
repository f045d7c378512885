import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl, storeBackend } from './backend';
import { crashTrials } from './crash-harness';
import { tempDataDir } from './helpers';

// `npm run bench` runs 100; the suite runs 20 unless RAPPORT_CRASH_KILLS says otherwise.
const KILLS = Number(process.env.RAPPORT_CRASH_KILLS ?? 20);

describe(`crash safety (${storeBackend()} store)`, () => {
	it(
		`always reopens with every acknowledged write after ${KILLS} SIGKILLs`,
		async () => {
			const databaseUrl = storeBackend() === 'postgres' ? await freshDatabaseUrl() : undefined;
			const report = await crashTrials(await tempDataDir(), KILLS, Math.random, databaseUrl);

			expect(report.failedOpens).toEqual([]);
			expect(report.kills).toBe(KILLS);
			expect(report.missing).toEqual([]);
			expect(report.badSequences).toEqual([]);
			// The kills must actually have landed among acknowledged writes to prove anything.
			expect(report.killsWhileWriting).toBeGreaterThanOrEqual(KILLS / 2);
			expect(report.acked).toBeGreaterThan(KILLS * 10);
		},
		KILLS * 4000
	);
});
