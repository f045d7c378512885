/**
 * The fifteen principles of a good therapist-client relationship that Rapport scores against:
 * seven signs of a healthy alliance and eight tips for building one. The list follows
 * "Fostering a Positive Therapist-Patient Relationship" (see `SOURCE`); every explanation is in
 * the project's own words. Dimensions follow Bordin's working alliance (goals, tasks, bond);
 * anchors name the instrument a rater would use for the same skill.
 */

export type PrincipleKind = 'sign' | 'tip';
export type Dimension = 'goals' | 'tasks' | 'bond';

export interface Principle {
	id: string;
	title: string;
	kind: PrincipleKind;
	summary: string;
	explanation: string;
	dimensions: Dimension[];
	anchors: string[];
}

export const SOURCE = {
	title: 'Fostering a Positive Therapist-Patient Relationship',
	note: 'The list of signs and tips follows this article; the explanations are Rapport’s own.'
} as const;

export const PRINCIPLES: readonly Principle[] = [
	{
		id: 'safe-space',
		title: 'Create a safe space',
		kind: 'sign',
		summary: 'The client can say what is true for them, and knows it stays in the room.',
		explanation:
			'Safety is set up early and shown often: how confidentiality works, who decides what is talked about, and that nothing said will be used against the client. A client who feels safe tells you the thing that matters rather than the thing that is easy. Safety is lost quickly by judgement, hurry or surprise.',
		dimensions: ['bond'],
		anchors: ['WAI-SR bond', 'FIS warmth']
	},
	{
		id: 'trust-respect',
		title: 'Mutual trust and respect',
		kind: 'sign',
		summary: 'No judgement; the client can be vulnerable and still be taken seriously.',
		explanation:
			'Respect shows in small things: taking the client’s account as their truth, not lecturing, not correcting how they feel. Trust grows when the therapist is consistent and empathic, and shrinks when the client senses they are being assessed or blamed. Without it, clients disengage quietly or leave.',
		dimensions: ['bond'],
		anchors: ['WAI-SR bond', 'FIS empathy', 'FIS alliance-bond capacity']
	},
	{
		id: 'shared-goals',
		title: 'Agree on the goals',
		kind: 'sign',
		summary: 'Ask what the client wants from therapy, and check that you are still on course.',
		explanation:
			'Therapy works best when both people are aiming at the same thing. Ask early what the client hopes will be different, put it in their words, and return to it as the work goes on. Goals can change; the agreement has to be renewed.',
		dimensions: ['goals'],
		anchors: ['WAI-SR goal', 'SRS goals and topics']
	},
	{
		id: 'shared-decisions',
		title: 'Make decisions together',
		kind: 'sign',
		summary: 'Explain the options and let the client choose with you.',
		explanation:
			'Clients choose better when they understand what is on offer and why. Laying out options, giving a rationale and inviting the client’s view shares power and builds confidence. A plan the client helped shape is a plan they are more likely to follow.',
		dimensions: ['tasks'],
		anchors: ['WAI-SR task', 'SRS approach or method']
	},
	{
		id: 'honest-responses',
		title: 'Welcome honest, even negative, reactions',
		kind: 'sign',
		summary: 'The client can disagree or complain and is heard rather than corrected.',
		explanation:
			'A client who can say “that did not help” is giving you the most useful information in the room. Invite disagreement, thank the client for it, and respond without defending yourself. Clients who expect criticism for honesty learn to say what they think you want to hear.',
		dimensions: ['bond', 'tasks'],
		anchors: ['3RS confrontation markers', 'SRS overall']
	},
	{
		id: 'talk-about-relationship',
		title: 'Talk about the relationship',
		kind: 'sign',
		summary: 'Name what is happening between you, openly and without blame.',
		explanation:
			'Sometimes the most helpful topic is the relationship itself: how the client experiences you, what feels hard to say, what changed in the last minute. Talking about it in the here and now (metacommunication) turns a hidden strain into shared work. Avoiding it protects nobody.',
		dimensions: ['bond'],
		anchors: ['3RS exploratory repair', 'FIS alliance-bond capacity']
	},
	{
		id: 'repair-ruptures',
		title: 'Repair ruptures',
		kind: 'sign',
		summary: 'Notice strains in the alliance and work them through; repair makes it stronger.',
		explanation:
			'Ruptures are normal: a client withdraws, masks, or pushes back. What matters is noticing the marker and turning towards it — owning your part, explaining a rationale, changing the task, or exploring what happened together. A rupture that is repaired often leaves the alliance stronger than before.',
		dimensions: ['bond', 'tasks', 'goals'],
		anchors: ['3RS resolution', 'FIS rupture-repair responsiveness']
	},
	{
		id: 'listen-carefully',
		title: 'Listen carefully',
		kind: 'tip',
		summary: 'Be present, and show it by giving back what you heard.',
		explanation:
			'Active listening is visible: accurate reflections, noticing the feeling under the words, remembering what the client said earlier. A good reflection often does more than a good question. When your mind drifts to your next move, the client usually notices.',
		dimensions: ['bond'],
		anchors: ['MITI reflections (complex)', 'FIS empathy']
	},
	{
		id: 'relevant-questions',
		title: 'Ask relevant questions',
		kind: 'tip',
		summary: 'Questions that follow the client and help them see their situation more clearly.',
		explanation:
			'A relevant question grows out of what the client just said and opens it up. Open questions invite the client’s own words; a string of closed questions turns a session into an interview. Ask fewer questions than you reflect.',
		dimensions: ['tasks'],
		anchors: ['MITI questions', 'MITI reflection-to-question ratio']
	},
	{
		id: 'i-statements',
		title: 'Use I-statements',
		kind: 'tip',
		summary: 'Speak from your own view (“I notice…”), not about what the client is doing wrong.',
		explanation:
			'“You’re avoiding this” sounds like a verdict; “I notice we keep moving away from this” is an observation the client can consider. I-statements keep the focus on shared experience and leave the client free to disagree. You-statements, however well meant, invite defence.',
		dimensions: ['bond'],
		anchors: ['Rapport-defined (no standard instrument)']
	},
	{
		id: 'change-tactics',
		title: 'Change tactics when one is not working',
		kind: 'tip',
		summary: 'Put the client’s needs before your plan and try something different.',
		explanation:
			'When an approach meets resistance, pushing harder rarely helps. Notice the signs that it is not landing, say so, and offer another way in. Flexibility tells the client their experience counts more than the technique.',
		dimensions: ['tasks'],
		anchors: ['3RS immediate repair (change the task)', 'SRS approach or method']
	},
	{
		id: 'communicate-often',
		title: 'Communicate openly and often',
		kind: 'tip',
		summary: 'Check in regularly about how the client is and how the work is going.',
		explanation:
			'Short, regular check-ins catch problems early and show that you care about the person, not only the problem. Ask how the session is going, not only how the week went. Regular feedback from clients is one of the simplest ways to keep them in therapy.',
		dimensions: ['goals', 'bond'],
		anchors: ['SRS (session feedback)', 'WAI-SR goal']
	},
	{
		id: 'manage-emotions',
		title: 'Manage your own emotions',
		kind: 'tip',
		summary: 'Notice your own reactions, keep boundaries, and do not project them.',
		explanation:
			'Clients can stir frustration, worry or the wish to rescue. Noticing these reactions keeps them from leaking into what you say — as defensiveness, advice or over-involvement. Clear boundaries protect both of you.',
		dimensions: ['bond'],
		anchors: ['FIS warmth (non-defensiveness)', '3RS non-defensive stance']
	},
	{
		id: 'patience',
		title: 'Be patient: relationships build over time',
		kind: 'tip',
		summary: 'There is no quick fix; trust grows session by session.',
		explanation:
			'Clients often hope for fast change, and therapists can feel the same pressure. Pacing the work to what the client can manage, and saying openly that trust takes time, prevents the disappointment that ends therapy early. Small steps that hold are worth more than a breakthrough that scares.',
		dimensions: ['bond', 'goals'],
		anchors: ['FIS hope', 'WAI-SR bond over sessions']
	},
	{
		id: 'refer-on',
		title: 'Refer on when the fit is wrong',
		kind: 'tip',
		summary: 'If the relationship cannot work, help the client find someone better suited.',
		explanation:
			'Sometimes a client needs a different specialism, setting or person. Raising it openly, as care rather than rejection, and helping with the next step keeps the client’s trust in therapy itself. Holding on to a client you cannot help does them no favour.',
		dimensions: ['goals'],
		anchors: ['Rapport-defined (no standard instrument)']
	}
];

const byId = new Map(PRINCIPLES.map((p) => [p.id, p]));

export function getPrinciple(id: string): Principle | undefined {
	return byId.get(id);
}

export const PRINCIPLE_IDS: readonly string[] = PRINCIPLES.map((p) => p.id);
