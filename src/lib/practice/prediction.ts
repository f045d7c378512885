import { isLargeGap, predictionGap } from '$lib/scenarios/score';
import type { RatingStyle } from '$lib/scenarios/types';

/**
 * Predicting the client: at the debrief, before the client's session rating is shown, the trainee
 * guesses the overall line (0-10, the client's own scale). What a prediction says about one
 * session (`readPrediction`) and about many (`calibration`) is worked out here, as plain
 * functions, for the debrief, /me and the trainee's export alike. docs/practice.md explains both.
 */

/** The whole points a trainee can predict: the client's overall line runs 0 to 10. */
export const PREDICTION_VALUES: readonly number[] = Array.from({ length: 11 }, (_, i) => i);

/** A posted prediction: one of PREDICTION_VALUES, or undefined for anything else. */
export function parsePrediction(raw: string): number | undefined {
	return /^(?:10|[0-9])$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

/**
 * What the debrief says about one prediction:
 * - `close`: within RATING_GAP of the client's rating;
 * - `close-masked`: close to the rating, but the rating itself overstates what the client felt
 *   (a polite or guarded client): reading the form right is not reading the client;
 * - `over`: the trainee expected more than the client gave, the common therapist error that
 *   feedback-informed treatment exists to catch;
 * - `under-masked`: the client rated higher than the trainee expected, but the trainee's sense
 *   was nearer what the client felt than the rating was: the rating flatters the session;
 * - `under`: the client rated higher than expected, and meant it.
 */
export type PredictionReading = 'close' | 'close-masked' | 'over' | 'under' | 'under-masked';

export interface PredictionReview {
	predicted: number;
	reported: number;
	/** Prediction minus the client's rating (`predictionGap`). */
	gap: number;
	reading: PredictionReading;
}

export function readPrediction(input: {
	predicted: number;
	reported: number;
	/** What the client felt (`AttemptResult.felt.overall`); null when the result predates it. */
	felt: number | null;
}): PredictionReview {
	const { predicted, reported, felt } = input;
	const gap = predictionGap(predicted, reported);
	const masked = felt !== null && isLargeGap(reported - felt);
	let reading: PredictionReading;
	if (!isLargeGap(gap)) reading = masked ? 'close-masked' : 'close';
	else if (gap > 0) reading = 'over';
	else
		reading =
			masked && felt !== null && Math.abs(predicted - felt) < Math.abs(reported - felt)
				? 'under-masked'
				: 'under';
	return { predicted, reported, gap, reading };
}

/** One prediction with what the client wrote, as calibration counts it. */
export interface CalibrationEntry {
	attemptId: string;
	/** When the prediction was made. */
	at: string;
	scenarioTitle: string;
	style: RatingStyle;
	predicted: number;
	reported: number;
}

export interface CalibrationFigures {
	count: number;
	/** Mean of |prediction - rating|, to one decimal: how far off, either way. */
	meanAbsolute: number;
	/** Mean of prediction - rating, to one decimal: positive when the trainee over-estimates. */
	meanSigned: number;
	/** `over` or `under` when the mean signed gap is at least TENDENCY either way, else `even`. */
	tendency: 'over' | 'under' | 'even';
}

export interface Calibration extends CalibrationFigures {
	/** The same figures per rating style the trainee has met, candid first. */
	byStyle: ({ style: RatingStyle } & CalibrationFigures)[];
	/** Every prediction, oldest first, with its gap. */
	entries: (CalibrationEntry & { gap: number })[];
}

/** A mean signed gap this large, either way, is called a tendency to over- or under-estimate. */
export const TENDENCY = 0.5;

/** To one decimal, halves away from zero, so -0.85 and 0.85 round alike. */
function oneDecimal(x: number): number {
	return (Math.sign(x) * Math.round(Math.abs(x) * 10)) / 10 || 0;
}

function figures(gaps: readonly number[]): CalibrationFigures {
	const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
	const meanSigned = oneDecimal(sum(gaps) / gaps.length);
	return {
		count: gaps.length,
		meanAbsolute: oneDecimal(sum(gaps.map(Math.abs)) / gaps.length),
		meanSigned,
		tendency: meanSigned >= TENDENCY ? 'over' : meanSigned <= -TENDENCY ? 'under' : 'even'
	};
}

const STYLE_ORDER: readonly RatingStyle[] = ['candid', 'deferential', 'guarded'];

/**
 * How well a trainee's predictions matched their clients' ratings over time. The one calibration
 * rule: /me and the trainee's export both show what this returns. Undefined without predictions.
 * Each gap is `predictionGap`, and the means are taken over those gaps, so they agree with what
 * each debrief said.
 */
export function calibration(entries: readonly CalibrationEntry[]): Calibration | undefined {
	if (entries.length === 0) return undefined;
	const withGaps = [...entries]
		.sort((a, b) => a.at.localeCompare(b.at) || a.attemptId.localeCompare(b.attemptId))
		.map((e) => ({ ...e, gap: predictionGap(e.predicted, e.reported) }));
	const byStyle = STYLE_ORDER.flatMap((style) => {
		const gaps = withGaps.filter((e) => e.style === style).map((e) => e.gap);
		return gaps.length === 0 ? [] : [{ style, ...figures(gaps) }];
	});
	return { ...figures(withGaps.map((e) => e.gap)), byStyle, entries: withGaps };
}
