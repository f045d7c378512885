import type { AttemptEvent } from '../store/types';

export interface ChoiceEvent {
	event: AttemptEvent & { choiceId: string };
	/** A practice choice a later rewind took back: shown to the trainee, not on the final path. */
	rewound: boolean;
}

/** An attempt's choice events in order, each marked with whether a later rewind took it back. */
export function choiceEvents(events: readonly AttemptEvent[]): ChoiceEvent[] {
	const ordered = [...events].sort((a, b) => a.seq - b.seq);
	const out: ChoiceEvent[] = [];
	// A rewind takes back the latest choice still standing, as `effectiveChoices` does.
	const standing: ChoiceEvent[] = [];
	for (const event of ordered) {
		if (event.type === 'choice' && event.choiceId) {
			const entry = { event: { ...event, choiceId: event.choiceId }, rewound: false };
			out.push(entry);
			standing.push(entry);
		} else if (event.type === 'rewind') {
			const taken = standing.pop();
			if (taken) taken.rewound = true;
		}
	}
	return out;
}
