import {
	calibration,
	parsePrediction,
	readPrediction,
	type Calibration,
	type CalibrationEntry,
	type PredictionReview
} from '$lib/practice/prediction';
import { AttemptError, loadAttempt } from './attempts';
import { isWhatIf } from './programmes/status';
import { loadVersion } from './scenario-library';
import type { AttemptResult } from './scoring';
import { StoreConflictError } from './store/errors';
import type { Attempt, PublicUser, Store } from './store/types';

/**
 * Predicting the client's session rating, on the server: which attempts ask for a prediction,
 * recording one (once), what the debrief shows, and a trainee's calibration for /me and their
 * export. The figures themselves are src/lib/practice/prediction.ts.
 */

/** The client's overall rating in a finished attempt's stored result, if it has one. */
function reportedOverall(attempt: Pick<Attempt, 'result'>): number | undefined {
	const overall = (attempt.result as Partial<AttemptResult> | undefined)?.rating?.overall;
	return typeof overall === 'number' && Number.isFinite(overall) ? overall : undefined;
}

/**
 * The one rule for which attempts ask for a prediction: a finished scenario attempt whose client
 * gave an overall rating. Drills (a minute on one skill) and "what if" replays (the trainee has
 * already seen the rating of the path they branch from) do not.
 */
export function predictionOffered(
	attempt: Pick<Attempt, 'status' | 'drill' | 'parentAttemptId' | 'result'>
): boolean {
	return (
		attempt.status === 'completed' &&
		attempt.drill !== true &&
		!isWhatIf(attempt) &&
		reportedOverall(attempt) !== undefined
	);
}

/** Records the trainee's prediction (`intent` `predict`, with `overall` 0-10) or their skip. */
export async function predict(
	store: Store,
	user: PublicUser,
	attemptId: string,
	input: { intent: string; overall: string }
): Promise<void> {
	const { attempt } = await loadAttempt(store, user, attemptId);
	if (attempt.userId !== user.id)
		throw new AttemptError(403, 'Only the trainee who played an attempt can predict its rating.');
	if (!predictionOffered(attempt))
		throw new AttemptError(409, 'This attempt does not ask for a prediction.');
	let overall: number | null;
	if (input.intent === 'skip') overall = null;
	else {
		const value = parsePrediction(input.overall);
		if (value === undefined)
			throw new AttemptError(400, 'Choose a number from 0 to 10, or skip the prediction.');
		overall = value;
	}
	try {
		await store.predictRating(attempt.id, { overall, at: new Date().toISOString() });
	} catch (error) {
		if (error instanceof StoreConflictError && error.code === 'prediction-made')
			throw new AttemptError(409, 'You have already answered this; the rating is shown below.');
		throw error;
	}
}

/**
 * What the debrief shows about the prediction. `pending`: the trainee who played it has not
 * predicted yet, so the client's rating stays out of the page data until they do (or skip).
 */
export type PredictionView =
	| { state: 'none' }
	| { state: 'pending' }
	| { state: 'skipped' }
	| ({ state: 'made' } & PredictionReview);

export function predictionView(attempt: Attempt, viewerId: string | undefined): PredictionView {
	const reported = reportedOverall(attempt);
	if (!predictionOffered(attempt) || reported === undefined) return { state: 'none' };
	const prediction = attempt.prediction;
	if (!prediction) return viewerId === attempt.userId ? { state: 'pending' } : { state: 'none' };
	if (prediction.overall === null) return { state: 'skipped' };
	const felt = (attempt.result as unknown as AttemptResult).felt?.overall ?? null;
	return { state: 'made', ...readPrediction({ predicted: prediction.overall, reported, felt }) };
}

/** The predictions among a trainee's attempts, with what each client wrote, for `calibration`. */
export async function calibrationEntries(
	attempts: readonly Attempt[]
): Promise<CalibrationEntry[]> {
	const entries: CalibrationEntry[] = [];
	for (const attempt of attempts) {
		const predicted = attempt.prediction?.overall;
		const reported = reportedOverall(attempt);
		if (!attempt.prediction || typeof predicted !== 'number' || reported === undefined) continue;
		if (!predictionOffered(attempt)) continue;
		// The version played says how its client rates; a version no longer held counts as candid.
		const version = await loadVersion(attempt.scenarioHash);
		entries.push({
			attemptId: attempt.id,
			at: attempt.prediction.at,
			scenarioTitle: version?.scenario.title ?? attempt.scenarioId,
			style: version?.scenario.ratingStyle ?? 'candid',
			predicted,
			reported
		});
	}
	return entries;
}

export async function calibrationOf(
	store: Store,
	userId: string
): Promise<Calibration | undefined> {
	return calibration(await calibrationEntries(await store.listAttemptsByUser(userId)));
}
