import { describe, expect, it } from 'vitest';
import {
	calibration,
	parsePrediction,
	readPrediction,
	type CalibrationEntry
} from '../../../src/lib/practice/prediction';
import { predictionGap } from '../../../src/lib/scenarios/score';

const entry = (
	at: string,
	predicted: number,
	reported: number,
	style: CalibrationEntry['style'] = 'candid'
): CalibrationEntry => ({
	attemptId: `a-${at}`,
	at: `2026-03-${at}T10:00:00.000Z`,
	scenarioTitle: 'Coat still on',
	style,
	predicted,
	reported
});

describe('one prediction', () => {
	it('takes whole points 0 to 10 and nothing else', () => {
		expect(['0', '7', '10', ' 4 '].map(parsePrediction)).toEqual([0, 7, 10, 4]);
		for (const bad of ['', '11', '-1', '7.5', '07', 'x', '1e1', '5 5'])
			expect(parsePrediction(bad), bad).toBeUndefined();
	});

	it('is the prediction minus the client’s rating, to one decimal', () => {
		expect(predictionGap(9, 8.4)).toBe(0.6);
		expect(predictionGap(5, 8.4)).toBe(-3.4);
		expect(predictionGap(3, 3)).toBe(0);
	});

	it('reads which way a large gap went, and whether the rating masked the session', () => {
		// Within 1.5 points: close.
		expect(readPrediction({ predicted: 7, reported: 8.4, felt: 8.4 }).reading).toBe('close');
		// Close to a polite 8.4 that the client did not feel (2.0).
		expect(readPrediction({ predicted: 9, reported: 8.4, felt: 2 })).toEqual({
			predicted: 9,
			reported: 8.4,
			gap: 0.6,
			reading: 'close-masked'
		});
		// Expected 10, a deferential client still wrote only 8: over-estimated.
		expect(readPrediction({ predicted: 10, reported: 8, felt: 0 })).toMatchObject({
			gap: 2,
			reading: 'over'
		});
		// Expected 3; the client wrote 8.4 but felt 2: the trainee read the room, the form flatters.
		expect(readPrediction({ predicted: 3, reported: 8.4, felt: 2 })).toMatchObject({
			gap: -5.4,
			reading: 'under-masked'
		});
		// Expected 3; a candid client wrote and felt 8: it went better than the trainee thought.
		expect(readPrediction({ predicted: 3, reported: 8, felt: 8 }).reading).toBe('under');
		// A result from before rating styles (no felt rating) is read on the rating alone.
		expect(readPrediction({ predicted: 3, reported: 8, felt: null }).reading).toBe('under');
		// Exactly 1.5 counts as large, as the masking gap does.
		expect(readPrediction({ predicted: 8, reported: 6.5, felt: 6.5 }).reading).toBe('over');
	});
});

describe('calibration', () => {
	it('is undefined without predictions', () => {
		expect(calibration([])).toBeUndefined();
	});

	it('gives the mean absolute and mean signed gaps, exactly, oldest first', () => {
		const figures = calibration([
			entry('05', 9, 8.4, 'deferential'), // +0.6
			entry('01', 8, 6, 'candid'), // +2
			entry('03', 4, 5.5, 'guarded'), // -1.5
			entry('04', 10, 8.2, 'deferential') // +1.8
		])!;
		// |gaps| 2 + 1.5 + 1.8 + 0.6 = 5.9 / 4 = 1.475 -> 1.5; signed 2.9 / 4 = 0.725 -> 0.7.
		expect(figures).toMatchObject({
			count: 4,
			meanAbsolute: 1.5,
			meanSigned: 0.7,
			tendency: 'over'
		});
		expect(figures.entries.map((e) => [e.at.slice(8, 10), e.gap])).toEqual([
			['01', 2],
			['03', -1.5],
			['04', 1.8],
			['05', 0.6]
		]);
		expect(figures.byStyle).toEqual([
			{ style: 'candid', count: 1, meanAbsolute: 2, meanSigned: 2, tendency: 'over' },
			{ style: 'deferential', count: 2, meanAbsolute: 1.2, meanSigned: 1.2, tendency: 'over' },
			{ style: 'guarded', count: 1, meanAbsolute: 1.5, meanSigned: -1.5, tendency: 'under' }
		]);
	});

	it('calls a mean signed gap under half a point even, and rounds halves away from zero', () => {
		// Gaps -1 and +0.3: signed -0.35 -> -0.4 (not -0.3), absolute 0.65 -> 0.7.
		const figures = calibration([entry('01', 5, 6), entry('02', 6, 5.7)])!;
		expect(figures).toMatchObject({ meanSigned: -0.4, meanAbsolute: 0.7, tendency: 'even' });
		// Gaps -3 and +2: a mean of -0.5 is a tendency to under-estimate.
		expect(calibration([entry('01', 3, 6), entry('02', 8, 6)])).toMatchObject({
			meanSigned: -0.5,
			meanAbsolute: 2.5,
			tendency: 'under'
		});
		// Perfect: no negative zero.
		expect(calibration([entry('01', 6, 6)])).toMatchObject({ meanSigned: 0, meanAbsolute: 0 });
		expect(Object.is(calibration([entry('01', 6, 6)])!.meanSigned, -0)).toBe(false);
	});
});
