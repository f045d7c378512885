import type { Analysis, Scenario } from '$lib/scenarios/types';
import { verdictOf, type PassMark } from '../pass-mark';
import type { Attempt, AttemptEvent } from '../store/types';
import type { AttemptResult } from '../scoring';
import { choiceEvents } from './choice-events';
import { beatOfChoice } from './counted';
import { uuidV5 } from './uuid';

/**
 * xAPI 1.0.3 statements for a learning record store. One `answered` per choice event (rewound
 * practice choices too: the trainee did answer them), and `completed` plus `passed` or `failed`
 * for each finished assessment. Actors are accounts named by the trainee's pseudonym, never their
 * username. Ids are v5 UUIDs of attempt, event and verb, so a re-export carries the same ids and
 * a record store that already has a statement does not store it twice.
 *
 * Every IRI Rapport coins sits under `<ORIGIN>/xapi/` (docs/programmes-reports.md):
 *   activities/scenarios/<scenarioId>                 a scenario
 *   activities/scenarios/<scenarioId>/beats/<beatId>  one decision in it
 *   extensions/principles/<principleId>               a choice's score delta on that principle
 *   extensions/scenario-version                       the scenario's content hash
 *   extensions/mode, extensions/cohort, extensions/rewound, extensions/attempt
 *   activities/drills/<drillId>, activities/drills/<drillId>/beats/<beatId>  a drill (practice)
 *   extensions/kind (`drill`), extensions/skill                        on a drill's statements
 */

export const XAPI_VERSION = '1.0.3';

export const VERBS = {
	answered: 'http://adlnet.gov/expapi/verbs/answered',
	completed: 'http://adlnet.gov/expapi/verbs/completed',
	passed: 'http://adlnet.gov/expapi/verbs/passed',
	failed: 'http://adlnet.gov/expapi/verbs/failed'
} as const;

export type VerbName = keyof typeof VERBS;

const ACTIVITY_TYPES = {
	simulation: 'http://adlnet.gov/expapi/activities/simulation',
	interaction: 'http://adlnet.gov/expapi/activities/cmi.interaction'
};

export interface XapiStatement {
	id: string;
	actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
	verb: { id: string; display: Record<string, string> };
	object: {
		objectType: 'Activity';
		id: string;
		definition: {
			type: string;
			name: Record<string, string>;
			interactionType?: 'choice';
		};
	};
	result?: {
		response?: string;
		success?: boolean;
		completion?: boolean;
		score?: { scaled: number; raw?: number; min?: number; max?: number };
		extensions?: Record<string, number | boolean>;
	};
	context: {
		registration: string;
		contextActivities?: { parent: { objectType: 'Activity'; id: string }[] };
		extensions: Record<string, string | boolean>;
	};
	timestamp: string;
	version: typeof XAPI_VERSION;
}

export function xapiIris(origin: string) {
	const base = `${origin.replace(/\/+$/, '')}/xapi`;
	return {
		scenario: (id: string) => `${base}/activities/scenarios/${encodeURIComponent(id)}`,
		beat: (scenarioId: string, beatId: string) =>
			`${base}/activities/scenarios/${encodeURIComponent(scenarioId)}/beats/${encodeURIComponent(beatId)}`,
		drill: (id: string) => `${base}/activities/drills/${encodeURIComponent(id)}`,
		drillBeat: (drillId: string, beatId: string) =>
			`${base}/activities/drills/${encodeURIComponent(drillId)}/beats/${encodeURIComponent(beatId)}`,
		extension: (name: string) => `${base}/extensions/${name}`,
		principle: (id: string) => `${base}/extensions/principles/${encodeURIComponent(id)}`
	};
}

export interface StatementInput {
	origin: string;
	cohortId: string;
	pseudonym: string;
	attempt: Attempt;
	/** The version the attempt was played on; undefined when this process no longer has it. */
	version?: { scenario: Scenario; analysis: Analysis };
	/** The mark the attempt is judged by (the one pass rule, pass-mark.ts). */
	mark: PassMark;
}

function common(input: StatementInput) {
	const iris = xapiIris(input.origin);
	const { attempt } = input;
	// A drill (practice from /practice) is its own kind of activity, labelled on every statement.
	const drill = attempt.drill === true;
	const skill = input.version?.scenario.skill;
	return {
		iris,
		activity: drill ? iris.drill(attempt.scenarioId) : iris.scenario(attempt.scenarioId),
		beat: (beatId: string) =>
			drill ? iris.drillBeat(attempt.scenarioId, beatId) : iris.beat(attempt.scenarioId, beatId),
		actor: {
			objectType: 'Agent' as const,
			account: { homePage: input.origin, name: input.pseudonym }
		},
		context: {
			registration: uuidV5(`registration:${input.attempt.id}`),
			extensions: {
				[iris.extension('scenario-version')]: input.attempt.scenarioHash,
				[iris.extension('mode')]: input.attempt.mode,
				[iris.extension('cohort')]: input.cohortId,
				[iris.extension('attempt')]: input.attempt.id,
				...(drill ? { [iris.extension('kind')]: 'drill' } : {}),
				...(drill && skill ? { [iris.extension('skill')]: skill } : {})
			}
		}
	};
}

const verb = (name: VerbName) => ({ id: VERBS[name], display: { 'en-US': name } });

/** `answered` for one choice event; `rewound` marks a practice choice taken back later. */
export function answeredStatement(
	input: StatementInput,
	event: AttemptEvent & { choiceId: string },
	rewound: boolean
): XapiStatement {
	const { iris, actor, context, activity, beat: beatIri } = common(input);
	const beatId = beatOfChoice(event.choiceId);
	const beat = input.version?.scenario.beats.find((b) => b.id === beatId);
	const choice = beat?.choices.find((c) => c.id === event.choiceId);
	const extensions: Record<string, number | boolean> = {};
	for (const [principle, delta] of Object.entries(choice?.scores ?? {}))
		extensions[iris.principle(principle)] = delta;
	return {
		id: uuidV5(`${input.attempt.id}:${event.id}:answered`),
		actor,
		verb: verb('answered'),
		object: {
			objectType: 'Activity',
			id: beatIri(beatId),
			definition: {
				type: ACTIVITY_TYPES.interaction,
				name: { 'en-US': beat?.title ?? beatId },
				interactionType: 'choice'
			}
		},
		result: { response: event.choiceId, ...(choice ? { extensions } : {}) },
		context: {
			...context,
			contextActivities: {
				parent: [{ objectType: 'Activity', id: activity }]
			},
			extensions: { ...context.extensions, [iris.extension('rewound')]: rewound }
		},
		timestamp: event.at,
		version: XAPI_VERSION
	};
}

/**
 * `completed` and then `passed` or `failed`, for a finished assessment attempt, and for a
 * finished drill (practice, but scheduled as a whole: its pass is what the schedule and the
 * retention figures go by, judged at the drill's own mark).
 */
export function outcomeStatements(input: StatementInput): XapiStatement[] {
	const { attempt } = input;
	const verdict = verdictOf(attempt, input.mark);
	if ((attempt.mode !== 'assessment' && !attempt.drill) || !verdict || !attempt.result) return [];
	const result = attempt.result as unknown as AttemptResult;
	const { iris, actor, context, activity } = common(input);
	const range = input.version?.analysis.total;
	const score = {
		scaled: Math.min(1, Math.max(0, result.normalised / 100)),
		// Raw figures only when they fit the analysed range, as xAPI requires min <= raw <= max.
		...(range && range.min <= result.total && result.total <= range.max
			? { raw: result.total, min: range.min, max: range.max }
			: {})
	};
	const object = {
		objectType: 'Activity' as const,
		id: activity,
		definition: {
			type: ACTIVITY_TYPES.simulation,
			name: { 'en-US': input.version?.scenario.title ?? attempt.scenarioId }
		}
	};
	const timestamp = attempt.completedAt ?? attempt.startedAt;
	const statement = (name: VerbName, extra: XapiStatement['result']): XapiStatement => ({
		id: uuidV5(`${attempt.id}:outcome:${name}`),
		actor,
		verb: verb(name),
		object,
		result: extra,
		context,
		timestamp,
		version: XAPI_VERSION
	});
	return [
		statement('completed', { completion: true, score }),
		statement(verdict.passed ? 'passed' : 'failed', {
			success: verdict.passed,
			score,
			extensions: { [iris.extension('pass-mark')]: verdict.mark.value }
		})
	];
}

/** Every statement for one attempt, in the order things happened. */
export function attemptStatements(
	input: StatementInput,
	events: readonly AttemptEvent[]
): XapiStatement[] {
	return [
		...choiceEvents(events).map((c) => answeredStatement(input, c.event, c.rewound)),
		...outcomeStatements(input)
	];
}
