import { mkdir, readdir, rm } from 'node:fs/promises';
import { patchedUser } from '../user-patch';
import path from 'node:path';
import { StoreConflictError, StoreNotFoundError } from '../errors';
import { newId, newPseudonym } from '../ids';
import type {
	Assignment,
	AssignmentPatch,
	Attempt,
	AttemptEvent,
	AttemptFilter,
	AttemptKind,
	DrillCard,
	NewDrillCard,
	NewOwnWords,
	OwnWords,
	SavedOwnWords,
	AttemptPatch,
	ExternalIdentity,
	IdentityKind,
	NewExternalIdentity,
	LtiKey,
	LtiPlatform,
	LtiPlatformPatch,
	LtiLaunchLink,
	LtiResourceLink,
	LtiScore,
	LtiScorePatch,
	NewLtiLaunchLink,
	NewLtiScore,
	NewLtiKey,
	NewLtiPlatform,
	NewLtiResourceLink,
	AuditEntry,
	Cohort,
	CohortPatch,
	DraftPublication,
	DraftSave,
	DraftErasure,
	DraftSummary,
	ErasureReport,
	NewAssignment,
	NewAttempt,
	NewAttemptEvent,
	NewAuditEntry,
	NewCohort,
	NewPasswordToken,
	NewScenarioDraft,
	NewSession,
	NewUser,
	PasswordToken,
	PublishedScenario,
	RatingPrediction,
	RecordedEvent,
	SavedDraft,
	ScenarioDraft,
	Session,
	SignInTries,
	Store,
	User,
	UserPatch
} from '../types';
import { KEEP_BACKUPS, rotateBackups, takeBackup } from './backups';
import { syncDirectory } from './durable-file';
import {
	detailsOf,
	ERASED_NAME,
	fileMentions,
	filesMentioning,
	mentions,
	purgeCopies,
	scrubDeep,
	scrubText
} from './erase';
import { DocumentRegistry, type Document } from './documents';
import {
	applyCoAuthors,
	applyPublication,
	applySave,
	applyUnpublish,
	draftErasureReport,
	type DraftErasureStep,
	eraseDraftAuthor,
	isDraftAuthor,
	newDraft,
	publishedScenario,
	summariseDraft
} from '../drafts';
import { MemorySignInTries } from './sign-in-tries';
import {
	attemptsFile,
	auditFile,
	documentKind,
	draftFile,
	eventsFile,
	FIXED_FILES,
	listDataFiles,
	namesIn,
	SHARD_DIRS,
	type AttemptsDoc,
	type AuditDoc,
	type DraftDoc,
	type EventsDoc,
	type LtiDoc,
	type ProgrammeDoc,
	type SessionsDoc,
	type UsersDoc
} from './layout';

export { newId } from '../ids';

/** Callers get copies: a record changed outside the store must not change what is stored. */
function copy<T>(value: T): T {
	return structuredClone(value);
}

function isKind(attempt: Attempt, kind: AttemptKind): boolean {
	return kind === 'any' || (kind === 'drill') === (attempt.drill === true);
}

function sameName(a: string, b: string): boolean {
	return a.toLowerCase() === b.toLowerCase();
}

function assertPlatformFree(platforms: LtiPlatform[], issuer: string, clientId: string): void {
	if (platforms.some((p) => p.issuer === issuer && p.clientId === clientId)) {
		throw new StoreConflictError(
			'platform-taken',
			`a platform with issuer ${issuer} and client id ${clientId} is registered already`
		);
	}
}

/** Keys are appended as they are made: the last is the newest. */
function newestKeysFirst(keys: LtiKey[]): LtiKey[] {
	return [...keys].reverse();
}

type LinkKey = Pick<LtiResourceLink, 'platformId' | 'deploymentId' | 'resourceLinkId'>;
function sameLink(a: LinkKey, b: LinkKey): boolean {
	return (
		a.platformId === b.platformId &&
		a.deploymentId === b.deploymentId &&
		a.resourceLinkId === b.resourceLinkId
	);
}

export interface LowdbStoreConfig {
	dataDir: string;
	schemaVersion: number;
	readOnly: boolean;
	clock: () => Date;
	/** Attempt id -> owning user id, read from every shard at start. */
	attemptOwners: Map<string, string>;
	/** Called once by `close()`, after pending writes finish. */
	onClose: () => Promise<void>;
	/** How many files' data stay in memory at most (DocumentRegistry; default 1000). */
	filesInMemory?: number;
	/**
	 * Settles when writes may begin: the start-up backup runs after the store opens (so start-up
	 * does not wait for it), and no change is written until it has copied every file as it was.
	 */
	writable?: Promise<void>;
}

/**
 * The lowdb-backed `Store`. Build it with `openLowdbStore`, which checks, backs up and locks the
 * data folder first; this class assumes all of that is done.
 */
export class LowdbStore implements Store {
	readonly #config: LowdbStoreConfig;
	readonly #docs: DocumentRegistry;
	/** Changes made to each file since the store opened: the change counter report caches use. */
	readonly #revisions = new Map<string, number>();
	readonly #signInTries = new MemorySignInTries();
	#closed = false;

	constructor(config: LowdbStoreConfig) {
		this.#config = config;
		this.#docs = new DocumentRegistry({ filesInMemory: config.filesInMemory });
	}

	/** Settles once the start-up backup has finished (at once when none was taken). */
	async backedUp(): Promise<void> {
		await this.#config.writable;
	}

	/** How many data files are held in memory now (bounded by `filesInMemory`). */
	get filesInMemory(): number {
		return this.#docs.inMemory;
	}

	get dataDir(): string {
		return this.#config.dataDir;
	}

	#now(): string {
		return this.#config.clock().toISOString();
	}

	#open<T extends { schemaVersion: number }>(
		relative: string,
		kind: Parameters<typeof documentKind>[0],
		empty: () => Omit<T, 'schemaVersion'>
	): Promise<Document<T>> {
		if (this.#closed) throw new Error('rapport store: the store is closed');
		const { schemaVersion } = this.#config;
		return this.#docs.get(
			path.join(this.#config.dataDir, relative),
			documentKind<T>(kind, schemaVersion, () => ({ schemaVersion, ...empty() }) as T, relative)
		);
	}

	/**
	 * Applies `change` to the document's data and writes it. What `change` returns is copied at
	 * once, inside the change: copied after the write, it could already carry a later change.
	 */
	async #change<T, R>(doc: Document<T>, change: (data: T) => R): Promise<R> {
		if (this.#config.readOnly) throw new Error('rapport store: opened read-only');
		await this.#config.writable;
		return doc.mutate((data) => {
			const result = copy(change(data));
			// Counted with the change in memory, which readers see from now on.
			this.#revisions.set(doc.file, (this.#revisions.get(doc.file) ?? 0) + 1);
			return result;
		});
	}

	#users() {
		return this.#open<UsersDoc>(FIXED_FILES.users, 'users', () => ({ users: [] }));
	}
	#sessions() {
		return this.#open<SessionsDoc>(FIXED_FILES.sessions, 'sessions', () => ({ sessions: [] }));
	}
	#programme() {
		return this.#open<ProgrammeDoc>(FIXED_FILES.programme, 'programme', () => ({
			cohorts: [],
			assignments: []
		}));
	}
	#lti() {
		return this.#open<LtiDoc>(FIXED_FILES.lti, 'lti', () => ({
			platforms: [],
			keys: [],
			nonces: [],
			resourceLinks: []
		}));
	}
	#attempts(userId: string) {
		return this.#open<AttemptsDoc>(attemptsFile(userId), 'attempts', () => ({
			userId,
			attempts: []
		}));
	}
	#events(attemptId: string, userId: string) {
		return this.#open<EventsDoc>(eventsFile(attemptId), 'events', () => ({
			attemptId,
			userId,
			events: []
		}));
	}
	#audit(day: string) {
		return this.#open<AuditDoc>(auditFile(day), 'audit', () => ({ day, entries: [] }));
	}

	/** A draft's file; `draft` is only for creating it (a missing file reads as no draft). */
	#draft(id: string, draft?: ScenarioDraft) {
		return this.#open<DraftDoc>(draftFile(id), 'drafts', () => ({
			draft: draft as ScenarioDraft
		}));
	}

	// Users

	async createUser(input: NewUser): Promise<User> {
		const doc = await this.#users();
		return this.#change(doc, (data) => {
			if (data.users.some((u) => sameName(u.username, input.username))) {
				throw new StoreConflictError('username-taken', `username ${input.username} is taken`);
			}
			const user = this.#newUser(input);
			data.users.push(user);
			return user;
		});
	}

	#newUser(input: NewUser): User {
		return {
			...copy(input),
			id: newId(),
			createdAt: this.#now(),
			pseudonym: newPseudonym()
		};
	}

	async createUsers(inputs: NewUser[]): Promise<User[]> {
		if (inputs.length === 0) return [];
		const doc = await this.#users();
		return this.#change(doc, (data) => {
			const taken = new Set(data.users.map((u) => u.username.toLowerCase()));
			for (const input of inputs) {
				const name = input.username.toLowerCase();
				if (taken.has(name)) {
					throw new StoreConflictError('username-taken', `username ${input.username} is taken`);
				}
				taken.add(name);
			}
			const users = inputs.map((input) => this.#newUser(input));
			data.users.push(...users);
			return users;
		});
	}

	async eraseUser(id: string): Promise<ErasureReport> {
		const users = await this.#users();
		const found = users.data.users.find((u) => u.id === id);
		if (!found) throw new StoreNotFoundError('user', id);
		const details = detailsOf(found);
		const erasedAt = this.#now();
		await this.#change(users, (data) => {
			const user = data.users.find((u) => u.id === id)!;
			user.username = user.pseudonym;
			user.displayName = ERASED_NAME;
			delete user.email;
			user.passwordHash = '';
			user.erasedAt = erasedAt;
			if (data.identities) data.identities = data.identities.filter((i) => i.userId !== id);
		});
		await this.#forgetLtiUser(id);
		const drafts = await this.#eraseDraftAuthor(id);
		const sessions = await this.#sessions();
		await this.#change(sessions, (data) => {
			data.sessions = data.sessions.filter((s) => s.userId !== id);
			if (data.passwordTokens)
				data.passwordTokens = data.passwordTokens.filter((t) => t.userId !== id);
		});
		const ownWordsRemoved = await this.#removeOwnWords(id);
		// Free text anywhere may name the user. Only files whose text mentions a detail are opened,
		// so erasing one trainee does not load every trainee's attempts into memory.
		await this.#docs.settled();
		const { dataDir } = this.#config;
		for (const { kind, file } of await listDataFiles(dataDir)) {
			if (kind === 'users' || kind === 'sessions' || kind === 'events') continue;
			if (!(await fileMentions(path.join(dataDir, file), details))) continue;
			await this.#scrubFile(kind, file, details);
		}
		await this.#docs.settled();
		const backupsRemoved = await purgeCopies(dataDir, details);
		let backupTaken: string | undefined;
		if (backupsRemoved.length > 0) {
			backupTaken = (await takeBackup(dataDir, this.#config.schemaVersion, this.#config.clock()))
				.id;
			await rotateBackups(dataDir, KEEP_BACKUPS);
		}
		const remaining = await filesMentioning(dataDir, details);
		return {
			backupsRemoved,
			...(backupTaken ? { backupTaken } : {}),
			remaining,
			ownWordsRemoved,
			drafts
		};
	}

	/**
	 * Deletes the user's typed responses from their attempts' event files. Backups holding them
	 * hold the user's username too (every copy taken since the account was made does), so the
	 * purge of copies that follows removes those.
	 */
	async #removeOwnWords(userId: string): Promise<number> {
		let removed = 0;
		for (const [attemptId, owner] of this.#config.attemptOwners) {
			if (owner !== userId) continue;
			const doc = await this.#events(attemptId, userId);
			if (!doc.data.ownWords?.length) continue;
			removed += await this.#change(doc, (data) => {
				const count = data.ownWords?.length ?? 0;
				delete data.ownWords;
				return count;
			});
		}
		return removed;
	}

	async #scrubFile(kind: string, file: string, details: string[]): Promise<void> {
		if (kind === 'programme') {
			await this.#change(await this.#programme(), (data) => {
				for (const c of data.cohorts) c.name = scrubText(c.name, details);
				for (const a of data.assignments) if (a.title) a.title = scrubText(a.title, details);
			});
		} else if (kind === 'attempts') {
			const userId = path.basename(file, '.json');
			await this.#change(await this.#attempts(userId), (data) => {
				for (const a of data.attempts) {
					if (a.reflection) a.reflection = scrubText(a.reflection, details);
					if (a.voided) a.voided.reason = scrubText(a.voided.reason, details);
				}
			});
		} else if (kind === 'audit') {
			const day = path.basename(file, '.json');
			await this.#change(await this.#audit(day), (data) => {
				for (const e of data.entries) {
					if (e.detail && mentions(JSON.stringify(e.detail), details))
						e.detail = scrubDeep(e.detail, details);
				}
			});
		}
	}

	async getUser(id: string): Promise<User | undefined> {
		const user = (await this.#users()).data.users.find((u) => u.id === id);
		return user && copy(user);
	}

	async getUserByUsername(username: string): Promise<User | undefined> {
		const user = (await this.#users()).data.users.find((u) => sameName(u.username, username));
		return user && copy(user);
	}

	async listUsers(): Promise<User[]> {
		return copy((await this.#users()).data.users);
	}

	async updateUser(id: string, patch: UserPatch): Promise<User> {
		const doc = await this.#users();
		return this.#change(doc, (data) => {
			const user = data.users.find((u) => u.id === id);
			if (!user) throw new StoreNotFoundError('user', id);
			const { username } = patch;
			if (username && data.users.some((u) => u.id !== id && sameName(u.username, username))) {
				throw new StoreConflictError('username-taken', `username ${username} is taken`);
			}
			const next = patchedUser(user, copy(patch));
			data.users[data.users.indexOf(user)] = next;
			return next;
		});
	}

	async deleteUser(id: string): Promise<void> {
		const users = await this.#users();
		await this.#change(users, (data) => {
			const index = data.users.findIndex((u) => u.id === id);
			if (index < 0) throw new StoreNotFoundError('user', id);
			data.users.splice(index, 1);
			if (data.identities) data.identities = data.identities.filter((i) => i.userId !== id);
		});
		await this.deleteSessionsForUser(id);
		await this.#forgetLtiUser(id);
		const programme = await this.#programme();
		await this.#change(programme, (data) => {
			for (const cohort of data.cohorts) {
				cohort.memberIds = cohort.memberIds.filter((m) => m !== id);
				cohort.instructorIds = cohort.instructorIds.filter((m) => m !== id);
			}
		});
		// The user can no longer sign in, so nothing new lands in their files; let what is in
		// flight finish, then remove the files.
		const owned = [...this.#config.attemptOwners].filter(([, owner]) => owner === id);
		const files: { file: string; settled(): Promise<void> }[] = [await this.#attempts(id)];
		for (const [attemptId] of owned) files.push(await this.#events(attemptId, id));
		for (const doc of files) {
			await doc.settled();
			await rm(doc.file, { force: true });
			this.#docs.forget(doc.file);
			this.#revisions.set(doc.file, (this.#revisions.get(doc.file) ?? 0) + 1);
		}
		for (const dir of ['attempts', 'events']) {
			await syncDirectory(path.join(this.#config.dataDir, dir)).catch(() => {});
		}
		for (const [attemptId] of owned) this.#config.attemptOwners.delete(attemptId);
	}

	// Sessions

	async createSession(input: NewSession): Promise<Session> {
		const doc = await this.#sessions();
		const now = this.#now();
		return this.#change(doc, (data) => {
			if (data.sessions.some((s) => s.tokenHash === input.tokenHash)) {
				throw new StoreConflictError('session-exists', 'a session with this token exists');
			}
			// Expired sessions are dropped here, so the file does not grow with every sign-in.
			data.sessions = data.sessions.filter((s) => s.expiresAt > now);
			const session: Session = { ...copy(input), createdAt: now };
			data.sessions.push(session);
			return session;
		});
	}

	async getSession(tokenHash: string): Promise<Session | undefined> {
		const session = (await this.#sessions()).data.sessions.find((s) => s.tokenHash === tokenHash);
		return session && copy(session);
	}

	async extendSession(tokenHash: string, expiresAt: string): Promise<Session> {
		const doc = await this.#sessions();
		return this.#change(doc, (data) => {
			const session = data.sessions.find((s) => s.tokenHash === tokenHash);
			if (!session) throw new StoreNotFoundError('session', '(token)');
			session.expiresAt = expiresAt;
			return session;
		});
	}

	async deleteSession(tokenHash: string): Promise<void> {
		const doc = await this.#sessions();
		if (!doc.data.sessions.some((s) => s.tokenHash === tokenHash)) return;
		await this.#change(doc, (data) => {
			data.sessions = data.sessions.filter((s) => s.tokenHash !== tokenHash);
		});
	}

	async deleteSessionsForUser(userId: string): Promise<void> {
		const doc = await this.#sessions();
		if (!doc.data.sessions.some((s) => s.userId === userId)) return;
		await this.#change(doc, (data) => {
			data.sessions = data.sessions.filter((s) => s.userId !== userId);
		});
	}

	// Set-password links

	async createPasswordTokens(inputs: NewPasswordToken[]): Promise<void> {
		if (inputs.length === 0) return;
		const doc = await this.#sessions();
		const now = this.#now();
		await this.#change(doc, (data) => {
			const replaced = new Set(inputs.map((t) => t.userId));
			// Expired and replaced links are dropped here, so the list does not grow.
			const kept = (data.passwordTokens ?? []).filter(
				(t) => t.expiresAt > now && !replaced.has(t.userId)
			);
			data.passwordTokens = [...kept, ...inputs.map((t) => ({ ...copy(t), createdAt: now }))];
		});
	}

	async getPasswordToken(tokenHash: string): Promise<PasswordToken | undefined> {
		const token = (await this.#sessions()).data.passwordTokens?.find(
			(t) => t.tokenHash === tokenHash
		);
		return token && copy(token);
	}

	async takePasswordToken(tokenHash: string, now: string): Promise<PasswordToken | undefined> {
		const doc = await this.#sessions();
		const usable = (t: PasswordToken) =>
			t.tokenHash === tokenHash && !t.usedAt && t.expiresAt > now;
		if (!doc.data.passwordTokens?.some(usable)) return undefined;
		// Found and marked within one change: of two requests with one link, only one gets it.
		const taken = await this.#change(doc, (data) => {
			const token = data.passwordTokens?.find(usable);
			if (!token) return undefined;
			token.usedAt = now;
			return token;
		});
		return taken;
	}

	// Attempts and their events

	async createAttempt(input: NewAttempt): Promise<Attempt> {
		if (!(await this.getUser(input.userId))) throw new StoreNotFoundError('user', input.userId);
		const doc = await this.#attempts(input.userId);
		const attempt: Attempt = {
			...copy(input),
			id: newId(),
			status: 'active',
			startedAt: this.#now()
		};
		await this.#change(doc, (data) => {
			data.attempts.push(attempt);
		});
		this.#config.attemptOwners.set(attempt.id, input.userId);
		return copy(attempt);
	}

	/** The owner's attempt list, found through the attempt id. */
	async #indexOf(attemptId: string): Promise<Document<AttemptsDoc> | undefined> {
		const owner = this.#config.attemptOwners.get(attemptId);
		return owner === undefined ? undefined : this.#attempts(owner);
	}

	async getAttempt(id: string): Promise<Attempt | undefined> {
		const attempt = (await this.#indexOf(id))?.data.attempts.find((a) => a.id === id);
		return attempt && copy(attempt);
	}

	async listAttemptsByUser(userId: string, kind: AttemptKind = 'scenario'): Promise<Attempt[]> {
		return copy((await this.#attempts(userId)).data.attempts.filter((a) => isKind(a, kind)));
	}

	async listAttempts(filter: AttemptFilter = {}): Promise<Attempt[]> {
		const owners = new Set(this.#config.attemptOwners.values());
		const found: Attempt[] = [];
		for (const userId of owners) {
			for (const a of (await this.#attempts(userId)).data.attempts) {
				if (!isKind(a, filter.kind ?? 'scenario')) continue;
				if (filter.scenarioId !== undefined && a.scenarioId !== filter.scenarioId) continue;
				if (filter.assignmentId !== undefined && a.assignmentId !== filter.assignmentId) continue;
				if (filter.status !== undefined && a.status !== filter.status) continue;
				found.push(copy(a));
			}
		}
		return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
	}

	async updateAttempt(id: string, patch: AttemptPatch): Promise<Attempt> {
		const doc = await this.#indexOf(id);
		if (!doc) throw new StoreNotFoundError('attempt', id);
		const now = this.#now();
		return this.#change(doc, (data) => {
			const attempt = data.attempts.find((a) => a.id === id);
			if (!attempt) throw new StoreNotFoundError('attempt', id);
			Object.assign(attempt, copy(patch));
			if (patch.status === 'completed' && !attempt.completedAt) attempt.completedAt = now;
			return attempt;
		});
	}

	async predictRating(id: string, prediction: RatingPrediction): Promise<Attempt> {
		const doc = await this.#indexOf(id);
		if (!doc) throw new StoreNotFoundError('attempt', id);
		// Checked and set within one change: of two posts at once, only one is kept.
		return this.#change(doc, (data) => {
			const attempt = data.attempts.find((a) => a.id === id);
			if (!attempt) throw new StoreNotFoundError('attempt', id);
			if (attempt.prediction)
				throw new StoreConflictError('prediction-made', `attempt ${id} already has a prediction`);
			attempt.prediction = copy(prediction);
			return attempt;
		});
	}

	async recordEvent(
		attemptId: string,
		input: NewAttemptEvent,
		expectedSeq?: number
	): Promise<RecordedEvent> {
		const owner = this.#config.attemptOwners.get(attemptId);
		if (owner === undefined) throw new StoreNotFoundError('attempt', attemptId);
		const index = await this.#attempts(owner);
		const doc = await this.#events(attemptId, owner);
		// Everything inside runs without a break, so the duplicate and sequence checks and the
		// append are one step even with many requests in flight. Duplicates still wait for the
		// write: the first copy may not be on disk yet.
		return this.#change(doc, (data): RecordedEvent => {
			const existing = data.events.find((e) => e.id === input.id);
			if (existing) return { event: existing, duplicate: true };
			const attempt = index.data.attempts.find((a) => a.id === attemptId);
			if (!attempt) throw new StoreNotFoundError('attempt', attemptId);
			if (attempt.status === 'completed') {
				throw new StoreConflictError('attempt-completed', `attempt ${attemptId} is completed`);
			}
			const next = data.events.length + 1;
			if (expectedSeq !== undefined && expectedSeq !== next) {
				throw new StoreConflictError(
					'seq-conflict',
					`attempt ${attemptId} expected event ${expectedSeq}, next is ${next}`,
					next
				);
			}
			const event: AttemptEvent = { ...copy(input), attemptId, seq: next };
			data.events.push(event);
			return { event, duplicate: false };
		});
	}

	async listEvents(attemptId: string): Promise<AttemptEvent[]> {
		const owner = this.#config.attemptOwners.get(attemptId);
		if (owner === undefined) return [];
		return copy((await this.#events(attemptId, owner)).data.events);
	}

	// Outside accounts, kept beside the users they sign in as

	async findIdentity(
		kind: IdentityKind,
		issuer: string,
		subject: string
	): Promise<ExternalIdentity | undefined> {
		const { identities = [] } = (await this.#users()).data;
		const found = identities.find(
			(i) => i.kind === kind && i.issuer === issuer && i.subject === subject
		);
		return found && copy(found);
	}

	async linkIdentity(input: NewExternalIdentity): Promise<ExternalIdentity> {
		const doc = await this.#users();
		return this.#change(doc, (data) => {
			if (!data.users.some((u) => u.id === input.userId)) {
				throw new StoreNotFoundError('user', input.userId);
			}
			const identities = (data.identities ??= []);
			const now = this.#now();
			const index = identities.findIndex(
				(i) => i.kind === input.kind && i.issuer === input.issuer && i.subject === input.subject
			);
			const existing = identities[index];
			if (existing && existing.userId !== input.userId) {
				throw new StoreConflictError(
					'identity-taken',
					`${input.kind} account ${input.subject} of ${input.issuer} is linked to another user`
				);
			}
			const { email, ...rest } = copy(input);
			const identity: ExternalIdentity = {
				...rest,
				...(email ? { email } : {}),
				linkedAt: existing?.linkedAt ?? now,
				lastSeenAt: now
			};
			if (existing) identities[index] = identity;
			else identities.push(identity);
			return copy(identity);
		});
	}

	async listIdentities(userId: string): Promise<ExternalIdentity[]> {
		const { identities = [] } = (await this.#users()).data;
		return copy(identities.filter((i) => i.userId === userId));
	}

	// Typed responses, kept in the attempt's events file

	async saveOwnWords(input: NewOwnWords): Promise<SavedOwnWords> {
		const owner = this.#config.attemptOwners.get(input.attemptId);
		if (owner === undefined) throw new StoreNotFoundError('attempt', input.attemptId);
		const doc = await this.#events(input.attemptId, owner);
		return this.#change(doc, (data): SavedOwnWords => {
			const existing = data.ownWords?.find((w) => w.step === input.step && w.beat === input.beat);
			if (existing) return { words: existing, duplicate: true };
			const words: OwnWords = { ...copy(input), at: this.#now() };
			data.ownWords = [...(data.ownWords ?? []), words];
			return { words, duplicate: false };
		});
	}

	async listOwnWords(attemptId: string): Promise<OwnWords[]> {
		const owner = this.#config.attemptOwners.get(attemptId);
		if (owner === undefined) return [];
		const words = (await this.#events(attemptId, owner)).data.ownWords ?? [];
		return copy(words).sort((a, b) => a.step - b.step || a.at.localeCompare(b.at));
	}

	// LTI: platforms, signing keys, used nonces and resource links, all in lti.json

	async listLtiPlatforms(): Promise<LtiPlatform[]> {
		const { platforms } = (await this.#lti()).data;
		return copy(platforms).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
	}

	async getLtiPlatform(id: string): Promise<LtiPlatform | undefined> {
		const found = (await this.#lti()).data.platforms.find((p) => p.id === id);
		return found && copy(found);
	}

	async findLtiPlatform(issuer: string, clientId: string): Promise<LtiPlatform | undefined> {
		const found = (await this.#lti()).data.platforms.find(
			(p) => p.issuer === issuer && p.clientId === clientId
		);
		return found && copy(found);
	}

	async createLtiPlatform(input: NewLtiPlatform): Promise<LtiPlatform> {
		return this.#change(await this.#lti(), (data) => {
			assertPlatformFree(data.platforms, input.issuer, input.clientId);
			const now = this.#now();
			const platform: LtiPlatform = { ...copy(input), id: newId(), createdAt: now, updatedAt: now };
			data.platforms.push(platform);
			return platform;
		});
	}

	async updateLtiPlatform(id: string, patch: LtiPlatformPatch): Promise<LtiPlatform> {
		return this.#change(await this.#lti(), (data) => {
			const index = data.platforms.findIndex((p) => p.id === id);
			if (index < 0) throw new StoreNotFoundError('LTI platform', id);
			const platform = { ...data.platforms[index], ...copy(patch), updatedAt: this.#now() };
			const others = data.platforms.filter((p) => p.id !== id);
			assertPlatformFree(others, platform.issuer, platform.clientId);
			data.platforms[index] = platform;
			return platform;
		});
	}

	async deleteLtiPlatform(id: string): Promise<void> {
		await this.#change(await this.#lti(), (data) => {
			const index = data.platforms.findIndex((p) => p.id === id);
			if (index < 0) throw new StoreNotFoundError('LTI platform', id);
			data.platforms.splice(index, 1);
			data.resourceLinks = data.resourceLinks.filter((l) => l.platformId !== id);
			if (data.launchLinks) data.launchLinks = data.launchLinks.filter((l) => l.platformId !== id);
			if (data.scores) data.scores = data.scores.filter((l) => l.platformId !== id);
		});
	}

	async listLtiKeys(): Promise<LtiKey[]> {
		return newestKeysFirst(copy((await this.#lti()).data.keys));
	}

	async rotateLtiKey(
		key: NewLtiKey,
		options: { ifNone?: boolean; forgetRetiredBefore?: string } = {}
	): Promise<LtiKey[]> {
		return this.#change(await this.#lti(), (data) => {
			const now = this.#now();
			const { forgetRetiredBefore } = options;
			if (forgetRetiredBefore) {
				data.keys = data.keys.filter((k) => !k.retiredAt || k.retiredAt >= forgetRetiredBefore);
			}
			const current = data.keys.filter((k) => !k.retiredAt);
			if (options.ifNone && current.length > 0) return newestKeysFirst(data.keys);
			for (const k of current) k.retiredAt = now;
			data.keys.push({ ...copy(key), createdAt: now });
			return newestKeysFirst(data.keys);
		});
	}

	async useLtiNonce(
		issuer: string,
		nonce: string,
		expiresAt: string,
		now: string
	): Promise<boolean> {
		return this.#change(await this.#lti(), (data) => {
			data.nonces = data.nonces.filter((n) => n.expiresAt >= now);
			if (data.nonces.some((n) => n.issuer === issuer && n.nonce === nonce)) return false;
			data.nonces.push({ issuer, nonce, expiresAt });
			return true;
		});
	}

	async saveLtiResourceLink(input: NewLtiResourceLink): Promise<LtiResourceLink> {
		return this.#change(await this.#lti(), (data) => {
			if (!data.platforms.some((p) => p.id === input.platformId)) {
				throw new StoreNotFoundError('LTI platform', input.platformId);
			}
			const now = this.#now();
			const index = data.resourceLinks.findIndex((l) => sameLink(l, input));
			const link: LtiResourceLink = {
				...copy(input),
				createdAt: data.resourceLinks[index]?.createdAt ?? now,
				updatedAt: now
			};
			if (index >= 0) data.resourceLinks[index] = link;
			else data.resourceLinks.push(link);
			return link;
		});
	}

	async getLtiResourceLink(
		platformId: string,
		deploymentId: string,
		resourceLinkId: string
	): Promise<LtiResourceLink | undefined> {
		const found = (await this.#lti()).data.resourceLinks.find((l) =>
			sameLink(l, { platformId, deploymentId, resourceLinkId })
		);
		return found && copy(found);
	}

	async listLtiResourceLinks(filter: { platformId?: string } = {}): Promise<LtiResourceLink[]> {
		const { resourceLinks } = (await this.#lti()).data;
		return copy(
			resourceLinks.filter((l) => !filter.platformId || l.platformId === filter.platformId)
		);
	}

	// LTI services: launch links (AGS and NRPS claims per user) and the score outbox, in lti.json

	/** A user's LMS subject lives in their launch links and outbox rows: both go with them. */
	async #forgetLtiUser(userId: string): Promise<void> {
		const lti = await this.#lti();
		if (!lti.data.launchLinks?.length && !lti.data.scores?.length) return;
		await this.#change(lti, (data) => {
			data.launchLinks = (data.launchLinks ?? []).filter((l) => l.userId !== userId);
			data.scores = (data.scores ?? []).filter((s) => s.userId !== userId);
		});
	}

	async saveLtiLaunchLink(input: NewLtiLaunchLink): Promise<LtiLaunchLink> {
		return this.#change(await this.#lti(), (data) => {
			if (!data.platforms.some((p) => p.id === input.platformId)) {
				throw new StoreNotFoundError('LTI platform', input.platformId);
			}
			const links = (data.launchLinks ??= []);
			const now = this.#now();
			const index = links.findIndex((l) => l.userId === input.userId && sameLink(l, input));
			const link: LtiLaunchLink = {
				...copy(input),
				createdAt: links[index]?.createdAt ?? now,
				updatedAt: now
			};
			if (index >= 0) links[index] = link;
			else links.push(link);
			return link;
		});
	}

	async listLtiLaunchLinks(filter: {
		userId?: string;
		platformId?: string;
	}): Promise<LtiLaunchLink[]> {
		const { launchLinks = [] } = (await this.#lti()).data;
		return copy(
			launchLinks.filter(
				(l) =>
					(!filter.userId || l.userId === filter.userId) &&
					(!filter.platformId || l.platformId === filter.platformId)
			)
		);
	}

	async queueLtiScores(input: NewLtiScore[]): Promise<LtiScore[]> {
		return this.#change(await this.#lti(), (data) => {
			const scores = (data.scores ??= []);
			const now = this.#now();
			return input.map((score) => {
				const queued = scores.find((s) => s.attemptId === score.attemptId && sameLink(s, score));
				if (queued) return copy(queued);
				const row: LtiScore = {
					...copy(score),
					id: newId(),
					status: 'pending',
					tries: 0,
					createdAt: now
				};
				scores.push(row);
				return copy(row);
			});
		});
	}

	async claimDueLtiScores(now: string, leaseUntil: string, limit: number): Promise<LtiScore[]> {
		return this.#change(await this.#lti(), (data) => {
			const due = (data.scores ?? [])
				.filter((s) => s.status === 'pending' && s.nextTryAt <= now)
				.sort((a, b) => a.nextTryAt.localeCompare(b.nextTryAt))
				.slice(0, limit);
			for (const s of due) s.nextTryAt = leaseUntil;
			return copy(due);
		});
	}

	async updateLtiScore(id: string, patch: LtiScorePatch): Promise<LtiScore> {
		return this.#change(await this.#lti(), (data) => {
			const row = (data.scores ?? []).find((s) => s.id === id);
			if (!row) throw new StoreNotFoundError('LTI score', id);
			Object.assign(row, copy(patch));
			return copy(row);
		});
	}

	async listLtiScores(
		filter: { attemptIds?: string[]; platformId?: string } = {}
	): Promise<LtiScore[]> {
		const { scores = [] } = (await this.#lti()).data;
		const attempts = filter.attemptIds && new Set(filter.attemptIds);
		return copy(
			scores.filter(
				(s) =>
					(!attempts || attempts.has(s.attemptId)) &&
					(!filter.platformId || s.platformId === filter.platformId)
			)
		);
	}

	// Drill cards, kept in the trainee's attempts file

	async listDrillCards(userId: string): Promise<DrillCard[]> {
		return copy((await this.#attempts(userId)).data.drillCards ?? []);
	}

	async saveDrillCard(input: NewDrillCard): Promise<DrillCard> {
		if (!(await this.getUser(input.userId))) throw new StoreNotFoundError('user', input.userId);
		const card: DrillCard = { ...copy(input), updatedAt: this.#now() };
		return this.#change(await this.#attempts(input.userId), (data) => {
			data.drillCards = [
				...(data.drillCards ?? []).filter((c) => c.drillId !== card.drillId),
				card
			];
			return card;
		});
	}

	async attemptRevisions(userIds: readonly string[]): Promise<Map<string, string>> {
		const { dataDir } = this.#config;
		return new Map(
			userIds.map((id) => [
				id,
				String(this.#revisions.get(path.join(dataDir, attemptsFile(id))) ?? 0)
			])
		);
	}

	// Cohorts and assignments

	async createCohort(input: NewCohort): Promise<Cohort> {
		const doc = await this.#programme();
		const cohort: Cohort = { ...copy(input), id: newId(), createdAt: this.#now() };
		await this.#change(doc, (data) => {
			data.cohorts.push(cohort);
		});
		return copy(cohort);
	}

	async getCohort(id: string): Promise<Cohort | undefined> {
		const cohort = (await this.#programme()).data.cohorts.find((c) => c.id === id);
		return cohort && copy(cohort);
	}

	async listCohorts(): Promise<Cohort[]> {
		return copy((await this.#programme()).data.cohorts);
	}

	async updateCohort(id: string, patch: CohortPatch): Promise<Cohort> {
		const doc = await this.#programme();
		return this.#change(doc, (data) => {
			const cohort = data.cohorts.find((c) => c.id === id);
			if (!cohort) throw new StoreNotFoundError('cohort', id);
			Object.assign(cohort, copy(patch));
			return cohort;
		});
	}

	async deleteCohort(id: string): Promise<void> {
		const doc = await this.#programme();
		await this.#change(doc, (data) => {
			if (!data.cohorts.some((c) => c.id === id)) throw new StoreNotFoundError('cohort', id);
			data.cohorts = data.cohorts.filter((c) => c.id !== id);
			data.assignments = data.assignments.filter((a) => a.cohortId !== id);
		});
	}

	async createAssignment(input: NewAssignment): Promise<Assignment> {
		const doc = await this.#programme();
		const assignment: Assignment = { ...copy(input), id: newId(), createdAt: this.#now() };
		await this.#change(doc, (data) => {
			if (!data.cohorts.some((c) => c.id === input.cohortId)) {
				throw new StoreNotFoundError('cohort', input.cohortId);
			}
			data.assignments.push(assignment);
		});
		return copy(assignment);
	}

	async getAssignment(id: string): Promise<Assignment | undefined> {
		const assignment = (await this.#programme()).data.assignments.find((a) => a.id === id);
		return assignment && copy(assignment);
	}

	async listAssignments(filter: { cohortId?: string } = {}): Promise<Assignment[]> {
		const all = (await this.#programme()).data.assignments;
		return copy(filter.cohortId ? all.filter((a) => a.cohortId === filter.cohortId) : all);
	}

	async updateAssignment(id: string, patch: AssignmentPatch): Promise<Assignment> {
		const doc = await this.#programme();
		return this.#change(doc, (data) => {
			const assignment = data.assignments.find((a) => a.id === id);
			if (!assignment) throw new StoreNotFoundError('assignment', id);
			Object.assign(assignment, copy(patch));
			return assignment;
		});
	}

	async addExtraAttempt(assignmentId: string, userId: string): Promise<Assignment> {
		const doc = await this.#programme();
		return this.#change(doc, (data) => {
			const assignment = data.assignments.find((a) => a.id === assignmentId);
			if (!assignment) throw new StoreNotFoundError('assignment', assignmentId);
			const extra = { ...assignment.extraAttempts };
			extra[userId] = (extra[userId] ?? 0) + 1;
			assignment.extraAttempts = extra;
			return assignment;
		});
	}

	async deleteAssignment(id: string): Promise<void> {
		const doc = await this.#programme();
		await this.#change(doc, (data) => {
			if (!data.assignments.some((a) => a.id === id)) {
				throw new StoreNotFoundError('assignment', id);
			}
			data.assignments = data.assignments.filter((a) => a.id !== id);
		});
	}

	// Scenario drafts

	async createDraft(input: NewScenarioDraft): Promise<ScenarioDraft> {
		const draft = newDraft(copy(input), newId(), this.#now());
		const doc = await this.#draft(draft.id, draft);
		// Written as created: the empty document is the new draft.
		return this.#change(doc, (data) => data.draft);
	}

	async getDraft(id: string): Promise<ScenarioDraft | undefined> {
		if (!(await this.#draftIds()).includes(id)) return undefined;
		return copy((await this.#draft(id)).data.draft);
	}

	/** Every draft's id, oldest file name order aside: the files in `drafts/`. */
	async #draftIds(): Promise<string[]> {
		return (await namesIn(path.join(this.#config.dataDir, 'drafts')))
			.filter((n) => n.endsWith('.json') && !n.startsWith('.'))
			.map((n) => n.slice(0, -'.json'.length));
	}

	async #allDrafts(): Promise<ScenarioDraft[]> {
		const drafts: ScenarioDraft[] = [];
		for (const id of await this.#draftIds()) drafts.push((await this.#draft(id)).data.draft);
		return drafts.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	}

	async listDrafts(filter: { userId?: string } = {}): Promise<DraftSummary[]> {
		const { userId } = filter;
		return copy(
			(await this.#allDrafts())
				.filter((d) => userId === undefined || isDraftAuthor(d, userId))
				.map(summariseDraft)
		);
	}

	async #changeDraft<R>(id: string, change: (draft: ScenarioDraft, now: string) => R): Promise<R> {
		if (!(await this.#draftIds()).includes(id)) throw new StoreNotFoundError('draft', id);
		const doc = await this.#draft(id);
		const now = this.#now();
		return this.#change(doc, (data) => change(data.draft, now));
	}

	saveDraft(id: string, save: DraftSave): Promise<SavedDraft> {
		return this.#changeDraft(id, (draft, now) => applySave(draft, copy(save), now));
	}

	publishDraft(
		id: string,
		publication: Omit<DraftPublication, 'publishedAt'>
	): Promise<ScenarioDraft> {
		return this.#changeDraft(id, (draft, now) => applyPublication(draft, copy(publication), now));
	}

	unpublishDraft(id: string, by: string): Promise<ScenarioDraft> {
		return this.#changeDraft(id, (draft, now) => copy(applyUnpublish(draft, by, now)));
	}

	setDraftCoAuthors(id: string, coAuthorIds: string[]): Promise<ScenarioDraft> {
		return this.#changeDraft(id, (draft) => applyCoAuthors(draft, copy(coAuthorIds)));
	}

	/** The erased user's part in every draft (`eraseDraftAuthor`); deleted drafts' files go. */
	async #eraseDraftAuthor(userId: string): Promise<DraftErasure> {
		const steps: DraftErasureStep[] = [];
		for (const id of await this.#draftIds()) {
			const doc = await this.#draft(id);
			const step = eraseDraftAuthor(copy(doc.data.draft), userId);
			steps.push(step);
			if (step === 'untouched') continue;
			if (step === 'delete') {
				await doc.settled();
				await rm(doc.file, { force: true });
				this.#docs.forget(doc.file);
				continue;
			}
			await this.#change(doc, (data) => void eraseDraftAuthor(data.draft, userId));
		}
		if (steps.includes('delete'))
			await syncDirectory(path.join(this.#config.dataDir, 'drafts')).catch(() => {});
		return draftErasureReport(steps);
	}

	async listPublishedScenarios(): Promise<PublishedScenario[]> {
		return copy((await this.#allDrafts()).flatMap((d) => publishedScenario(d) ?? []));
	}

	// Sign-in throttling

	async countSignInTry(key: string, at: number, since: number, max: number): Promise<SignInTries> {
		return copy(this.#signInTries.count(key, at, since, max));
	}

	async clearSignInTries(key: string): Promise<void> {
		this.#signInTries.clear(key);
	}

	async ping(): Promise<void> {
		if (this.#closed) throw new Error('rapport store: the store is closed');
	}

	// Audit log

	async appendAudit(input: NewAuditEntry): Promise<AuditEntry> {
		const entry: AuditEntry = { ...copy(input), id: newId(), at: input.at ?? this.#now() };
		const doc = await this.#audit(entry.at.slice(0, 10));
		await this.#change(doc, (data) => {
			data.entries.push(entry);
		});
		return copy(entry);
	}

	async listAudit(options: { since?: string; limit?: number } = {}): Promise<AuditEntry[]> {
		const limit = options.limit ?? 100;
		let days: string[];
		try {
			days = (await readdir(path.join(this.#config.dataDir, 'audit')))
				.filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))
				.map((n) => n.slice(0, 10));
		} catch {
			days = [];
		}
		// Days written since start may not be on disk yet if their first write is in flight.
		days = [...new Set([...days, this.#now().slice(0, 10)])].sort().reverse();
		const found: AuditEntry[] = [];
		for (const day of days) {
			if (options.since && day < options.since.slice(0, 10)) break;
			const entries = (await this.#audit(day)).data.entries
				.filter((e) => !options.since || e.at >= options.since)
				.sort((a, b) => b.at.localeCompare(a.at));
			found.push(...entries);
			if (found.length >= limit) break;
		}
		return copy(found.slice(0, limit));
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		// A start-up backup still running finishes before the folder is unlocked.
		await this.#config.writable;
		await this.#docs.settled();
		this.#docs.clear();
		await this.#config.onClose();
	}
}

export async function ensureDirectories(dataDir: string): Promise<void> {
	for (const dir of ['', ...SHARD_DIRS]) {
		await mkdir(path.join(dataDir, dir), { recursive: true });
	}
	await syncDirectory(dataDir);
}
