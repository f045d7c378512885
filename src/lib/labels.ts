/** Words shown to people for the codes in the data. */
export const DIFFICULTY: Record<number, string> = {
	1: 'Introductory',
	2: 'Intermediate',
	3: 'Advanced'
};

export const OUTCOME: Record<string, string> = {
	strengthened: 'Alliance strengthened',
	repaired: 'Rupture repaired',
	stalled: 'Stalled',
	ruptured: 'Alliance ruptured',
	dropout: 'Client dropped out',
	referred: 'Referred on'
};

export const VERDICT: Record<string, string> = {
	helpful: 'Helpful',
	mixed: 'Mixed',
	unhelpful: 'Unhelpful'
};

export const DIMENSION: Record<string, string> = {
	goals: 'Goals',
	tasks: 'Tasks',
	bond: 'Bond'
};

export const SRS_LABEL: Record<string, string> = {
	relationship: 'Relationship: felt heard, understood and respected',
	goals: 'Goals and topics: worked on what I wanted to',
	approach: 'Approach: the way of working fitted me',
	overall: 'Overall: today’s session was right for me'
};
