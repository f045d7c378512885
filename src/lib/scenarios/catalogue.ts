import type { Severity } from './types';

/**
 * Every diagnostic code, in one place: its severity, a title, what it means, the hint shown when
 * a check gives none of its own, and a small wrong and right example. The compiler's severities
 * (CODES in diagnostics.ts) and docs/diagnostics.md (`npm run docs:diagnostics`) are made from
 * it, and tests fail when either drifts. Adding a code is adding one entry here. Codes are stable:
 * tools and docs rely on them, so a code is never reused for a different problem.
 *
 * `content` marks the content lints: warnings about whether a scenario teaches and measures what
 * it should, which `lint --strict` (the library's and CI's setting) makes errors.
 */

export interface CatalogueEntry {
	code: `RAP${number}`;
	severity: Severity;
	title: string;
	meaning: string;
	hint: string;
	wrong: string;
	right: string;
	content?: true;
}

export const CATALOGUE = [
	{
		code: 'RAP001',
		severity: 'error',
		title: 'front matter is not valid YAML',
		meaning:
			'The front matter is not valid YAML: a missing closing `---`, a key given twice, bad indentation, or a value containing `:` or `#` without quotes.',
		hint: 'Close the front matter with a `---` line. Put values such as `background: "Nurse: nights"` in quotes. Indent nested keys (under `client:` or `meters:`) by two spaces, never tabs.',
		wrong: 'client: { name: Maya }\nbackground: Nurse: nights',
		right: 'client: { name: Maya }\nbackground: "Nurse: nights"'
	},
	{
		code: 'RAP002',
		severity: 'error',
		title: 'missing required front matter field',
		meaning:
			'A required front matter field is missing (`title`, `summary`, `client` with a `name`, `difficulty`, `minutes`, `principles`), or a top-level key is indented under `client:`.',
		hint: 'Add the field the message names.',
		wrong: 'title: Running late\nclient: { name: Sam }',
		right:
			'title: Running late\nsummary: A client arrives twenty minutes late.\nclient: { name: Sam }\ndifficulty: 1\nminutes: 10\nprinciples: [safe-space]'
	},
	{
		code: 'RAP003',
		severity: 'error',
		title: 'front matter value has the wrong type or is out of range',
		meaning:
			'A front matter value has the wrong type or is out of range, e.g. `difficulty: 4`, `minutes: ten`, `pass: 120`, an empty `principles` list, or a meter without whole-number `start`, `min` and `max`.',
		hint: 'Use what the message asks for: difficulty 1, 2 or 3; minutes a whole number from 1 to 240; pass 0 to 100; principles a list in `[...]`; meter names in lower case with hyphens, each `{ start: 2, min: 0, max: 5 }`.',
		wrong: 'difficulty: 4\nminutes: ten',
		right: 'difficulty: 3\nminutes: 10'
	},
	{
		code: 'RAP004',
		severity: 'error',
		title: 'duplicate id',
		meaning:
			'Two beats share an id, two choices in one beat share an `id:`, a principle is listed twice, or (for a file in `SCENARIOS_DIR`) the built-in library already has a scenario with this file name.',
		hint: 'Give each beat its own `{#id}` and each choice in a beat its own `id:`; list each principle once; rename the file if the whole scenario clashes.',
		wrong: '## Hello {#start}\n...\n## Later {#start}',
		right: '## Hello {#start}\n...\n## Later {#later}'
	},
	{
		code: 'RAP005',
		severity: 'error',
		title: 'unknown target beat',
		meaning:
			'A `->` names a beat that does not exist. Usually a typo, or a beat whose title changed while it had no explicit `#id`.',
		hint: 'Correct the target, or give the intended beat that `{#id}`. Explicit ids avoid this.',
		wrong: '- "Tell me more." -> mroe',
		right: '- "Tell me more." -> more'
	},
	{
		code: 'RAP006',
		severity: 'error',
		title: 'unknown principle',
		meaning: 'An unknown principle id in `principles:` or `scores:`.',
		hint: 'Use one of the seventeen ids (the hint suggests the nearest): `safe-space`, `trust-respect`, `shared-goals`, `shared-decisions`, `honest-responses`, `talk-about-relationship`, `repair-ruptures`, `listen-carefully`, `relevant-questions`, `i-statements`, `change-tactics`, `communicate-often`, `manage-emotions`, `patience`, `refer-on`, `assess-risk`, `cultural-humility`.',
		wrong: '  scores: save-space +1',
		right: '  scores: safe-space +1'
	},
	{
		code: 'RAP007',
		severity: 'error',
		title: 'unknown tag',
		meaning:
			'An unknown tag in `tags:`. Note the tag is `i-statement` (singular) while the principle is `i-statements`.',
		hint: 'Use a tag from the vocabulary in [scenario-format.md](scenario-format.md#tags); the hint suggests the nearest.',
		wrong: '  tags: i-statements',
		right: '  tags: i-statement'
	},
	{
		code: 'RAP008',
		severity: 'error',
		title: 'unknown meter',
		meaning:
			'A meter used in `effects:`, `if:` or a route that is not declared under `meters:`, or a `{ start, min, max }` map written outside `meters:`. While a front matter error leaves the meters unknown, uses of meters in the beats are not checked (the error says so).',
		hint: 'Declare it in the front matter, or fix the spelling.',
		wrong: 'meters:\n  trust: { start: 2, min: 0, max: 5 }\n...\n  effects: trsut +1',
		right: 'meters:\n  trust: { start: 2, min: 0, max: 5 }\n...\n  effects: trust +1'
	},
	{
		code: 'RAP009',
		severity: 'error',
		title: 'condition cannot be parsed',
		meaning:
			'A condition cannot be read, e.g. `trust >= two`, `trust => 3`, `trust >= 3 &&  openness > 1`.',
		hint: 'Write `meter operator number`, joined by `and`, `or`, `not` and parentheses: `trust >= 3 and not (hope < 2)`. Operators are `>= <= > < == !=`.',
		wrong: '  if: trust => 3',
		right: '  if: trust >= 3'
	},
	{
		code: 'RAP010',
		severity: 'error',
		title: 'meter start outside its range',
		meaning: "A meter's `start` is outside `min..max`, or `min` is above `max`.",
		hint: 'Fix the three numbers so that `min <= start <= max`.',
		wrong: '  trust: { start: 7, min: 0, max: 5 }',
		right: '  trust: { start: 2, min: 0, max: 5 }'
	},
	{
		code: 'RAP011',
		severity: 'error',
		title: 'choice without feedback',
		meaning: 'A choice has no `feedback:`.',
		hint: 'Add one to three sentences saying why the response helps or hurts, naming the principle.',
		wrong: '- "Go on." -> more\n  scores: listen-carefully +1',
		right:
			'- "Go on." -> more\n  scores: listen-carefully +1\n  feedback: A minimal encourager keeps the floor with the client.'
	},
	{
		code: 'RAP012',
		severity: 'error',
		title: 'unhelpful choice without a better alternative',
		meaning: 'A choice whose scores add up below zero has no `better:`.',
		hint: 'Add `better: "..."` with a response the trainee could have said instead.',
		wrong:
			'- "Calm down." -> upset\n  scores: manage-emotions -2\n  feedback: Dismisses the feeling.',
		right:
			'- "Calm down." -> upset\n  scores: manage-emotions -2\n  feedback: Dismisses the feeling.\n  better: "This is hard to talk about."'
	},
	{
		code: 'RAP013',
		severity: 'error',
		title: 'beat with no way out',
		meaning:
			'A beat that is not an ending has neither choices nor routes, so the story stops there.',
		hint: 'Add choices or `->` routes, or mark it `.ending outcome=...` with a debrief.',
		wrong: '## Waiting {#waiting}\n\nShe looks at the door.',
		right: '## Waiting {#waiting}\n\nShe looks at the door.\n\n-> door'
	},
	{
		code: 'RAP014',
		severity: 'warning',
		title: 'unreachable beat',
		meaning:
			'A beat can never be reached: nothing leads to it, or every route or condition leading to it can never hold with the meters as they move.',
		hint: 'Lead to it from a choice or route, remove it, or change the thresholds and effects so that some path reaches it (play the path you expect and watch the meters).',
		wrong: '## Aside {#aside}\n\n(no choice or route leads here)',
		right: '- "Can we pause a moment?" -> aside'
	},
	{
		code: 'RAP015',
		severity: 'error',
		title: 'no reachable ending',
		meaning: 'No ending can be reached (or the file has no beats at all).',
		hint: 'Add at least one `.ending` beat and make sure some path leads to it.',
		wrong: '## Start {#start}\n\n- "Hello." -> start',
		right:
			'## Start {#start}\n\n- "Hello." -> goodbye\n...\n## Goodbye {#goodbye .ending outcome=stalled}'
	},
	{
		code: 'RAP016',
		severity: 'error',
		title: 'cycle',
		meaning:
			'A cycle: a path comes back to a beat it already passed. Scenarios move forward in time.',
		hint: 'Point the choice at a new beat instead (for example a second version of the moment, "Later..."). The message shows the loop.',
		wrong: '## A {#a}\n- "..." -> b\n## B {#b}\n- "..." -> a',
		right: '## A {#a}\n- "..." -> b\n## B {#b}\n- "..." -> a-later'
	},
	{
		code: 'RAP017',
		severity: 'error',
		title: 'ending without debrief text',
		meaning: 'An ending has no debrief text (a `### Debrief` heading with nothing under it).',
		hint: 'Write what the trainee can learn from this ending under `### Debrief`.',
		wrong: '## Goodbye {#goodbye .ending outcome=stalled}\n\n### Debrief',
		right:
			'## Goodbye {#goodbye .ending outcome=stalled}\n\n### Debrief\n\nThe session held, but the lateness was never named.'
	},
	{
		code: 'RAP018',
		severity: 'error',
		title: 'rupture without a repair choice',
		meaning: 'A rupture beat offers no choice tagged `address-rupture` or `metacommunication`.',
		hint: 'Add a repair choice: name what is happening between you, own your part, or change the task, and tag it.',
		wrong:
			'## Shrug {#shrug .rupture type=withdrawal}\n- "So, anyway." -> next\n  tags: ignore-rupture',
		right:
			'## Shrug {#shrug .rupture type=withdrawal}\n- "You went quiet just then." -> next\n  tags: address-rupture\n- "So, anyway." -> next\n  tags: ignore-rupture'
	},
	{
		code: 'RAP019',
		severity: 'warning',
		title: 'good ending reachable after ignoring a rupture',
		meaning:
			"A `strengthened` or `repaired` ending can be reached on a path that ignored a rupture (a choice tagged `ignore-rupture`, or leaving a rupture beat without a repair tag) and never repaired it. The message names the rupture's beat and the ending, and points at the ending.",
		hint: 'Send paths that never repair to their own beats that end `stalled`, `ruptured` or `dropout`; or offer a later repair (a choice tagged `address-rupture` or `metacommunication` repairs every rupture still open: "repaired late"); or make sure the meters rule the good endings out on those paths.',
		wrong: '- "So, anyway." -> good-ending\n  tags: ignore-rupture',
		right:
			'- "So, anyway." -> rushed\n  tags: ignore-rupture\n...\n## Rushed {#rushed .ending outcome=stalled}'
	},
	{
		code: 'RAP020',
		severity: 'warning',
		title: 'listed principle never scored',
		meaning: 'A principle listed in `principles:` is never scored.',
		hint: 'Score it in a choice where it genuinely applies, or remove it from the list.',
		wrong: 'principles: [safe-space, patience]\n(no choice scores patience)',
		right: 'principles: [safe-space]'
	},
	{
		code: 'RAP021',
		severity: 'error',
		title: 'not a scenario file',
		meaning:
			'The file is not a scenario: empty, binary, not UTF-8, too large, or it does not start with `---` front matter.',
		hint: 'Save as plain UTF-8 text, and start the file with the front matter.',
		wrong: '# Running late\n\nSam arrives late.',
		right: '---\ntitle: Running late\n...\n---\n\nSam arrives late.'
	},
	{
		code: 'RAP022',
		severity: 'error',
		title: 'malformed choice or route',
		meaning:
			"A choice or route line is malformed: no `-> target` at the end, a target with spaces, a condition written on the choice line, an unknown key under a choice (`feedbak:`), a key given twice, text after a beat's choices, or an indented line that is not a `key: value`.",
		hint: 'Follow the message: a choice is `- "words" -> beat-id` with keys indented two spaces under it; put a choice condition on its own `if:` line; a continuation of a long value is indented deeper than its key; move prose above the choices.',
		wrong: '- "Tell me more."',
		right: '- "Tell me more." -> more'
	},
	{
		code: 'RAP023',
		severity: 'error',
		title: 'malformed scores or effects',
		meaning:
			'A `scores:` or `effects:` entry cannot be read (`safe-space plus one`, `trust +1.5`), an entry is empty (two commas in a row), or the same name appears twice in one line.',
		hint: 'Write `name +1` or `name -2`, separated by single commas, each name once (add the amounts together).',
		wrong: '  scores: safe-space plus one',
		right: '  scores: safe-space +1'
	},
	{
		code: 'RAP024',
		severity: 'error',
		title: 'routes can run out',
		meaning: 'Every route in a route beat has a condition, so in some sessions none applies.',
		hint: 'End the list with an unconditional route, such as `-> still-rattled`.',
		wrong: '-> steady if trust >= 3\n-> shaky if trust < 3',
		right: '-> steady if trust >= 3\n-> shaky'
	},
	{
		code: 'RAP025',
		severity: 'error',
		title: 'beat has both choices and routes',
		meaning: 'A beat has both choices and routes.',
		hint: 'Move the routes into a beat of their own and point the choices at it.',
		wrong: '- "Go on." -> more\n-> other',
		right: '- "Go on." -> more\n- "Shall we pause?" -> other'
	},
	{
		code: 'RAP026',
		severity: 'error',
		title: 'bad heading attributes',
		meaning:
			'A heading has an unknown class or attribute, or an unknown `outcome`/`type` (e.g. `.endng`, `outcome=strenghtened`, `type=anger`).',
		hint: 'Use `.ending` with `outcome=strengthened|repaired|stalled|ruptured|dropout|referred`, and `.rupture` with `type=withdrawal|confrontation`; the hint suggests the nearest.',
		wrong: '## Goodbye {#goodbye .endng outcome=stalled}',
		right: '## Goodbye {#goodbye .ending outcome=stalled}'
	},
	{
		code: 'RAP027',
		severity: 'error',
		title: 'ending with choices or routes',
		meaning: 'An ending has choices or routes.',
		hint: 'Remove `.ending` from the heading if the story goes on, or move the choices to another beat.',
		wrong: '## Goodbye {#goodbye .ending outcome=stalled}\n- "See you." -> next',
		right: '## Goodbye {#goodbye .ending outcome=stalled}\n\n### Debrief\n\n...'
	},
	{
		code: 'RAP028',
		severity: 'error',
		title: 'decision can be left without a choice',
		meaning:
			'A decision beat can be reached with meters under which none of its choices is offered (every choice has an `if:` that fails).',
		hint: 'Give at least one choice no `if:`, or widen the conditions so that one always holds.',
		wrong: '- "Go on." -> more\n  if: trust >= 3\n- "Tell me." -> more\n  if: trust < 2',
		right: '- "Go on." -> more\n  if: trust >= 3\n- "Tell me." -> more'
	},
	{
		code: 'RAP029',
		severity: 'warning',
		title: 'unknown front matter key',
		meaning: 'An unknown front matter key, usually a typo (`setings:`).',
		hint: 'Fix the spelling (the hint suggests the nearest key) or remove the line.',
		wrong: 'setings: GP surgery',
		right: 'setting: GP surgery'
	},
	{
		code: 'RAP030',
		severity: 'warning',
		title: 'route can never be taken',
		meaning: 'A route can never be taken because a route above it has no condition.',
		hint: 'Move the unconditional route to the end of the list.',
		wrong: '-> shaky\n-> steady if trust >= 3',
		right: '-> steady if trust >= 3\n-> shaky'
	},
	{
		code: 'RAP031',
		severity: 'warning',
		title: 'scenario too large to analyse exactly',
		meaning:
			'The scenario has too many combinations of meter values to analyse exactly, so score ranges and path counts are estimates.',
		hint: 'Narrow the meter ranges (for example `0` to `12` rather than `0` to `1000`) or use fewer meters.',
		wrong: 'meters:\n  trust: { start: 0, min: 0, max: 100000 }',
		right: 'meters:\n  trust: { start: 3, min: 0, max: 12 }'
	},
	{
		code: 'RAP032',
		severity: 'error',
		title: 'prose cannot be shown',
		meaning:
			"A passage of prose (the intro, narration, a client line, feedback or a debrief) cannot be shown: it nests quotes, lists, emphasis or links more than 32 levels deep, or the markdown renderer fails on it. The location is the passage's first line.",
		hint: 'Flatten it: a quote or a list a few levels deep says the same. Pages would show "This passage could not be shown." in its place.',
		wrong: '**Sam:** > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > deep',
		right: '**Sam:** > It was like that, over and over.'
	},
	{
		code: 'RAP040',
		severity: 'error',
		title: 'unknown flag',
		meaning: 'A memory flag in a condition, `sets:` or `clears:` is not declared under `flags:`.',
		hint: 'Declare it in the front matter, or fix the spelling (the hint suggests the nearest). If it is a meter, compare it with a number.',
		wrong: '- "It\'s nothing." -> next\n  sets: minimised-risk',
		right:
			'flags:\n  minimised-risk: You brushed off what she said about not coping.\n---\n- "It\'s nothing." -> next\n  sets: minimised-risk'
	},
	{
		code: 'RAP041',
		severity: 'warning',
		title: 'flag set but never tested',
		meaning: 'A flag is set by some choice but no condition ever tests it, so it changes nothing.',
		hint: 'Test it where the client would remember (`if: has x`, `[if has x]`), or stop setting it.',
		wrong:
			'flags:\n  minimised-risk: You brushed it off.\n---\n- "It\'s nothing." -> next\n  sets: minimised-risk',
		right: "[if has minimised-risk] **Maya:** Anyway. It's nothing, like you said."
	},
	{
		code: 'RAP042',
		severity: 'error',
		title: 'unknown critical action',
		meaning: '`meets:` or a debrief note names a critical action not declared under `critical:`.',
		hint: 'Declare it, or fix the spelling.',
		wrong: '- "Are you having thoughts of ending your life?" -> next\n  meets: ask-risk',
		right:
			'critical:\n  ask-about-risk: { title: Ask directly about suicide, cap: 50 }\n---\n- "Are you having thoughts of ending your life?" -> next\n  meets: ask-about-risk'
	},
	{
		code: 'RAP043',
		severity: 'warning',
		title: 'unreachable critical action',
		meaning: 'No path can meet a declared critical action, so every attempt would be capped.',
		hint: 'Add `meets:` to a choice the trainee can reach, or remove the action.',
		wrong: 'critical:\n  ask-about-risk: { title: Ask directly about suicide, cap: 50 }',
		right: '- "Are you having thoughts of ending your life?" -> next\n  meets: ask-about-risk'
	},
	{
		code: 'RAP044',
		severity: 'warning',
		title: 'group of prose variants can show none',
		meaning:
			'A group of prose variants (`[if]` ... `[else if]`) shows none of them in some state the beat can be reached in; the message names the state.',
		hint: 'End the group with `[else]`, or widen the conditions.',
		wrong: '[if trust >= 3] **Maya:** Thanks.\n[else if trust >= 1] **Maya:** OK.',
		right: '[if trust >= 3] **Maya:** Thanks.\n[else] **Maya:** OK.'
	},
	{
		code: 'RAP045',
		severity: 'error',
		title: 'prose variant without an `[if]`',
		meaning: 'An `[else]` or `[else if]` paragraph does not follow an `[if]` paragraph.',
		hint: 'Start the group with `[if <condition>]`, with no other paragraph between the variants.',
		wrong: '**Maya:** Hello.\n\n[else] **Maya:** Fine.',
		right: '[if trust >= 2] **Maya:** Hello.\n[else] **Maya:** Fine.'
	},
	{
		code: 'RAP046',
		severity: 'error',
		title: 'path test outside a debrief note',
		meaning:
			'A choice, route or beat prose tests the path (`met`, `missed`, rupture handling), which only debrief notes may.',
		hint: 'Set a flag on the choice that matters (`sets: ...`) and test the flag instead.',
		wrong: '- "Shall we start?" -> next\n  if: missed ask-about-risk',
		right: '### Debrief\n\n[if missed ask-about-risk] You never asked about risk.'
	},
	{
		code: 'RAP047',
		severity: 'error',
		title: 'conditional paragraph in the intro',
		meaning: 'A paragraph of the intro is conditional; nothing has happened before the first beat.',
		hint: 'Remove the `[if ...]`, or move the paragraph into the first beat.',
		wrong: '---\n\n[if trust >= 3] Maya seems relaxed.\n\n## Opening {#opening}',
		right: '---\n\nMaya booked this session after a long wait.\n\n## Opening {#opening}'
	},
	{
		code: 'RAP048',
		severity: 'error',
		title: 'drill without a known skill',
		meaning:
			'A drill (`kind: drill`) has no `skill`, its `skill` is not a principle id or is not listed in `principles`, or a scenario that is not a drill sets `skill`.',
		hint: 'Give the drill `skill:` with the one principle it trains, and list it in `principles`.',
		wrong: 'kind: drill\nprinciples: [repair-ruptures]',
		right: 'kind: drill\nskill: repair-ruptures\nprinciples: [repair-ruptures]'
	},
	{
		code: 'RAP049',
		severity: 'error',
		title: 'drill too long',
		meaning:
			'A drill asks more than two decisions on its longest path, or its `minutes` is more than 1. A drill is one hard moment (and perhaps its sequel), played in under a minute.',
		hint: 'Keep the hard moment and the reply to it; make a longer exchange a scenario.',
		wrong: 'kind: drill\nminutes: 5\n(three decisions on a path)',
		right: 'kind: drill\nminutes: 1\n(one or two decisions on every path)'
	},
	{
		code: 'RAP050',
		severity: 'warning',
		title: 'choice length gives the answer away',
		meaning:
			"In more than 40% of a scenario's decisions the best-scoring choice is the longest, or the worst-scoring is the shortest. Trainees learn to pick by length instead of by reading.",
		hint: 'Keep the choices of a decision within about a fifth of each other in length; let good answers be short and poor ones long as often as not.',
		wrong:
			'- "Mm." -> next\n  scores: listen-carefully -1\n- "It sounds as if the week has been heavy, and I\'d like to hear which part weighs most." -> next\n  scores: listen-carefully +2',
		right:
			'- "Which part of the week weighs most?" -> next\n  scores: listen-carefully +2\n- "Let\'s get to the plan, since we\'re short on time." -> next\n  scores: listen-carefully -1',
		content: true
	},
	{
		code: 'RAP051',
		severity: 'warning',
		title: 'a surface strategy passes',
		meaning:
			'A rule that ignores what the client said reaches the pass mark: always choosing the longest, the shortest, the first or the last response, the one that sounds most like a therapist ("I notice", "I wonder", "it sounds like"), a question, or a response without "you" (the first such response as written; the first response when none is). The walk is scored by the same rule the server uses, so a trainee could pass without reading a word.',
		hint: 'Vary which response is best, where it is written, how long it is and how it is phrased: let wrong answers ask questions, say "I wonder" and avoid "you" too, and let right answers be plain, until none of the seven strategies passes.',
		wrong: '(the best response written first in every decision)',
		right: '(the best response first in some decisions, in the middle or last in others)',
		content: true
	},
	{
		code: 'RAP052',
		severity: 'warning',
		title: 'ending contradicts the score',
		meaning:
			'A `strengthened` or `repaired` ending is reached by a path that scores below the pass mark, or a `ruptured` or `dropout` ending by a path that passes. The message gives the shortest such path as choice ids.',
		hint: 'Route low-scoring paths to a stalled ending, or gate the good ending on meters that unhelpful choices lower; let passing paths reach a better ending.',
		wrong: '-> steadier if trust >= 3\n(trust 3 is reachable with a failing score)',
		right: '-> steadier if trust >= 5\n(only paths that pass raise trust to 5)',
		content: true
	},
	{
		code: 'RAP053',
		severity: 'warning',
		title: 'rupture scored without repair',
		meaning:
			'At a rupture beat no choice scores `repair-ruptures` above zero, or a choice that carries on as if nothing happened scores it at zero or above, so the repair-ruptures score says nothing about repair.',
		hint: 'Score the repairing choices `repair-ruptures +1` or more, and the ones that ignore the rupture `repair-ruptures -1`.',
		wrong:
			'- "You went quiet just then." -> next\n  tags: address-rupture\n  scores: safe-space +2\n- "So, anyway." -> next\n  tags: ignore-rupture\n  scores: safe-space -1',
		right:
			'- "You went quiet just then." -> next\n  tags: address-rupture\n  scores: repair-ruptures +2\n- "So, anyway." -> next\n  tags: ignore-rupture\n  scores: repair-ruptures -1',
		content: true
	},
	{
		code: 'RAP054',
		severity: 'warning',
		title: 'choice text repeated',
		meaning:
			'The same choice text (ignoring case, punctuation and quote style) appears in more than three places across the files linted together. Stock phrases become answer cues.',
		hint: 'Write the response for this client and moment, or vary it where it recurs.',
		wrong: '- "Before you go, how was today for you?" -> end\n(in four scenarios)',
		right: '- "Before you go, how did today\'s pace suit you?" -> end',
		content: true
	},
	{
		code: 'RAP055',
		severity: 'error',
		title: "drill decision does not score the drill's skill",
		meaning:
			"A decision in a drill offers no choice that scores the drill's `skill` above zero, so the drill's result would not measure the skill it schedules.",
		hint: 'Score the response that shows the skill `+1` or more, and the tempting ones below zero.',
		wrong: 'skill: repair-ruptures\n...\n- "You went quiet." -> next\n  scores: safe-space +1',
		right: 'skill: repair-ruptures\n...\n- "You went quiet." -> next\n  scores: repair-ruptures +1'
	}
] as const satisfies readonly CatalogueEntry[];

export type Code = (typeof CATALOGUE)[number]['code'];

export const ENTRIES: ReadonlyMap<string, CatalogueEntry> = new Map(
	CATALOGUE.map((entry) => [entry.code, entry])
);
