/**
 * Story generators for the engine benchmark: the same story of n beats, once in Rapport's scenario
 * format (docs/scenario-format.md) and once in ink, so the two compilers do comparable work.
 *
 * Shape: layered and acyclic. Beat i offers three choices going to beats i+1, i+2 and i+3; targets
 * past the last beat land on one of three endings. Every choice carries tags, a score update and a
 * meter update; the third choice of each beat is conditional on a meter, and the first two never
 * are, so no reachable state runs out of choices.
 */

import { PRINCIPLES } from '../src/lib/scenarios/principles';
import { TAGS } from '../src/lib/scenarios/tags';

export const OUTCOMES = ['strengthened', 'stalled', 'ruptured'] as const;

/** The condition on each beat's third choice, identical in both languages. */
export const CONDITION = 'trust >= 2';

interface Plan {
	id: string;
	narration: string;
	line: string;
	choices: PlannedChoice[];
}

interface PlannedChoice {
	text: string;
	target: string;
	tags: string[];
	principle: string;
	score: 1 | -1;
	meter: 'trust' | 'openness';
	effect: 1 | -1;
	feedback: string;
	better?: string;
	conditional: boolean;
}

const beatId = (i: number) => `b${i}`;
const endingId = (k: number) => `end-${OUTCOMES[k]}`;
const inkName = (id: string) => id.replace(/-/g, '_');

function target(i: number, step: number, n: number): string {
	const j = i + step;
	return j < n ? beatId(j) : endingId(Math.min(j - n, OUTCOMES.length - 1));
}

// Rupture tags would make the analyser flag good endings reached after an "ignored" rupture
// (RAP019); the benchmark story has no ruptures, so it leaves them out.
const CHOICE_TAGS = TAGS.filter((t) => !t.includes('rupture'));
const tag = (k: number) => CHOICE_TAGS[k % CHOICE_TAGS.length];
const principle = (k: number) => PRINCIPLES[k % PRINCIPLES.length].id;

/** Both generators render from this one plan, which is what makes the two stories equivalent. */
function plan(n: number): Plan[] {
	if (!Number.isInteger(n) || n < 1) throw new Error(`bench: story size must be >= 1, got ${n}`);
	const beats: Plan[] = [];
	for (let i = 0; i < n; i++) {
		beats.push({
			id: beatId(i),
			narration: `The client pauses for a moment in session moment ${i} and looks at the floor.`,
			line: `I keep thinking about what happened at work, moment ${i}, and I do not know what to do.`,
			choices: [
				{
					text: `It sounds like that has been weighing on you since moment ${i}. Tell me more.`,
					target: target(i, 1, n),
					tags: [tag(i), tag(i + 7)],
					principle: principle(i),
					score: 1,
					meter: 'trust',
					effect: 1,
					feedback: `Staying with the client's words at moment ${i} keeps the door open.`,
					conditional: false
				},
				{
					text: `You just need to stop worrying about work so much, moment ${i}.`,
					target: target(i, 2, n),
					tags: [tag(i + 3)],
					principle: principle(i + 5),
					score: -1,
					meter: 'trust',
					effect: -1,
					feedback: `Advice this early at moment ${i} skips over what the client is feeling.`,
					better: `I'd like to understand what worries you most about it at moment ${i}.`,
					conditional: false
				},
				{
					text: `I notice we keep coming back to work at moment ${i}. Shall we look at it together?`,
					target: target(i, 3, n),
					tags: [tag(i + 11), tag(i + 17)],
					principle: principle(i + 9),
					score: 1,
					meter: 'openness',
					effect: 1,
					feedback: `Naming the pattern at moment ${i} invites the client to decide with you.`,
					conditional: true
				}
			]
		});
	}
	return beats;
}

/** The scored principles, in catalogue order, so the front matter lists only what is practised. */
function scoredPrinciples(beats: Plan[]): string[] {
	const used = new Set(beats.flatMap((b) => b.choices.map((c) => c.principle)));
	return PRINCIPLES.map((p) => p.id).filter((id) => used.has(id));
}

/** A scenario of n decision beats in Rapport's format. */
export function generateScenario(n: number): string {
	const beats = plan(n);
	const out: string[] = [
		'---',
		`title: Generated benchmark scenario (${n} beats)`,
		'summary: A long synthetic session used to measure the compiler.',
		'client: { name: Sam, age: 30, background: "Synthetic client for benchmarks" }',
		'difficulty: 2',
		'minutes: 10',
		`principles: [${scoredPrinciples(beats).join(', ')}]`,
		'meters:',
		'  trust: { start: 2, min: 0, max: 5 }',
		'  openness: { start: 1, min: 0, max: 5 }',
		'pass: 70',
		'---',
		'',
		'Sam has come back for another session. This story is generated for the benchmark.',
		''
	];
	for (const beat of beats) {
		out.push(`## Moment ${beat.id} {#${beat.id}}`, '', `*${beat.narration}*`, '');
		out.push(`**Sam:** ${beat.line}`, '');
		for (const c of beat.choices) {
			out.push(`- "${c.text}" -> ${c.target}`);
			out.push(`  tags: ${c.tags.join(', ')}`);
			out.push(`  scores: ${c.principle} ${c.score > 0 ? '+' : ''}${c.score}`);
			out.push(`  effects: ${c.meter} ${c.effect > 0 ? '+' : ''}${c.effect}`);
			out.push(`  feedback: ${c.feedback}`);
			if (c.better) out.push(`  better: "${c.better}"`);
			if (c.conditional) out.push(`  if: ${CONDITION}`);
		}
		out.push('');
	}
	OUTCOMES.forEach((outcome, k) => {
		out.push(`## Ending ${outcome} {#${endingId(k)} .ending outcome=${outcome}}`, '');
		out.push(`Sam leaves the session; the alliance is ${outcome}.`, '');
		out.push('### Debrief', '', `The path you took left the alliance ${outcome}.`, '');
	});
	return out.join('\n');
}

/**
 * The same story in ink: a knot per beat, `VAR`s for the score and the meters (clamped with
 * MIN/MAX as Rapport clamps meters), tagged choices and a conditional third choice.
 */
export function generateInk(n: number): string {
	const beats = plan(n);
	const out: string[] = [
		'VAR score = 0',
		'VAR trust = 2',
		'VAR openness = 1',
		'',
		'Sam has come back for another session. This story is generated for the benchmark.',
		`-> ${inkName(beats[0].id)}`,
		''
	];
	for (const beat of beats) {
		out.push(`=== ${inkName(beat.id)} ===`, beat.narration, `Sam: ${beat.line}`);
		for (const c of beat.choices) {
			const condition = c.conditional ? `{${CONDITION}} ` : '';
			const tags = c.tags.map((t) => ` # ${t}`).join('');
			const meter = c.effect > 0 ? `MIN(${c.meter} + 1, 5)` : `MAX(${c.meter} - 1, 0)`;
			// Tags inside the brackets are the choice's own tags (ink 1.1); after `]` they would tag
			// the output that follows the choice instead.
			out.push(`* ${condition}[${c.text}${tags}]`);
			out.push(`  ~ score = score ${c.score > 0 ? '+' : '-'} 1`);
			out.push(`  ~ ${c.meter} = ${meter}`);
			out.push(`  ${c.feedback}`);
			if (c.better) out.push(`  Better: ${c.better}`);
			out.push(`  -> ${inkName(c.target)}`);
		}
		out.push('');
	}
	OUTCOMES.forEach((outcome, k) => {
		out.push(`=== ${inkName(endingId(k))} ===`);
		out.push(`Sam leaves the session; the alliance is ${outcome}.`);
		out.push(`The path you took left the alliance ${outcome}.`, '-> END', '');
	});
	return out.join('\n');
}
