import { responseLabel } from '$lib/scenarios/response-label';
import { CONTRASTS, REPAIR_TAGS } from '$lib/scenarios/tags';
import { verdictOf, type MarkOf } from '../pass-mark';
import type { Outcome, RuptureType, Scenario, Verdict } from '$lib/scenarios/types';
import {
	beatOfChoice,
	counts,
	type AttemptScope,
	type ScoredAttempt,
	type VersionLookup
} from './counted';
import { spreadOf, type Spread } from './spread';
import type { AttemptFacts } from './trainee-facts';

/**
 * Item analysis: for one scenario, which response the cohort picks at each moment. Figures are
 * kept per scenario version (content hash), because a choice id can mean something else once the
 * file changes. A beat is "reached" by an attempt whose final path made a choice there; the
 * choice split is over those attempts, so each attempt counts once per beat.
 */

export interface ChoiceSplit {
	id: string;
	text: string;
	/** Undefined when the version's source is no longer known. */
	verdict?: Verdict;
	tags: string[];
	/** The weaker side of a trained contrast (you-statement, push-on, ignore-rupture). */
	weakSide: boolean;
	/** The stronger side (i-statement, change-tactic, address-rupture or metacommunication). */
	strongSide: boolean;
	count: number;
	percent: number;
}

export interface BeatItems {
	id: string;
	title: string;
	rupture?: RuptureType;
	/** The contrasts on offer here: both sides among this beat's choices. */
	contrasts: string[];
	trainees: number;
	attempts: number;
	choices: ChoiceSplit[];
	/** Rupture beats: share of attempts that turned towards the rupture. */
	addressedPercent?: number;
}

export interface EndingRate {
	id: string;
	title: string;
	outcome?: Outcome;
	count: number;
	percent: number;
}

export interface ContrastRate {
	contrast: string;
	/** Decisions made at beats that offer both sides. */
	decisions: number;
	weak: number;
	strong: number;
	weakPercent: number;
}

export interface VersionItems {
	hash: string;
	/** False when this process has no source for the version: ids are shown instead of text. */
	known: boolean;
	current: boolean;
	/** Null for the current version before anyone has played it. */
	firstPlayed: string | null;
	lastPlayed: string | null;
	attempts: number;
	trainees: number;
	/** Difficulty: the mean normalised score (0-100); lower means harder. */
	score: Spread | null;
	passRate: number | null;
	endings: EndingRate[];
	beats: BeatItems[];
	contrasts: ContrastRate[];
}

export interface ScenarioItems {
	scenarioId: string;
	title: string;
	scope: AttemptScope;
	attempts: number;
	trainees: number;
	/** Across every version: versions differ in detail, not in what the score means. */
	score: Spread | null;
	versions: VersionItems[];
}

const percent = (part: number, whole: number) =>
	whole === 0 ? 0 : Math.round((part / whole) * 100);

const WEAK_TAGS = new Set<string>(Object.values(CONTRASTS).map(([weak]) => weak));
const STRONG_TAGS = new Set<string>([
	...Object.values(CONTRASTS).map(([, strong]) => strong),
	...REPAIR_TAGS
]);

function contrastsOffered(tagsOfChoices: string[][]): string[] {
	return Object.entries(CONTRASTS)
		.filter(
			([, [weak, strong]]) =>
				tagsOfChoices.some((t) => t.includes(weak)) && tagsOfChoices.some((t) => t.includes(strong))
		)
		.map(([name]) => name);
}

function choicesTaken(attempts: ScoredAttempt[]) {
	// beat -> choice -> count, and beat -> users who reached it
	const taken = new Map<string, Map<string, number>>();
	const users = new Map<string, Set<string>>();
	for (const a of attempts) {
		const seen = new Set<string>();
		for (const choiceId of a.result.choices ?? []) {
			const beat = beatOfChoice(choiceId);
			// An acyclic scenario cannot revisit a beat; a corrupt record must not count twice.
			if (seen.has(beat)) continue;
			seen.add(beat);
			const row = taken.get(beat) ?? new Map<string, number>();
			row.set(choiceId, (row.get(choiceId) ?? 0) + 1);
			taken.set(beat, row);
			const who = users.get(beat) ?? new Set<string>();
			who.add(a.userId);
			users.set(beat, who);
		}
	}
	return { taken, users };
}

function beatsOfKnownVersion(scenario: Scenario, attempts: ScoredAttempt[]): BeatItems[] {
	const { taken, users } = choicesTaken(attempts);
	return scenario.beats
		.filter((b) => b.kind === 'decision')
		.map((beat) => {
			const row = taken.get(beat.id) ?? new Map<string, number>();
			const reached = [...row.values()].reduce((a, b) => a + b, 0);
			const choices: ChoiceSplit[] = beat.choices.map((c) => ({
				id: c.id,
				// A silence or an action reads as the player shows it ("[Stay silent]"), not blank.
				text: c.kind === 'speech' ? c.text : responseLabel(c),
				verdict: c.verdict,
				tags: c.tags,
				weakSide: c.tags.some((t) => WEAK_TAGS.has(t)),
				strongSide: c.tags.some((t) => STRONG_TAGS.has(t)),
				count: row.get(c.id) ?? 0,
				percent: percent(row.get(c.id) ?? 0, reached)
			}));
			const items: BeatItems = {
				id: beat.id,
				title: beat.title,
				...(beat.rupture ? { rupture: beat.rupture } : {}),
				contrasts: contrastsOffered(beat.choices.map((c) => c.tags)),
				trainees: users.get(beat.id)?.size ?? 0,
				attempts: reached,
				choices
			};
			if (beat.rupture) {
				const addressed = choices
					.filter((c) => c.tags.some((t) => REPAIR_TAGS.includes(t)))
					.reduce((n, c) => n + c.count, 0);
				items.addressedPercent = percent(addressed, reached);
			}
			return items;
		});
}

/** Without the source, beats and choices are known only by the ids the attempts recorded. */
function beatsOfUnknownVersion(attempts: ScoredAttempt[]): BeatItems[] {
	const { taken, users } = choicesTaken(attempts);
	return [...taken.entries()].map(([beat, row]) => {
		const reached = [...row.values()].reduce((a, b) => a + b, 0);
		return {
			id: beat,
			title: beat,
			contrasts: [],
			trainees: users.get(beat)?.size ?? 0,
			attempts: reached,
			choices: [...row.entries()]
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([id, count]) => ({
					id,
					text: id,
					tags: [],
					weakSide: false,
					strongSide: false,
					count,
					percent: percent(count, reached)
				}))
		};
	});
}

function contrastRates(beats: BeatItems[]): ContrastRate[] {
	return Object.entries(CONTRASTS).map(([contrast, [weakTag, strongTag]]) => {
		let decisions = 0;
		let weak = 0;
		let strong = 0;
		for (const beat of beats) {
			if (!beat.contrasts.includes(contrast)) continue;
			decisions += beat.attempts;
			for (const c of beat.choices) {
				if (c.tags.includes(weakTag)) weak += c.count;
				else if (c.tags.includes(strongTag)) strong += c.count;
			}
		}
		return { contrast, decisions, weak, strong, weakPercent: percent(weak, decisions) };
	});
}

function endingRates(scenario: Scenario | undefined, attempts: ScoredAttempt[]): EndingRate[] {
	const reached = new Map<string, number>();
	for (const a of attempts) reached.set(a.result.ending, (reached.get(a.result.ending) ?? 0) + 1);
	const endings = scenario
		? scenario.beats.filter((b) => b.kind === 'ending')
		: [...reached.keys()].sort().map((id) => ({ id, title: id, outcome: undefined }));
	return endings.map((e) => ({
		id: e.id,
		title: e.title,
		...(e.outcome ? { outcome: e.outcome } : {}),
		count: reached.get(e.id) ?? 0,
		percent: percent(reached.get(e.id) ?? 0, attempts.length)
	}));
}

function versionItems(
	hash: string,
	attempts: ScoredAttempt[],
	lookup: VersionLookup,
	currentHash: string | undefined,
	markOf: MarkOf
): VersionItems {
	const version = lookup(hash);
	const times = attempts.map((a) => a.completedAt ?? a.startedAt).sort();
	const beats = version
		? beatsOfKnownVersion(version.scenario, attempts)
		: beatsOfUnknownVersion(attempts);
	return {
		hash,
		known: !!version,
		current: hash === currentHash,
		firstPlayed: times[0] ?? null,
		lastPlayed: times[times.length - 1] ?? null,
		attempts: attempts.length,
		trainees: new Set(attempts.map((a) => a.userId)).size,
		score: spreadOf(attempts.map((a) => a.result.normalised)),
		passRate: attempts.length
			? percent(attempts.filter((a) => verdictOf(a, markOf(a))?.passed).length, attempts.length)
			: null,
		endings: endingRates(version?.scenario, attempts),
		beats,
		contrasts: contrastRates(beats)
	};
}

/**
 * The item analysis of one scenario over the given attempts (the caller picks whose: a cohort's
 * members). Versions are listed newest first; the current version is always listed, even before
 * anyone has played it, so an instructor sees its beats.
 */
export function itemAnalysis(input: {
	scenarioId: string;
	title: string;
	attempts: readonly AttemptFacts[];
	scope: AttemptScope;
	lookup: VersionLookup;
	currentHash?: string;
	/** Each attempt's pass mark, by the one pass rule (pass-mark.ts). */
	markOf: MarkOf;
}): ScenarioItems {
	const counted = input.attempts.filter(
		(a): a is ScoredAttempt => a.scenarioId === input.scenarioId && counts(a, input.scope)
	);
	const byVersion = new Map<string, ScoredAttempt[]>();
	if (input.currentHash) byVersion.set(input.currentHash, []);
	for (const a of counted) {
		const list = byVersion.get(a.scenarioHash) ?? [];
		list.push(a);
		byVersion.set(a.scenarioHash, list);
	}
	const versions = [...byVersion.entries()]
		.map(([hash, list]) => versionItems(hash, list, input.lookup, input.currentHash, input.markOf))
		.sort(
			(a, b) =>
				Number(b.current) - Number(a.current) ||
				(b.lastPlayed ?? '').localeCompare(a.lastPlayed ?? '')
		);
	return {
		scenarioId: input.scenarioId,
		title: input.title,
		scope: input.scope,
		attempts: counted.length,
		trainees: new Set(counted.map((a) => a.userId)).size,
		score: spreadOf(counted.map((a) => a.result.normalised)),
		versions
	};
}
