// Shared by the analytics tests: a small scenario in two versions, and attempts built by
// replaying real paths through its machine, so results are exactly what the server stores.
import { compileScenario } from '../../../src/lib/scenarios';
import type { Analysis, Scenario } from '../../../src/lib/scenarios/types';
import { replay } from '../../../src/lib/machines/replay';
import { machineForScenario } from '../../../src/lib/machines/scenario-machine';
import { resultOf } from '../../../src/lib/server/scoring';
import type { Attempt, AttemptEvent, AttemptMode } from '../../../src/lib/server/store/types';

export const SOURCE_A = `---
title: Coat still on
summary: A first session with a client let down by her last counsellor.
client: { name: Maya, age: 24 }
difficulty: 1
minutes: 8
principles: [safe-space, trust-respect, i-statements, repair-ruptures]
meters:
  trust: { start: 2, min: 0, max: 5 }
pass: 70
---

Maya booked this session after a long wait.

## Opening {#opening}

**Maya:** I don't really know why I'm here.

- "That sounds like it left you wary. I'd like this hour to be yours." -> check-in
  id: own
  tags: i-statement, validation
  scores: safe-space +2, i-statements +1
  effects: trust +1
  feedback: You named her wariness and handed her the agenda.
- "You'll need to give this a real chance." -> wary
  id: push
  tags: you-statement, push-on
  scores: i-statements -2, trust-respect -1
  effects: trust -1
  feedback: A you-statement puts the weight on Maya.
  better: "I'd like to hear what didn't work last time."

## Wary {#wary .rupture type=withdrawal}

**Maya:** *(shrugs)* Fine. Whatever.

- "I think I came on strong just now." -> check-in
  id: repair
  tags: address-rupture, metacommunication, i-statement
  scores: repair-ruptures +2, i-statements +1
  effects: trust +2
  feedback: Owning your part opens the door.
- "So, what would you like to work on?" -> check-in
  id: ignore
  tags: ignore-rupture, open-question
  scores: repair-ruptures -1
  feedback: Her "whatever" was the thing to notice first.
  better: "I noticed you went quiet. What happened just then?"

## Check-in {#check-in}

-> opened-up if trust >= 3
-> guarded

## She takes her coat off {#opened-up .ending outcome=strengthened}

### Debrief

You let Maya set the pace.

## Still guarded {#guarded .ending outcome=stalled}

### Debrief

She stayed, but she is still deciding.
`;

/** Version B: the same file after an edit (new feedback, a third opening choice). */
export const SOURCE_B = SOURCE_A.replace(
	'You named her wariness and handed her the agenda.',
	'You named her wariness, without defending anyone, and handed her the agenda.'
).replace(
	'## Wary {#wary',
	`- "What did they tell you to do?" -> check-in
  id: ask
  tags: open-question
  scores: safe-space +1
  feedback: A curious question that follows her words.

## Wary {#wary`
);

export interface Version {
	scenario: Scenario;
	analysis: Analysis;
}

export function compileVersion(source: string, file = 'coat.md'): Version {
	const result = compileScenario(source, file);
	if (!result.scenario || !result.analysis)
		throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
	return { scenario: result.scenario, analysis: result.analysis };
}

export function lookupOf(...versions: Version[]) {
	const byHash = new Map(versions.map((v) => [v.scenario.hash, v]));
	return (hash: string) => byHash.get(hash);
}

let counter = 0;

/** A completed attempt along `choices` (full ids), scored as the server scores it. */
export function playedAttempt(
	version: Version,
	choices: string[],
	options: { userId: string; mode?: AttemptMode; at?: string; id?: string; assignmentId?: string }
): Attempt {
	const state = replay(machineForScenario(version.scenario), choices);
	const at = options.at ?? '2025-01-10T10:00:00.000Z';
	return {
		id: options.id ?? `attempt-${++counter}`,
		userId: options.userId,
		scenarioId: version.scenario.id,
		scenarioHash: version.scenario.hash,
		mode: options.mode ?? 'assessment',
		status: state.status === 'done' ? 'completed' : 'active',
		startedAt: at,
		...(state.status === 'done'
			? {
					completedAt: at,
					result: { ...resultOf(version.scenario, version.analysis, state) }
				}
			: {}),
		...(options.assignmentId ? { assignmentId: options.assignmentId } : {})
	};
}

/** Events for an attempt: choice ids, or `'rewind'`, in the order they happened. */
export function eventsOf(attempt: Attempt, steps: string[], at = '2025-01-10T10:00:00.000Z') {
	return steps.map((step, i): AttemptEvent => ({
		id: `${attempt.id}-e${i + 1}`,
		attemptId: attempt.id,
		seq: i + 1,
		type: step === 'rewind' ? 'rewind' : 'choice',
		...(step === 'rewind' ? {} : { choiceId: step }),
		at: new Date(Date.parse(at) + i * 1000).toISOString()
	}));
}
