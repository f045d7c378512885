/**
 * The records Rapport keeps and the one interface every storage backend satisfies. Nothing here
 * names lowdb: a PostgreSQL store implements the same `Store`. All times are ISO 8601 strings.
 */

export type Role = 'trainee' | 'instructor' | 'admin';
export const ROLES: readonly Role[] = ['trainee', 'instructor', 'admin'];

export interface User {
	id: string;
	/** Unique, compared case-insensitively; stored lower-case by the accounts code. */
	username: string;
	displayName: string;
	email?: string;
	role: Role;
	/** Argon2id PHC string. Never leaves the server. */
	passwordHash: string;
	createdAt: string;
	/** Random and stable: stands in for the user in research exports. */
	pseudonym: string;
	/** Set when the user was erased: the record is then a tombstone (see `Store.eraseUser`). */
	erasedAt?: string;
	/** Set while an admin has suspended the account: no sign-in, no session; data kept. */
	suspendedAt?: string;
}

/** A user as the rest of the app may see it. */
export type PublicUser = Omit<User, 'passwordHash'>;

export type NewUser = Omit<User, 'id' | 'createdAt' | 'pseudonym'>;
/** `null` removes an optional field (a cleared email, a lifted suspension). */
export type UserPatch = Partial<
	Pick<User, 'username' | 'displayName' | 'role' | 'passwordHash'>
> & {
	email?: string | null;
	suspendedAt?: string | null;
};

export interface Session {
	/** SHA-256 of the cookie token; the token itself is never stored. */
	tokenHash: string;
	userId: string;
	createdAt: string;
	expiresAt: string;
}

export type NewSession = Omit<Session, 'createdAt'>;

/** A single-use set-password link. Only the SHA-256 of its token is stored. */
export interface PasswordToken {
	tokenHash: string;
	userId: string;
	/** Who made the link; null for the system. */
	createdBy: string | null;
	createdAt: string;
	expiresAt: string;
	/** When the link was used: it is kept until it expires, so the page can say so. */
	usedAt?: string;
}

export type NewPasswordToken = Omit<PasswordToken, 'createdAt' | 'usedAt'>;

/** What erasing a user did beyond the live data files. */
export interface ErasureReport {
	/** Backup and replaced-data folders deleted because they held the user's details. */
	backupsRemoved: string[];
	/** The backup taken just after, so a clean restore point exists. */
	backupTaken?: string;
	/** Data files that still contain one of the details (expected empty). */
	remaining: string[];
	/**
	 * Typed responses ("say it your way first") deleted: unlike a reflection, which is scrubbed
	 * of the user's details, they are the trainee's own prose and go whole.
	 */
	ownWordsRemoved: number;
	/** What became of the studio drafts the user owned (`eraseDraftAuthor` in drafts.ts). */
	drafts: DraftErasure;
}

/** What an erasure did to the erased user's studio drafts. */
export interface DraftErasure {
	/** Drafts nobody else could edit and never published: deleted with every revision. */
	deleted: number;
	/** Drafts with co-authors: the first co-author became their owner. */
	handedOver: number;
	/** Published drafts nobody else could edit: kept with only their published revisions. */
	kept: number;
}

export type AttemptMode = 'practice' | 'assessment';
export type AttemptStatus = 'active' | 'completed';

export interface Attempt {
	id: string;
	userId: string;
	scenarioId: string;
	/** The scenario version played: `Scenario.hash`. */
	scenarioHash: string;
	mode: AttemptMode;
	status: AttemptStatus;
	startedAt: string;
	completedAt?: string;
	/** "What if": this attempt replays `parentAttemptId` up to `branchFromStep`, then diverges. */
	parentAttemptId?: string;
	branchFromStep?: number;
	reflection?: string;
	/** Written by the scoring code; opaque to the store. */
	result?: Record<string, unknown>;
	assignmentId?: string;
	/** Reset by an instructor: kept on the record, but no longer counts anywhere. */
	voided?: AttemptVoid;
	/** Seeds the order choices are shown in (src/lib/machines/order.ts); older attempts have none. */
	choiceSeed?: string;
	/**
	 * A drill played from /practice (`scenarioId` is the drill's id). Drill attempts are kept
	 * apart: `listAttemptsByUser` and `listAttempts` leave them out unless asked (`kind`), so they
	 * count towards no assignment, progress page or cohort figure.
	 */
	drill?: true;
	/**
	 * The trainee's guess at the client's overall session rating, made at the debrief before the
	 * rating was shown (`Store.predictRating`): never part of the score. Set once.
	 */
	prediction?: RatingPrediction;
	/**
	 * "Say it your way first", turned on by the trainee for a practice scenario attempt (drills
	 * always ask): before each decision's choices appear, they type their own response.
	 */
	sayFirst?: boolean;
	/** The trainee shares their typed responses with the instructors who may view the attempt. */
	ownWordsShared?: boolean;
}

/** A prediction of the client's overall session rating (0-10, the client's own scale). */
export interface RatingPrediction {
	/** Whole points 0-10; null when the trainee chose to see the rating without predicting. */
	overall: number | null;
	at: string;
}

/**
 * What a trainee typed at one decision before the choices appeared ("say it your way first").
 * Not scored. Personal data: exported with the trainee's data and deleted on erasure.
 */
export interface OwnWords {
	attemptId: string;
	/** The decision: 0 for the first choice on the attempt's path, as in the debrief. */
	step: number;
	/** The decision's beat (after a rewind the same step may lead to another beat). */
	beat: string;
	/** Trimmed; empty when the trainee chose to skip. */
	text: string;
	skipped: boolean;
	at: string;
}

export type NewOwnWords = Omit<OwnWords, 'at'>;

export interface SavedOwnWords {
	words: OwnWords;
	/** True when words for this decision were already kept: nothing was written this time. */
	duplicate: boolean;
}

export interface AttemptVoid {
	at: string;
	/** The user id of whoever reset it. */
	by: string;
	reason: string;
	/** The audit entry that records it. */
	auditId?: string;
}

export type NewAttempt = Omit<Attempt, 'id' | 'status' | 'startedAt' | 'completedAt'>;
export type AttemptPatch = Partial<
	Pick<
		Attempt,
		| 'status'
		| 'completedAt'
		| 'reflection'
		| 'result'
		| 'assignmentId'
		| 'voided'
		| 'sayFirst'
		| 'ownWordsShared'
	>
>;

export type AttemptEventType = 'choice' | 'rewind';

export interface AttemptEvent {
	/** Generated by the client (a UUID): the idempotency key of a retried post. */
	id: string;
	attemptId: string;
	/** 1, 2, 3... per attempt, assigned by the store in the order events are accepted. */
	seq: number;
	type: AttemptEventType;
	choiceId?: string;
	at: string;
}

export type NewAttemptEvent = Omit<AttemptEvent, 'attemptId' | 'seq'>;

export interface RecordedEvent {
	event: AttemptEvent;
	/** True when this event id was already stored: nothing was written this time. */
	duplicate: boolean;
}

// Cohorts, assignments and the audit log are kept simple here; the programme screens (a later
// issue) decide what more they need.

export interface Cohort {
	id: string;
	name: string;
	instructorIds: string[];
	memberIds: string[];
	createdAt: string;
	archived?: boolean;
}

export type NewCohort = Omit<Cohort, 'id' | 'createdAt'>;
export type CohortPatch = Partial<NewCohort>;

export interface Assignment {
	id: string;
	cohortId: string;
	scenarioId: string;
	mode: AttemptMode;
	createdBy: string;
	createdAt: string;
	opensAt?: string;
	dueAt?: string;
	/** Rows made together (one per scenario of a set) share it. */
	setId?: string;
	/** The set's title; absent: show the scenario's. */
	title?: string;
	/** Percent of the normalised score; absent: the scenario's own `pass`. */
	passMark?: number;
	/** Attempts a trainee may start for it; absent: no limit. */
	attemptLimit?: number;
	/** User id -> extra attempts granted to that trainee beyond the limit. */
	extraAttempts?: Record<string, number>;
}

export type NewAssignment = Omit<Assignment, 'id' | 'createdAt'>;
export type AssignmentPatch = Partial<Omit<NewAssignment, 'cohortId' | 'createdBy'>>;

export interface AuditEntry {
	id: string;
	at: string;
	/** Null for the system itself (first run, admin CLI without a signed-in user). */
	actorId: string | null;
	/** Dotted verb, e.g. `user.create`, `session.signIn`, `attempt.complete`. */
	action: string;
	targetType?: string;
	targetId?: string;
	detail?: Record<string, unknown>;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };

/** What `Store.countSignInTry` saw: the tries already in the window, oldest first (ms). */
export interface SignInTries {
	/** False when `max` tries were already in the window: this one was refused, not counted. */
	counted: boolean;
	recent: number[];
}

/** Which attempts a listing holds: scenario attempts (the default), drill attempts, or both. */
export type AttemptKind = 'scenario' | 'drill' | 'any';

/**
 * A trainee's card for one drill: when it is next due, and its scheduling state, which
 * src/lib/practice/schedule.ts writes and reads (opaque to the store, like an attempt's result).
 */
export interface DrillCard {
	userId: string;
	drillId: string;
	/** ISO time the drill is next due. */
	due: string;
	schedule: Record<string, unknown>;
	updatedAt: string;
}

export type NewDrillCard = Omit<DrillCard, 'updatedAt'>;

export interface AttemptFilter {
	/** Default `scenario`: drill attempts are listed only when asked for. */
	kind?: AttemptKind;
	scenarioId?: string;
	assignmentId?: string;
	status?: AttemptStatus;
}

/** One saved text of a scenario draft. Revisions are never changed or removed. */
export interface DraftRevision {
	/** 1, 2, 3... per draft, in the order saves arrived. */
	number: number;
	source: string;
	/** The user id of whoever saved it. */
	authorId: string;
	savedAt: string;
	/**
	 * Set on a save refused because it was based on an older revision than the current one
	 * (another tab, a co-author): the text is kept here, but it did not become current.
	 */
	conflict?: { basedOn: number; current: number };
	/**
	 * How the revision came to be, when not by "Save draft": saved by itself while the author
	 * typed or left the page (`autosave`), a "Restore" of `restoredFrom`, or a file import.
	 */
	kind?: RevisionKind;
	/** Autosaves only: the page visit that saved it (autosaves replace each other within one). */
	sitting?: string;
	restoredFrom?: number;
}

export type RevisionKind = 'autosave' | 'restore' | 'import';

/** A draft's revision published to the catalogue: immutable, like any scenario version. */
export interface DraftPublication {
	revision: number;
	/** `Scenario.hash` of that revision's text. */
	hash: string;
	publishedAt: string;
	publishedBy: string;
}

/**
 * A scenario written in the studio. Its owner and co-authors may see and change it; nobody else
 * (admins aside, which the studio code decides). Once published it is in the catalogue under
 * `scenarioId`, and stays at its last publication until published again.
 */
export interface ScenarioDraft {
	id: string;
	ownerId: string;
	coAuthorIds: string[];
	createdAt: string;
	/** The scenario's title as the studio last read it from the source (for lists). */
	title: string;
	/** The current revision's number: the newest one that is not a refused (conflict) save. */
	current: number;
	revisions: DraftRevision[];
	/** Fixed at creation: the id the scenario has in the catalogue once published. */
	scenarioId: string;
	/** Oldest first; the last is what the catalogue offers. */
	publications: DraftPublication[];
	/**
	 * Set when the author unpublished it: the catalogue no longer offers it for new attempts,
	 * while attempts already played on it still replay. Publishing again clears it.
	 */
	unpublished?: { at: string; by: string };
}

/** A draft without its revisions' texts, for lists. */
export type DraftSummary = Omit<ScenarioDraft, 'revisions'> & {
	updatedAt: string;
	revisionCount: number;
};

export interface NewScenarioDraft {
	ownerId: string;
	coAuthorIds?: string[];
	title: string;
	source: string;
	/** `import` when the text came from an uploaded file. */
	kind?: 'import';
}

export interface DraftSave {
	source: string;
	authorId: string;
	title: string;
	/** The revision the text was edited from: a save based on an older one is kept as a conflict. */
	basedOn: number;
	kind?: 'autosave' | 'restore';
	/** Autosaves: which page visit saves it (see `replacesAutosave` in drafts.ts). */
	sitting?: string;
	/** Restores: the revision whose text this is. */
	restoredFrom?: number;
}

/** What a save did: `revision.conflict` is set when it was refused as stale. */
export interface SavedDraft {
	draft: ScenarioDraft;
	revision: DraftRevision;
}

/**
 * An account somewhere else that signs in as a Rapport user: a university's OpenID provider
 * (`oidc`) or an LMS launching through LTI 1.3 (`lti`). `subject` is the `sub` claim, unique
 * within its issuer; one (kind, issuer, subject) belongs to at most one user. Personal data:
 * removed when the user is erased or deleted.
 */
export type IdentityKind = 'oidc' | 'lti';
export interface ExternalIdentity {
	kind: IdentityKind;
	/** The OpenID issuer URL, or the LTI platform's issuer. */
	issuer: string;
	subject: string;
	userId: string;
	/** The email the provider last gave, if any. */
	email?: string;
	linkedAt: string;
	lastSeenAt: string;
}
export type NewExternalIdentity = Omit<ExternalIdentity, 'linkedAt' | 'lastSeenAt'>;

/**
 * An LMS registered by an admin to launch Rapport through LTI 1.3. Canvas uses one issuer for
 * every school, so a platform is known by issuer and client id together.
 */
export interface LtiPlatform {
	id: string;
	name: string;
	issuer: string;
	clientId: string;
	/** The platform's OIDC authorisation endpoint, where login initiation sends the browser. */
	authEndpoint: string;
	/** Where Rapport gets access tokens for the platform's services (AGS, NRPS). */
	tokenEndpoint: string;
	/** The platform's public keys, which launches are signed with. */
	jwksUrl: string;
	/** Deployments of the tool on the platform that may launch; any other is refused. */
	deploymentIds: string[];
	/**
	 * Whether the LMS's Instructor or Administrator role makes a Rapport instructor. Off: everyone
	 * it launches is a trainee (an LMS role is only as trustworthy as the platform's admins).
	 */
	trustInstructorRoles: boolean;
	createdBy: string;
	createdAt: string;
	updatedAt: string;
}
export type NewLtiPlatform = Omit<LtiPlatform, 'id' | 'createdAt' | 'updatedAt'>;
export type LtiPlatformPatch = Partial<Omit<NewLtiPlatform, 'createdBy'>>;

/**
 * One of Rapport's own signing keys (RS256). The private half is a secret: it stays in the store
 * and the server, never in a page, an export or a log. `retiredAt` set: no longer signs, still
 * published in the JWKS for a grace period so platforms can verify what it signed.
 */
export interface LtiKey {
	kid: string;
	privateJwk: Record<string, unknown>;
	publicJwk: Record<string, unknown>;
	createdAt: string;
	retiredAt?: string;
}
export type NewLtiKey = Omit<LtiKey, 'createdAt' | 'retiredAt'>;

/** What an LTI resource link opens in Rapport. */
export type LtiTarget =
	{ kind: 'scenario'; scenarioId: string } | { kind: 'assignment'; assignmentId: string };

/** A link placed in an LMS course (a resource link of one deployment) and what it launches. */
export interface LtiResourceLink {
	platformId: string;
	deploymentId: string;
	resourceLinkId: string;
	target: LtiTarget;
	mode: AttemptMode;
	/** Percent of the normalised score; absent: the scenario's (or assignment's) own. */
	passMark?: number;
	title?: string;
	/** The AGS line item the platform named for this link, if any. */
	lineItemUrl?: string;
	createdAt: string;
	updatedAt: string;
}
export type NewLtiResourceLink = Omit<LtiResourceLink, 'createdAt' | 'updatedAt'>;

/**
 * What one user's launch of a resource link told Rapport's services (AGS and NRPS claims): where
 * to post their scores, as whom (the LMS `sub`), and where the course roster is. One per user and
 * resource link, replaced by each launch. Personal data: gone when the user is erased or deleted.
 */
export interface LtiLaunchLink {
	userId: string;
	platformId: string;
	deploymentId: string;
	resourceLinkId: string;
	/** The LMS user id (`sub`) scores are posted for. */
	subject: string;
	target: LtiTarget;
	mode: AttemptMode;
	/** AGS: the link's own line item, the context's line items, the scopes granted. */
	lineItemUrl?: string;
	lineItemsUrl?: string;
	agsScopes: string[];
	/** The course (LTI context) and its NRPS membership URL, when the platform offers it. */
	contextId?: string;
	contextTitle?: string;
	membershipsUrl?: string;
	createdAt: string;
	updatedAt: string;
}
export type NewLtiLaunchLink = Omit<LtiLaunchLink, 'createdAt' | 'updatedAt'>;

/**
 * A score waiting to reach (or sent to) an LMS gradebook: the outbox of grade passback. Written
 * when a launched attempt completes; the sender claims due rows, posts, and records the outcome.
 * One per attempt and resource link (queueing it again changes nothing).
 */
export interface LtiScore {
	id: string;
	attemptId: string;
	userId: string;
	platformId: string;
	deploymentId: string;
	resourceLinkId: string;
	/** Absent until the line item is known (created from `lineItemsUrl` on the first send). */
	lineItemUrl?: string;
	lineItemsUrl?: string;
	/** The AGS score document as posted (`application/vnd.ims.lis.v1.score+json`). */
	score: Record<string, unknown>;
	status: 'pending' | 'sent';
	/** Sends tried so far. */
	tries: number;
	/** When the sender may next take it (a claim pushes it on by a lease). */
	nextTryAt: string;
	lastError?: string;
	lastTriedAt?: string;
	sentAt?: string;
	createdAt: string;
}
export type NewLtiScore = Omit<
	LtiScore,
	'id' | 'status' | 'tries' | 'lastError' | 'lastTriedAt' | 'sentAt' | 'createdAt'
>;
export type LtiScorePatch = Partial<
	Pick<
		LtiScore,
		'status' | 'tries' | 'nextTryAt' | 'lastError' | 'lastTriedAt' | 'sentAt' | 'lineItemUrl'
	>
>;

/** The latest publication of a draft, with its text: what the catalogue loads. */
export interface PublishedScenario {
	draftId: string;
	scenarioId: string;
	publication: DraftPublication;
	source: string;
	/** The author unpublished it: not offered for new attempts, but its attempts still replay. */
	unpublished: boolean;
}

/**
 * Everything is async so a networked database fits behind the same interface. Methods that look
 * up one record return `undefined` when it is missing; methods that change one throw
 * `StoreNotFoundError`. Conflicts (a taken username, a stale event) throw `StoreConflictError`.
 */
export interface Store {
	createUser(user: NewUser): Promise<User>;
	getUser(id: string): Promise<User | undefined>;
	getUserByUsername(username: string): Promise<User | undefined>;
	listUsers(): Promise<User[]>;
	updateUser(id: string, patch: UserPatch): Promise<User>;
	/** Also deletes the user's sessions and attempts and removes them from cohorts. */
	deleteUser(id: string): Promise<void>;
	/**
	 * Creates several users in one write: all of them, or none if any username is taken
	 * (`StoreConflictError`, code `username-taken`).
	 */
	createUsers(users: NewUser[]): Promise<User[]>;
	/**
	 * Erases a user's personal details but keeps their attempts: the user record becomes a
	 * tombstone (username = pseudonym, display name "Erased trainee", no email or password),
	 * sessions and set-password links go, and the username, display name and email are scrubbed
	 * from free text everywhere (reflections, reasons, audit details, names). Backups and
	 * replaced-data folders that contain any of them are deleted and a fresh backup is taken.
	 * Their typed responses (`OwnWords`) are deleted whole.
	 * Their studio drafts go as `eraseDraftAuthor` (drafts.ts) says; they leave others' drafts'
	 * co-authors.
	 */
	eraseUser(id: string): Promise<ErasureReport>;

	/** Stores links; any earlier link for the same users stops working. */
	createPasswordTokens(tokens: NewPasswordToken[]): Promise<void>;
	getPasswordToken(tokenHash: string): Promise<PasswordToken | undefined>;
	/**
	 * Marks the link used at `now` and returns it, if it exists, is unused and has not expired:
	 * single use. A used link stays (with `usedAt`) until it expires or is replaced.
	 */
	takePasswordToken(tokenHash: string, now: string): Promise<PasswordToken | undefined>;

	createSession(session: NewSession): Promise<Session>;
	getSession(tokenHash: string): Promise<Session | undefined>;
	extendSession(tokenHash: string, expiresAt: string): Promise<Session>;
	deleteSession(tokenHash: string): Promise<void>;
	deleteSessionsForUser(userId: string): Promise<void>;

	createAttempt(attempt: NewAttempt): Promise<Attempt>;
	getAttempt(id: string): Promise<Attempt | undefined>;
	/** The user's scenario attempts, oldest first; `kind` lists their drill attempts instead, or both. */
	listAttemptsByUser(userId: string, kind?: AttemptKind): Promise<Attempt[]>;
	/** Every user's attempts that match: reads all of them, meant for reports, not hot paths. */
	listAttempts(filter?: AttemptFilter): Promise<Attempt[]>;
	updateAttempt(id: string, patch: AttemptPatch): Promise<Attempt>;
	/**
	 * Records the trainee's prediction of the client's rating, once: read and write are one step,
	 * so of two posts (two tabs) one wins and the other is refused (`StoreConflictError`, code
	 * `prediction-made`), leaving the first as it was. `StoreNotFoundError` for a missing attempt.
	 */
	predictRating(id: string, prediction: RatingPrediction): Promise<Attempt>;
	/**
	 * Appends an event and assigns its `seq`. Idempotent on `event.id` within the attempt: a
	 * retried post returns the stored event with `duplicate: true`. With `expectedSeq`, the
	 * event is refused (`StoreConflictError`, code `seq-conflict`) unless the attempt holds exactly
	 * `expectedSeq - 1` events, so a post from a stale tab cannot land out of order.
	 */
	recordEvent(
		attemptId: string,
		event: NewAttemptEvent,
		expectedSeq?: number
	): Promise<RecordedEvent>;
	listEvents(attemptId: string): Promise<AttemptEvent[]>;

	createCohort(cohort: NewCohort): Promise<Cohort>;
	getCohort(id: string): Promise<Cohort | undefined>;
	listCohorts(): Promise<Cohort[]>;
	updateCohort(id: string, patch: CohortPatch): Promise<Cohort>;
	deleteCohort(id: string): Promise<void>;

	createAssignment(assignment: NewAssignment): Promise<Assignment>;
	getAssignment(id: string): Promise<Assignment | undefined>;
	listAssignments(filter?: { cohortId?: string }): Promise<Assignment[]>;
	updateAssignment(id: string, patch: AssignmentPatch): Promise<Assignment>;
	/**
	 * Adds one to a trainee's extra attempts on an assignment, as one atomic change (read and
	 * write together), so two grants at once both count. Returns the assignment as it now is.
	 */
	addExtraAttempt(assignmentId: string, userId: string): Promise<Assignment>;
	deleteAssignment(id: string): Promise<void>;

	/** The trainee's drill cards, by drill id. */
	listDrillCards(userId: string): Promise<DrillCard[]>;
	/**
	 * Creates or replaces the trainee's card for `card.drillId` (one card per trainee and drill).
	 * Throws `StoreNotFoundError` when the user does not exist. Deleting a user deletes their cards.
	 */
	saveDrillCard(card: NewDrillCard): Promise<DrillCard>;

	/**
	 * Keeps what the trainee typed at one decision ("say it your way first"). First write wins:
	 * once the choices were shown the words cannot change, so words for a (step, beat) already
	 * kept are returned as they are with `duplicate: true` (a retried post is harmless). Throws
	 * `StoreNotFoundError` for a missing attempt. Deleting or erasing the user deletes them.
	 */
	saveOwnWords(words: NewOwnWords): Promise<SavedOwnWords>;
	/** The attempt's typed responses, by step. */
	listOwnWords(attemptId: string): Promise<OwnWords[]>;

	/**
	 * For report caches: a stamp per user that changes whenever that user's attempts change,
	 * whichever instance changed them. A user without attempts gets a stamp too.
	 */
	attemptRevisions(userIds: readonly string[]): Promise<Map<string, string>>;

	/**
	 * Sign-in throttling, shared by every instance: as one step, lists the tries for `key` at or
	 * after `since` (ms since the epoch) and records one at `at` unless `max` are already there.
	 */
	countSignInTry(key: string, at: number, since: number, max: number): Promise<SignInTries>;
	clearSignInTries(key: string): Promise<void>;

	/** A new draft whose first revision is `source`, saved by its owner. */
	createDraft(draft: NewScenarioDraft): Promise<ScenarioDraft>;
	/** The draft with every revision. */
	getDraft(id: string): Promise<ScenarioDraft | undefined>;
	/** Drafts the user owns or co-authors (every draft without `userId`), oldest first. */
	listDrafts(filter?: { userId?: string }): Promise<DraftSummary[]>;
	/**
	 * Appends a revision. When `save.basedOn` is the current revision it becomes current;
	 * otherwise it is kept with `conflict` set and the current revision stays as it was, so
	 * neither text is lost. Read and write are one step: of two saves on one base, one wins.
	 */
	saveDraft(id: string, save: DraftSave): Promise<SavedDraft>;
	/**
	 * Records a publication of the current revision. Refused (`StoreConflictError`, code
	 * `draft-changed`) unless `revision` is still the current one.
	 */
	publishDraft(
		id: string,
		publication: Omit<DraftPublication, 'publishedAt'>
	): Promise<ScenarioDraft>;
	/**
	 * Takes the draft's publication out of the catalogue for new attempts (its versions stay
	 * archived, so attempts on them replay). Refused (`StoreConflictError`, code `not-published`)
	 * when it is not published now. `publishDraft` publishes it again.
	 */
	unpublishDraft(id: string, by: string): Promise<ScenarioDraft>;
	/** Replaces the draft's co-authors (the owner never is one). */
	setDraftCoAuthors(id: string, coAuthorIds: string[]): Promise<ScenarioDraft>;
	/** Every draft's latest publication with its text, unpublished ones marked. */
	listPublishedScenarios(): Promise<PublishedScenario[]>;

	/** The user an outside account signs in as, if it is linked. */
	findIdentity(
		kind: IdentityKind,
		issuer: string,
		subject: string
	): Promise<ExternalIdentity | undefined>;
	/**
	 * Links an outside account to a user, or (linked to the same user already) records it as seen
	 * now with the email given. Refused (`StoreConflictError`, code `identity-taken`) when it is
	 * linked to another user; `StoreNotFoundError` when the user does not exist.
	 */
	linkIdentity(identity: NewExternalIdentity): Promise<ExternalIdentity>;
	/** The user's linked outside accounts, oldest first. */
	listIdentities(userId: string): Promise<ExternalIdentity[]>;

	/** Registered LTI platforms, by name. */
	listLtiPlatforms(): Promise<LtiPlatform[]>;
	getLtiPlatform(id: string): Promise<LtiPlatform | undefined>;
	/** The platform with this issuer and client id (a launch's `iss` and `aud`). */
	findLtiPlatform(issuer: string, clientId: string): Promise<LtiPlatform | undefined>;
	/** `StoreConflictError` code `platform-taken` when the issuer and client id are registered. */
	createLtiPlatform(input: NewLtiPlatform): Promise<LtiPlatform>;
	/** As create; `StoreNotFoundError` when there is no such platform. */
	updateLtiPlatform(id: string, patch: LtiPlatformPatch): Promise<LtiPlatform>;
	/** Removes the platform and its resource links (the users it linked stay). */
	deleteLtiPlatform(id: string): Promise<void>;

	/** Rapport's signing keys, newest first, private halves included: server use only. */
	listLtiKeys(): Promise<LtiKey[]>;
	/**
	 * Adds a signing key and retires the current one(s) at once, in one step. With `ifNone`, does
	 * nothing when a current key exists (two instances starting together make one key). Keys
	 * retired before `forgetRetiredBefore` are deleted. Returns the keys as `listLtiKeys`.
	 */
	rotateLtiKey(
		key: NewLtiKey,
		options?: { ifNone?: boolean; forgetRetiredBefore?: string }
	): Promise<LtiKey[]>;

	/**
	 * Records a launch nonce as used: true the first time, false when it was seen already (a
	 * replay). Nonces expired before `now` are pruned on the way.
	 */
	useLtiNonce(issuer: string, nonce: string, expiresAt: string, now: string): Promise<boolean>;

	/** Creates or replaces the link's target. */
	saveLtiResourceLink(link: NewLtiResourceLink): Promise<LtiResourceLink>;
	getLtiResourceLink(
		platformId: string,
		deploymentId: string,
		resourceLinkId: string
	): Promise<LtiResourceLink | undefined>;
	/** Every resource link, or a platform's. */
	listLtiResourceLinks(filter?: { platformId?: string }): Promise<LtiResourceLink[]>;

	/** Creates or replaces what this user's launch of the resource link said (one per pair). */
	saveLtiLaunchLink(link: NewLtiLaunchLink): Promise<LtiLaunchLink>;
	/** A user's launch links, or every launch link of a platform; oldest first. */
	listLtiLaunchLinks(filter: { userId?: string; platformId?: string }): Promise<LtiLaunchLink[]>;

	/**
	 * Adds scores to the outbox, each pending and due at its `nextTryAt`. A score for an attempt
	 * and resource link already queued is left as it is. Returns the rows as stored.
	 */
	queueLtiScores(scores: NewLtiScore[]): Promise<LtiScore[]>;
	/**
	 * Takes up to `limit` pending scores due at `now` (oldest due first) and moves their
	 * `nextTryAt` to `leaseUntil`, in one step: two senders never take the same row.
	 */
	claimDueLtiScores(now: string, leaseUntil: string, limit: number): Promise<LtiScore[]>;
	/** `StoreNotFoundError` when there is no such row. */
	updateLtiScore(id: string, patch: LtiScorePatch): Promise<LtiScore>;
	/** Outbox rows for these attempts, or a platform's, or all; oldest first. */
	listLtiScores(filter?: { attemptIds?: string[]; platformId?: string }): Promise<LtiScore[]>;

	/** Resolves when the store can be reached and used; throws otherwise (health checks). */
	ping(): Promise<void>;

	appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
	/** Newest first. */
	listAudit(options?: { since?: string; limit?: number }): Promise<AuditEntry[]>;

	/** Waits for pending writes and releases the data folder. */
	close(): Promise<void>;
}
