import type {
	Analysis,
	Meter,
	Range,
	RatingStyle,
	RuptureRecord,
	Scenario,
	SrsLine
} from './types';
import { getPrinciple } from './principles';
import type { Dimension } from './principles';

/**
 * Scoring rules shared by the debrief, the CLI and the server. Everything here is a pure
 * function of the path's raw figures and the analysis, so a score can always be recomputed.
 */

/** Raw score to 0-100 between the analysed worst and best paths. */
export function normalise(value: number, range: Range): number {
	if (range.max === range.min) return 100;
	const ratio = (value - range.min) / (range.max - range.min);
	return Math.round(Math.min(1, Math.max(0, ratio)) * 100);
}

/**
 * Whether a normalised score reaches a pass mark: the comparison every verdict uses. Which mark
 * applies (an assignment's or the scenario's) is decided on the server, in server/pass-mark.ts;
 * the compiler's lints judge by the scenario's own mark, as free play is judged.
 */
export function reachesMark(normalised: number, mark: number): boolean {
	return normalised >= mark;
}

export interface ScoreCard {
	total: number;
	/** 0-100 between the worst and best paths, capped when a critical action was missed. */
	normalised: number;
	/** The normalised score before the cap, when a missed critical action lowered it. */
	uncapped?: number;
	/** Each critical action the scenario declares, met or missed, with its cap. */
	critical: { id: string; title: string; met: boolean; cap: number }[];
	/** Each rupture on the path and how it was handled: at once, late, or never. */
	ruptures: RuptureRecord[];
	principles: Record<string, { raw: number; normalised: number; range: Range }>;
	dimensions: Record<Dimension, number | null>;
}

/**
 * The one scoring rule: every surface (the debrief, the server's stored result, the CLI, the
 * reports) gets its score and pass from here. `met` and `ruptures` come from the replayed path.
 */
export function scoreCard(
	scenario: Scenario,
	analysis: Analysis,
	raw: {
		total: number;
		scores: Record<string, number>;
		met?: readonly string[];
		ruptures?: readonly RuptureRecord[];
	}
): ScoreCard {
	const principles: ScoreCard['principles'] = {};
	for (const [id, range] of Object.entries(analysis.principles)) {
		const value = raw.scores[id] ?? 0;
		principles[id] = { raw: value, normalised: normalise(value, range), range };
	}
	// A dimension is the mean of the normalised principles that bear on it.
	const dims: Record<Dimension, number[]> = { goals: [], tasks: [], bond: [] };
	for (const [id, p] of Object.entries(principles)) {
		if (p.range.min === p.range.max) continue;
		for (const dim of getPrinciple(id)?.dimensions ?? []) dims[dim].push(p.normalised);
	}
	const mean = (xs: number[]) =>
		xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : null;
	const points = normalise(raw.total, analysis.total);
	// A missed critical action caps the score below the pass mark, whatever the points.
	const critical = Object.entries(scenario.critical ?? {}).map(([id, action]) => ({
		id,
		title: action.title,
		met: (raw.met ?? []).includes(id),
		cap: action.cap
	}));
	const normalised = Math.min(points, ...critical.filter((c) => !c.met).map((c) => c.cap));
	return {
		total: raw.total,
		normalised,
		...(normalised < points ? { uncapped: points } : {}),
		critical,
		ruptures: [...(raw.ruptures ?? [])],
		principles,
		dimensions: { goals: mean(dims.goals), tasks: mean(dims.tasks), bond: mean(dims.bond) }
	};
}

/**
 * The client's end-of-session rating, after the Session Rating Scale: each line is the mean of
 * its meters, each normalised to its range, times ten, to one decimal (docs/scenario-format.md).
 */
export function clientRating(
	meters: Record<string, Meter>,
	values: Record<string, number>,
	srs: Record<SrsLine, string[]>
): Record<SrsLine, number | null> {
	const line = (names: string[]) => {
		const parts = names
			.filter((n) => meters[n])
			.map((n) => {
				const m = meters[n];
				return m.max === m.min ? 1 : ((values[n] ?? m.start) - m.min) / (m.max - m.min);
			});
		if (parts.length === 0) return null;
		return Math.round((parts.reduce((a, b) => a + b, 0) / parts.length) * 100) / 10;
	};
	return {
		relationship: line(srs.relationship),
		goals: line(srs.goals),
		approach: line(srs.approach),
		overall: line(srs.overall)
	};
}

/**
 * What a client with this rating style writes on the form, from what they felt (`clientRating`).
 * Real session ratings sit near the top of the scale, and a client who is disengaging may still
 * rate highly: a deferential client maps 0..10 onto 8..10, a guarded one onto 4..7, a candid one
 * writes what they felt.
 */
export function reportedRating(
	felt: Record<SrsLine, number | null>,
	style: RatingStyle
): Record<SrsLine, number | null> {
	const [floor, span] = style === 'deferential' ? [8, 2] : style === 'guarded' ? [4, 3] : [0, 10];
	const line = (v: number | null) =>
		v === null ? null : Math.round((floor + (v / 10) * span) * 10) / 10;
	return {
		relationship: line(felt.relationship),
		goals: line(felt.goals),
		approach: line(felt.approach),
		overall: line(felt.overall)
	};
}

/** The smallest difference, out of 10 overall, that the debrief explains as masking. */
export const RATING_GAP = 1.5;

/**
 * How far the rating a client gave overstates (positive) or understates (negative) what they felt
 * overall, when it is at least RATING_GAP; undefined when the two agree closely enough.
 */
export function ratingGap(
	reported: Record<SrsLine, number | null>,
	felt: Record<SrsLine, number | null> | undefined
): number | undefined {
	if (!felt || reported.overall === null || felt.overall === null) return undefined;
	const gap = Math.round((reported.overall - felt.overall) * 10) / 10;
	return isLargeGap(gap) ? gap : undefined;
}

/** Whether a difference between two overall ratings is large enough for the debrief to explain. */
export function isLargeGap(gap: number): boolean {
	return Math.abs(gap) >= RATING_GAP;
}

/**
 * How far a trainee's prediction of the client's overall rating was from what the client wrote:
 * prediction minus rating, to one decimal. Positive: the trainee expected more than the client
 * gave (over-estimated the alliance). The prediction is never part of the score.
 */
export function predictionGap(predicted: number, reported: number): number {
	return Math.round((predicted - reported) * 10) / 10;
}
