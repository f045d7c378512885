/** The tag vocabulary a choice may use; docs/scenario-format.md explains each. */
export const TAGS = [
	'i-statement',
	'you-statement',
	'push-on',
	'change-tactic',
	'address-rupture',
	'ignore-rupture',
	'metacommunication',
	'open-question',
	'closed-question',
	'reflection',
	'validation',
	'refer-on',
	'rationale',
	'agenda',
	'check-in',
	'own-part',
	'advice',
	'reassurance',
	'self-disclosure',
	'defensive',
	'boundary',
	'summary',
	'confidentiality',
	'goal-setting',
	'collaboration',
	'risk-question',
	'safety-planning',
	'information',
	'psychoeducation',
	'homework-review',
	'cultural-humility'
] as const;

export type Tag = (typeof TAGS)[number];

export const TAG_SET: ReadonlySet<string> = new Set(TAGS);

/** Tags that count as turning towards a rupture. */
export const REPAIR_TAGS: readonly string[] = ['address-rupture', 'metacommunication'];

/** The three contrasts the product trains explicitly. */
export const CONTRASTS = {
	'i-statement': ['you-statement', 'i-statement'],
	'change-tactic': ['push-on', 'change-tactic'],
	'address-rupture': ['ignore-rupture', 'address-rupture']
} as const;
