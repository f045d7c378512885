import { describe, expect, it } from 'vitest';
import {
	attemptStatements,
	VERBS,
	type XapiStatement
} from '../../../src/lib/server/analytics/xapi';
import { compileVersion, eventsOf, playedAttempt, SOURCE_A } from './fixtures';

const A = compileVersion(SOURCE_A);
const ORIGIN = 'https://rapport.example.org';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const IRI = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i;

/**
 * The rules of xAPI 1.0.3 (Data, section 2.4) that these statements touch: required properties,
 * UUID ids, an Agent identified by exactly one inverse functional identifier (here an account),
 * IRIs for verbs, activities and extension keys, language maps, scaled scores in [-1, 1] with
 * min <= raw <= max, ISO 8601 timestamps, and no properties outside the spec.
 */
function validate(s: XapiStatement): string[] {
	const problems: string[] = [];
	const allowed = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'version'];
	for (const key of Object.keys(s)) if (!allowed.includes(key)) problems.push(`extra ${key}`);
	if (!UUID.test(s.id)) problems.push('id is not a UUID');
	if (s.actor.objectType !== 'Agent') problems.push('actor is not an Agent');
	const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => k in s.actor);
	if (ifis.length !== 1) problems.push('actor needs exactly one identifier');
	if (!IRI.test(s.actor.account.homePage)) problems.push('account homePage is not an IRL');
	if (!s.actor.account.name) problems.push('account name is empty');
	if (!IRI.test(s.verb.id)) problems.push('verb id is not an IRI');
	if (!Object.keys(s.verb.display).every((k) => /^[a-z]{2}(-[A-Z]{2})?$/.test(k)))
		problems.push('verb display is not a language map');
	if (s.object.objectType !== 'Activity' || !IRI.test(s.object.id)) problems.push('bad object');
	if (!IRI.test(s.object.definition.type)) problems.push('activity type is not an IRI');
	const score = s.result?.score;
	if (score) {
		if (score.scaled < -1 || score.scaled > 1) problems.push('scaled out of range');
		if (score.raw !== undefined && !(score.min! <= score.raw && score.raw <= score.max!))
			problems.push('raw outside min..max');
	}
	for (const key of Object.keys(s.result?.extensions ?? {}))
		if (!IRI.test(key)) problems.push(`result extension ${key} is not an IRI`);
	for (const key of Object.keys(s.context.extensions))
		if (!IRI.test(key)) problems.push(`context extension ${key} is not an IRI`);
	if (!UUID.test(s.context.registration)) problems.push('registration is not a UUID');
	if (!ISO.test(s.timestamp)) problems.push('timestamp is not ISO 8601');
	if (s.version !== '1.0.3') problems.push('version');
	return problems;
}

function statementsFor(mode: 'assessment' | 'practice', steps: string[], choices: string[]) {
	const attempt = playedAttempt(A, choices, { userId: 'u1', mode, id: `att-${mode}` });
	return attemptStatements(
		{
			origin: ORIGIN,
			cohortId: 'c1',
			pseudonym: 'p-abc',
			attempt,
			version: A,
			mark: { value: A.scenario.pass, from: 'scenario' }
		},
		eventsOf(attempt, steps)
	);
}

describe('xAPI statements', () => {
	const assessment = statementsFor(
		'assessment',
		['opening.push', 'wary.ignore'],
		['opening.push', 'wary.ignore']
	);

	it('are valid 1.0.3 statements', () => {
		for (const s of assessment) expect(validate(s), s.verb.id).toEqual([]);
		// The validator itself catches a broken statement.
		expect(validate({ ...assessment[0], id: 'nope', timestamp: 'yesterday' })).toHaveLength(2);
	});

	it('give one answered per choice with the choice and principle deltas', () => {
		const answered = assessment.filter((s) => s.verb.id === VERBS.answered);
		expect(answered.map((s) => s.result!.response)).toEqual(['opening.push', 'wary.ignore']);
		expect(answered[0].result!.extensions).toEqual({
			[`${ORIGIN}/xapi/extensions/principles/i-statements`]: -2,
			[`${ORIGIN}/xapi/extensions/principles/trust-respect`]: -1
		});
		expect(answered[0].object.id).toBe(`${ORIGIN}/xapi/activities/scenarios/coat/beats/opening`);
		expect(answered[0].actor.account).toEqual({ homePage: ORIGIN, name: 'p-abc' });
	});

	it('end an assessment with completed and failed, scaled 0..1', () => {
		const tail = assessment.slice(-2);
		expect(tail.map((s) => s.verb.id)).toEqual([VERBS.completed, VERBS.failed]);
		expect(tail[0].result!.score!.scaled).toBeGreaterThanOrEqual(0);
		expect(tail[0].result!.score!.scaled).toBeLessThan(0.7);
		expect(tail[1].result!.success).toBe(false);
		const passed = statementsFor('assessment', ['opening.own'], ['opening.own']).slice(-2);
		expect(passed.map((s) => s.verb.id)).toEqual([VERBS.completed, VERBS.passed]);
		expect(passed[0].result!.score!.scaled).toBe(1);
	});

	it('keep the same ids on re-export and never repeat one', () => {
		const again = statementsFor(
			'assessment',
			['opening.push', 'wary.ignore'],
			['opening.push', 'wary.ignore']
		);
		expect(again.map((s) => s.id)).toEqual(assessment.map((s) => s.id));
		expect(new Set(assessment.map((s) => s.id)).size).toBe(assessment.length);
	});

	it('mark rewound practice choices and send no outcome for practice', () => {
		const practice = statementsFor(
			'practice',
			['opening.push', 'rewind', 'opening.own'],
			['opening.own']
		);
		expect(practice.map((s) => s.verb.id)).toEqual([VERBS.answered, VERBS.answered]);
		const rewound = `${ORIGIN}/xapi/extensions/rewound`;
		expect(practice.map((s) => s.context.extensions[rewound])).toEqual([true, false]);
	});
});
