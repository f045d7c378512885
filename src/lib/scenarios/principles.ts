/**
 * The seventeen principles of a good therapist-client relationship that Rapport scores against:
 * seven signs of a healthy alliance and eight tips for building one, which follow
 * "Fostering a Positive Therapist-Patient Relationship" (see `SOURCE`), and two skills from
 * current practice that the article leaves out (asking about risk, cultural humility), added
 * after the clinical review of the library. Every explanation is in the project's own words. Dimensions follow Bordin's working alliance (goals, tasks, bond);
 * anchors name the instrument a rater would use for the same skill.
 */

/** `practice`: a skill from current practice, not from the article's list. */
export type PrincipleKind = 'sign' | 'tip' | 'practice';
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
		summary:
			'The client can say what is true for them, and knows what stays in the room and what cannot.',
		explanation:
			'Emotional safety is set up early and shown often: how confidentiality works and where it ends, who decides what is talked about, and that nothing said will be used against the client. A client who feels safe tells you the thing that matters rather than the thing that is easy. Safety is lost quickly by judgement, hurry or surprise. (Asking about risk is its own skill: see “Ask directly about risk”.)',
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
		summary: 'The client can disagree or complain, and is heard rather than corrected.',
		explanation:
			'This is about how you receive what the client tells you. A client who can say “that did not help” is giving you the most useful information in the room: invite disagreement, thank the client for it, and answer without defending yourself. Score it where the client pushes back or could; naming the relationship is “Talk about the relationship”, and working a strain through is “Repair ruptures”.',
		dimensions: ['bond', 'tasks'],
		anchors: ['3RS confrontation markers', 'SRS overall']
	},
	{
		id: 'talk-about-relationship',
		title: 'Talk about the relationship',
		kind: 'sign',
		summary: 'Name what is happening between you, openly and without blame.',
		explanation:
			'Sometimes the most helpful topic is the relationship itself: how the client experiences you, what feels hard to say, what changed in the last minute. Naming it in the here and now (metacommunication), tentatively and without blame, turns a hidden strain into shared work. Score it where the therapist opens the relationship as a topic; the scheduled check-in at the end of a session is “Communicate openly and often”.',
		dimensions: ['bond'],
		anchors: ['3RS exploratory repair', 'FIS alliance-bond capacity']
	},
	{
		id: 'repair-ruptures',
		title: 'Repair ruptures',
		kind: 'sign',
		summary: 'Notice strains in the alliance and work them through; repair makes it stronger.',
		explanation:
			'Ruptures are normal: a client withdraws, masks, or pushes back. Repair is what you do about one: notice the marker, turn towards it, and then own your part, explain a rationale, change the task, or explore what happened together. A first attempt may be refused; staying with it, or coming back to it later, still counts. Score it at every rupture: plus for turning towards it, minus for passing it by.',
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
			'A relevant question grows out of what the client just said and opens it up. Open questions invite the client’s own words; a string of closed questions turns a session into an interview. Some facts need a closed question, asked plainly (risk, safety, medication, whether someone is alone): that is relevance too. Ask fewer questions than you reflect.',
		dimensions: ['tasks'],
		anchors: ['MITI questions', 'MITI reflection-to-question ratio']
	},
	{
		id: 'i-statements',
		title: 'Use tentative, non-blaming language',
		kind: 'tip',
		summary:
			'Offer your view as yours (“I notice…”, “I wonder…”), not as a verdict on what the client is doing wrong.',
		explanation:
			'“You’re avoiding this” sounds like a verdict; “I notice we keep moving away from this” is an observation the client can consider. Owning what you say, and saying it tentatively, leaves the client free to disagree. A reflection of the client’s own experience (“you sound exhausted”) is not a you-statement in this sense: it is listening, and is scored as such. What this principle marks down is blame, diagnosis and mind-reading in the second person.',
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
			'Short, regular check-ins catch problems early and show that you care about the person, not only the problem. Ask how the session is going, not only how the week went, and use a rating such as the Session Rating Scale as a conversation, not a form. A high rating is not the end of the question: many clients rate politely. Score it for routine feedback and progress review; naming a strain as it happens is “Talk about the relationship”.',
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
	},
	{
		id: 'assess-risk',
		title: 'Ask directly about risk',
		kind: 'practice',
		summary:
			'When there are signs of risk, ask plainly about suicide, self-harm and harm from others.',
		explanation:
			'Hopelessness, a past attempt, “what’s the point”, giving things away, a child who is not safe at home: each calls for a direct, closed question, asked calmly and in plain words. Asking does not put the idea in someone’s head; it usually brings relief. Then explore thoughts, intent, plan, means and what keeps the client safe, plan for safety together, explain when you would need to share information, and consult and write it down.',
		dimensions: ['bond', 'tasks'],
		anchors: ['Columbia Suicide Severity Rating Scale (screen)', 'NICE NG225 (self-harm)']
	},
	{
		id: 'cultural-humility',
		title: 'Bring cultural humility',
		kind: 'practice',
		summary:
			'Ask about the client’s culture, faith and identity rather than assume; own a misstep.',
		explanation:
			'Culture, race, faith, class, disability and sexuality shape what a problem means and what help looks like. Ask rather than assume, treat the client as the expert on their own life, and when you get something wrong, say so simply and stay curious rather than defensive. Being asked “have you worked with people like me?” deserves an honest answer, not reassurance.',
		dimensions: ['bond', 'goals'],
		anchors: ['Cultural Humility Scale (Hook et al.)', 'Multicultural orientation framework']
	}
];

const byId = new Map(PRINCIPLES.map((p) => [p.id, p]));

export function getPrinciple(id: string): Principle | undefined {
	return byId.get(id);
}

export const PRINCIPLE_IDS: readonly string[] = PRINCIPLES.map((p) => p.id);
