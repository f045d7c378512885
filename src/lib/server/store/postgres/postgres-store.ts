import postgres from 'postgres';
import { patchedUser } from '../user-patch';
import { StoreConflictError, StoreNotFoundError, StoreUnavailableError } from '../errors';
import { newId, newPseudonym } from '../ids';
import {
	applyCoAuthors,
	applyPublication,
	applySave,
	applyUnpublish,
	draftErasureReport,
	eraseDraftAuthor,
	newDraft,
	type DraftErasureStep,
	publishedScenario,
	summariseDraft
} from '../drafts';
import { detailsOf, ERASED_NAME, mentions, scrubDeep, scrubText } from '../lowdb/erase';
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
import type { ScenarioVersion, ScenarioVersionArchive } from '../scenario-versions';
import { migrate } from './migrate';

type Sql = postgres.Sql;
type Json = postgres.JSONValue;

export interface PostgresStoreOptions {
	/** A `postgres://` connection string (`DATABASE_URL`). */
	url: string;
	/** Tables live in this schema instead of the default (`public`); it must exist. For tests. */
	schema?: string;
	/** Connections this instance may hold open. */
	maxConnections?: number;
	clock?: () => Date;
	log?: (message: string) => void;
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
/** First key of the two-key advisory locks that serialise sign-in tries per username. */
const SIGN_IN_LOCK = 0x5241_5054;

/** Host, port and database of a connection string, never its password. */
function where(url: string): string {
	try {
		const u = new URL(url);
		return `${u.host}${u.pathname}`;
	} catch {
		return 'DATABASE_URL (not a valid URL)';
	}
}

function codeOf(error: unknown): string | undefined {
	return error instanceof postgres.PostgresError ? error.code : undefined;
}

/** Patterns for `ilike any(...)`: each detail as is and as it appears inside JSON text. */
function likePatterns(details: readonly string[]): string[] {
	const forms = new Set<string>();
	for (const d of details) {
		forms.add(d);
		forms.add(JSON.stringify(d).slice(1, -1));
	}
	return [...forms].map((f) => `%${f.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}

/**
 * Opens the PostgreSQL store: connects, and brings the schema up to date (see `migrate`), so two
 * instances starting together are safe. Throws if the database cannot be reached.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
	const sql = postgres(options.url, {
		max: options.maxConnections ?? 10,
		onnotice: () => {},
		connect_timeout: 10,
		...(options.schema ? { connection: { search_path: options.schema } } : {})
	});
	try {
		await sql`select 1`;
	} catch (e) {
		await sql.end({ timeout: 1 });
		const error = e as Error & { code?: string };
		throw new StoreUnavailableError(
			`Rapport cannot reach PostgreSQL at ${where(options.url)} (${error.code ?? error.message}). ` +
				'Check DATABASE_URL, and that the database server is running and lets this user in.'
		);
	}
	try {
		const applied = await migrate(sql);
		if (applied.length > 0) options.log?.(`Applied database migrations: ${applied.join(', ')}.`);
	} catch (e) {
		await sql.end({ timeout: 1 });
		throw e;
	}
	return new PostgresStore(sql, options.clock ?? (() => new Date()));
}

/**
 * The `Store` on PostgreSQL, for programmes that run several app instances on one database.
 * Every change that reads before it writes runs in one transaction with the rows it reads locked,
 * so instances never interleave inside one change.
 */
export class PostgresStore implements Store, ScenarioVersionArchive {
	readonly #sql: Sql;
	readonly #clock: () => Date;

	constructor(sql: Sql, clock: () => Date) {
		this.#sql = sql;
		this.#clock = clock;
	}

	#now(): string {
		return this.#clock().toISOString();
	}

	#json(value: unknown) {
		return this.#sql.json(value as Json);
	}

	// Users

	#newUser(input: NewUser): User {
		return { ...input, id: newId(), createdAt: this.#now(), pseudonym: newPseudonym() };
	}

	/** One statement for all of them: a roster of thousands is one round trip, all or nothing. */
	async #insertUsers(users: User[]): Promise<void> {
		try {
			await this.#sql`insert into users (id, username, data)
				select id, username, data::jsonb from unnest(
					${users.map((u) => u.id)}::text[],
					${users.map((u) => u.username)}::text[],
					${users.map((u) => JSON.stringify(u))}::text[]
				) as t (id, username, data)`;
		} catch (e) {
			if (codeOf(e) === UNIQUE_VIOLATION) {
				throw new StoreConflictError('username-taken', 'a username is taken');
			}
			throw e;
		}
	}

	async createUser(input: NewUser): Promise<User> {
		const user = this.#newUser(input);
		await this.#insertUsers([user]).catch((e) => {
			if (e instanceof StoreConflictError) {
				throw new StoreConflictError('username-taken', `username ${input.username} is taken`);
			}
			throw e;
		});
		return user;
	}

	async createUsers(inputs: NewUser[]): Promise<User[]> {
		if (inputs.length === 0) return [];
		const users = inputs.map((input) => this.#newUser(input));
		await this.#insertUsers(users);
		return users;
	}

	async getUser(id: string): Promise<User | undefined> {
		const [row] = await this.#sql`select data from users where id = ${id}`;
		return row?.data as User | undefined;
	}

	async getUserByUsername(username: string): Promise<User | undefined> {
		const [row] = await this
			.#sql`select data from users where lower(username) = lower(${username})`;
		return row?.data as User | undefined;
	}

	async listUsers(): Promise<User[]> {
		return (await this.#sql`select data from users order by n`).map((r) => r.data as User);
	}

	async updateUser(id: string, patch: UserPatch): Promise<User> {
		try {
			return await this.#sql.begin(async (tx) => {
				const [row] = await tx`select data from users where id = ${id} for update`;
				if (!row) throw new StoreNotFoundError('user', id);
				const user = patchedUser(row.data as User, patch);
				await tx`update users set username = ${user.username}, data = ${this.#json(user)}
					where id = ${id}`;
				return user;
			});
		} catch (e) {
			if (codeOf(e) === UNIQUE_VIOLATION) {
				throw new StoreConflictError('username-taken', `username ${patch.username} is taken`);
			}
			throw e;
		}
	}

	async deleteUser(id: string): Promise<void> {
		await this.#sql.begin(async (tx) => {
			const deleted = await tx`delete from users where id = ${id} returning id`;
			if (deleted.length === 0) throw new StoreNotFoundError('user', id);
			await tx`delete from sessions where user_id = ${id}`;
			await tx`delete from password_tokens where user_id = ${id}`;
			await tx`delete from attempts where user_id = ${id}`;
			await tx`delete from lti_launch_links where user_id = ${id}`;
			await tx`delete from lti_scores where user_id = ${id}`;
			const cohorts = await tx`select id, data from cohorts
				where data->'memberIds' ? ${id} or data->'instructorIds' ? ${id} for update`;
			for (const row of cohorts) {
				const cohort = row.data as Cohort;
				cohort.memberIds = cohort.memberIds.filter((m) => m !== id);
				cohort.instructorIds = cohort.instructorIds.filter((m) => m !== id);
				await tx`update cohorts set data = ${this.#json(cohort)} where id = ${row.id}`;
			}
		});
	}

	async eraseUser(id: string): Promise<ErasureReport> {
		const found = await this.getUser(id);
		if (!found) throw new StoreNotFoundError('user', id);
		const details = detailsOf(found);
		const patterns = likePatterns(details);
		const erasedAt = this.#now();
		let ownWordsRemoved = 0;
		let drafts = draftErasureReport([]);
		await this.#sql.begin(async (tx) => {
			const [row] = await tx`select data from users where id = ${id} for update`;
			if (!row) throw new StoreNotFoundError('user', id);
			const { email: _email, ...kept } = row.data as User;
			const user: User = {
				...kept,
				username: kept.pseudonym,
				displayName: ERASED_NAME,
				passwordHash: '',
				erasedAt
			};
			await tx`update users set username = ${user.username}, data = ${this.#json(user)}
				where id = ${id}`;
			await tx`delete from sessions where user_id = ${id}`;
			await tx`delete from password_tokens where user_id = ${id}`;
			await tx`delete from external_identities where user_id = ${id}`;
			await tx`delete from lti_launch_links where user_id = ${id}`;
			await tx`delete from lti_scores where user_id = ${id}`;
			// Typed responses are the trainee's own prose: deleted whole, not scrubbed.
			const removed = await tx`delete from own_words
				where attempt_id in (select id from attempts where user_id = ${id}) returning step`;
			ownWordsRemoved = removed.length;
			// The user's part in the studio's drafts (`eraseDraftAuthor`), in the same transaction.
			const rows = await tx`select id, data from scenario_drafts
				where owner_id = ${id} or data->'coAuthorIds' ? ${id} for update`;
			const steps: DraftErasureStep[] = [];
			for (const r of rows) {
				const draft = r.data as ScenarioDraft;
				const step = eraseDraftAuthor(draft, id);
				steps.push(step);
				if (step === 'delete') await tx`delete from scenario_drafts where id = ${r.id}`;
				else
					await tx`update scenario_drafts set owner_id = ${draft.ownerId},
						data = ${this.#json(draft)} where id = ${r.id}`;
			}
			drafts = draftErasureReport(steps);
			if (details.length === 0) return;
			// Free text anywhere may name the user: only rows whose text mentions a detail change.
			for (const table of ['cohorts', 'assignments', 'attempts', 'audit'] as const) {
				const rows = await tx`select id, data from ${tx(table)}
					where data::text ilike any(${patterns}) for update`;
				for (const r of rows) {
					const data = scrubRecord(table, r.data as Record<string, unknown>, details);
					if (table === 'attempts') {
						await tx`update attempts set data = ${this.#json(data)},
							revision = nextval('attempt_revision') where id = ${r.id}`;
					} else {
						await tx`update ${tx(table)} set data = ${this.#json(data)} where id = ${r.id}`;
					}
				}
			}
		});
		return {
			backupsRemoved: [],
			remaining: await this.#tablesMentioning(patterns),
			ownWordsRemoved,
			drafts
		};
	}

	async #tablesMentioning(patterns: string[]): Promise<string[]> {
		if (patterns.length === 0) return [];
		const found: string[] = [];
		for (const table of [
			'users',
			'sessions',
			'password_tokens',
			'cohorts',
			'assignments',
			'attempts',
			'own_words',
			'audit',
			'scenario_drafts'
		]) {
			const [row] = await this.#sql`select exists (select 1 from ${this.#sql(table)}
				where data::text ilike any(${patterns})) as hit`;
			if (row.hit) found.push(table);
		}
		return found;
	}

	// Set-password links

	async createPasswordTokens(inputs: NewPasswordToken[]): Promise<void> {
		if (inputs.length === 0) return;
		const now = this.#now();
		const userIds = [...new Set(inputs.map((t) => t.userId))];
		await this.#sql.begin(async (tx) => {
			// Expired and replaced links are dropped here, so the table does not grow.
			await tx`delete from password_tokens where expires_at <= ${now} or user_id in ${tx(userIds)}`;
			for (const input of inputs) {
				const token: PasswordToken = { ...input, createdAt: now };
				await tx`insert into password_tokens (token_hash, user_id, expires_at, data)
					values (${token.tokenHash}, ${token.userId}, ${token.expiresAt}, ${this.#json(token)})
					on conflict (token_hash) do update set user_id = excluded.user_id,
						expires_at = excluded.expires_at, data = excluded.data`;
			}
		});
	}

	async getPasswordToken(tokenHash: string): Promise<PasswordToken | undefined> {
		const [row] = await this.#sql`select data from password_tokens where token_hash = ${tokenHash}`;
		return row?.data as PasswordToken | undefined;
	}

	async takePasswordToken(tokenHash: string, now: string): Promise<PasswordToken | undefined> {
		// Marked used and returned in one statement: of two requests with one link, only one gets
		// it. The used token stays, so the link can say it was used, and when.
		const [row] = await this.#sql`update password_tokens
			set data = jsonb_set(data, '{usedAt}', to_jsonb(${now}::text))
			where token_hash = ${tokenHash} and not (data ? 'usedAt') and data->>'expiresAt' > ${now}
			returning data`;
		return row?.data as PasswordToken | undefined;
	}

	// Sessions

	async createSession(input: NewSession): Promise<Session> {
		const session: Session = { ...input, createdAt: this.#now() };
		try {
			await this.#sql.begin(async (tx) => {
				// Expired sessions are dropped here, so the table does not grow with every sign-in.
				await tx`delete from sessions where expires_at <= ${session.createdAt}`;
				await tx`insert into sessions (token_hash, user_id, expires_at, data)
					values (${session.tokenHash}, ${session.userId}, ${session.expiresAt},
						${this.#json(session)})`;
			});
		} catch (e) {
			if (codeOf(e) === UNIQUE_VIOLATION) {
				throw new StoreConflictError('session-exists', 'a session with this token exists');
			}
			throw e;
		}
		return session;
	}

	async getSession(tokenHash: string): Promise<Session | undefined> {
		const [row] = await this.#sql`select data from sessions where token_hash = ${tokenHash}`;
		return row?.data as Session | undefined;
	}

	async extendSession(tokenHash: string, expiresAt: string): Promise<Session> {
		const [row] = await this.#sql`update sessions set expires_at = ${expiresAt},
			data = jsonb_set(data, '{expiresAt}', to_jsonb(${expiresAt}::text))
			where token_hash = ${tokenHash} returning data`;
		if (!row) throw new StoreNotFoundError('session', '(token)');
		return row.data as Session;
	}

	async deleteSession(tokenHash: string): Promise<void> {
		await this.#sql`delete from sessions where token_hash = ${tokenHash}`;
	}

	async deleteSessionsForUser(userId: string): Promise<void> {
		await this.#sql`delete from sessions where user_id = ${userId}`;
	}

	// Attempts and their events

	async createAttempt(input: NewAttempt): Promise<Attempt> {
		const attempt: Attempt = { ...input, id: newId(), status: 'active', startedAt: this.#now() };
		const [row] = await this.#sql`insert into attempts
			(id, user_id, scenario_id, assignment_id, status, started_at, revision, data)
			select ${attempt.id}, ${attempt.userId}, ${attempt.scenarioId},
				${attempt.assignmentId ?? null}, ${attempt.status}, ${attempt.startedAt},
				nextval('attempt_revision'), ${this.#json(attempt)}
			where exists (select 1 from users where id = ${input.userId})
			returning id`;
		if (!row) throw new StoreNotFoundError('user', input.userId);
		return attempt;
	}

	async getAttempt(id: string): Promise<Attempt | undefined> {
		const [row] = await this.#sql`select data from attempts where id = ${id}`;
		return row?.data as Attempt | undefined;
	}

	async listAttemptsByUser(userId: string, kind: AttemptKind = 'scenario'): Promise<Attempt[]> {
		const rows = await this.#sql`select data from attempts where user_id = ${userId}
			${this.#kind(kind)} order by n`;
		return rows.map((r) => r.data as Attempt);
	}

	/** A drill attempt carries `drill: true` in its data; scenario attempts have no such key. */
	#kind(kind: AttemptKind) {
		const sql = this.#sql;
		if (kind === 'any') return sql``;
		return kind === 'drill' ? sql`and data ? 'drill'` : sql`and not data ? 'drill'`;
	}

	async listAttempts(filter: AttemptFilter = {}): Promise<Attempt[]> {
		const sql = this.#sql;
		const rows = await sql`select data from attempts where true
			${this.#kind(filter.kind ?? 'scenario')}
			${filter.scenarioId !== undefined ? sql`and scenario_id = ${filter.scenarioId}` : sql``}
			${filter.assignmentId !== undefined ? sql`and assignment_id = ${filter.assignmentId}` : sql``}
			${filter.status !== undefined ? sql`and status = ${filter.status}` : sql``}
			order by started_at, n`;
		return rows.map((r) => r.data as Attempt);
	}

	async updateAttempt(id: string, patch: AttemptPatch): Promise<Attempt> {
		const now = this.#now();
		return this.#sql.begin(async (tx) => {
			const [row] = await tx`select data from attempts where id = ${id} for update`;
			if (!row) throw new StoreNotFoundError('attempt', id);
			const attempt: Attempt = { ...(row.data as Attempt), ...patch };
			if (patch.status === 'completed' && !attempt.completedAt) attempt.completedAt = now;
			await tx`update attempts set status = ${attempt.status},
				assignment_id = ${attempt.assignmentId ?? null},
				revision = nextval('attempt_revision'), data = ${this.#json(attempt)}
				where id = ${id}`;
			return attempt;
		});
	}

	async predictRating(id: string, prediction: RatingPrediction): Promise<Attempt> {
		return this.#sql.begin(async (tx) => {
			// The row lock makes the check and the write one step across every instance.
			const [row] = await tx`select data from attempts where id = ${id} for update`;
			if (!row) throw new StoreNotFoundError('attempt', id);
			const stored = row.data as Attempt;
			if (stored.prediction)
				throw new StoreConflictError('prediction-made', `attempt ${id} already has a prediction`);
			const attempt: Attempt = { ...stored, prediction: { ...prediction } };
			await tx`update attempts set revision = nextval('attempt_revision'),
				data = ${this.#json(attempt)} where id = ${id}`;
			return attempt;
		});
	}

	async recordEvent(
		attemptId: string,
		input: NewAttemptEvent,
		expectedSeq?: number
	): Promise<RecordedEvent> {
		const run = () =>
			this.#sql.begin(async (tx): Promise<RecordedEvent> => {
				// The attempt's row lock makes the duplicate and sequence checks and the insert one
				// step across every instance; the unique (attempt_id, id) is the last word.
				const [attempt] = await tx`select status from attempts where id = ${attemptId} for update`;
				if (!attempt) throw new StoreNotFoundError('attempt', attemptId);
				// A statement after the lock sees every event committed before it: one round trip.
				const [{ existing, count }] = await tx`select
					(select data from attempt_events where attempt_id = ${attemptId} and id = ${input.id})
						as existing,
					(select count(*) from attempt_events where attempt_id = ${attemptId}) as count`;
				if (existing) return { event: existing as AttemptEvent, duplicate: true };
				if (attempt.status === 'completed') {
					throw new StoreConflictError('attempt-completed', `attempt ${attemptId} is completed`);
				}
				const next = Number(count) + 1;
				if (expectedSeq !== undefined && expectedSeq !== next) {
					throw new StoreConflictError(
						'seq-conflict',
						`attempt ${attemptId} expected event ${expectedSeq}, next is ${next}`,
						next
					);
				}
				const event: AttemptEvent = { ...input, attemptId, seq: next };
				await tx`insert into attempt_events (attempt_id, seq, id, data)
					values (${attemptId}, ${next}, ${event.id}, ${this.#json(event)})`;
				return { event, duplicate: false };
			});
		try {
			return await run();
		} catch (e) {
			// Only reachable if a row was inserted without the lock: answer as the retry it is.
			if (codeOf(e) === UNIQUE_VIOLATION) return run();
			throw e;
		}
	}

	async listEvents(attemptId: string): Promise<AttemptEvent[]> {
		const rows = await this.#sql`select data from attempt_events where attempt_id = ${attemptId}
			order by seq`;
		return rows.map((r) => r.data as AttemptEvent);
	}

	// Outside accounts

	async findIdentity(
		kind: IdentityKind,
		issuer: string,
		subject: string
	): Promise<ExternalIdentity | undefined> {
		const [row] = await this.#sql`select data from external_identities
			where kind = ${kind} and issuer = ${issuer} and subject = ${subject}`;
		return row?.data as ExternalIdentity | undefined;
	}

	async linkIdentity(input: NewExternalIdentity): Promise<ExternalIdentity> {
		return this.#sql.begin(async (tx) => {
			const [user] = await tx`select id from users where id = ${input.userId} for share`;
			if (!user) throw new StoreNotFoundError('user', input.userId);
			const [row] = await tx`select data from external_identities
				where kind = ${input.kind} and issuer = ${input.issuer} and subject = ${input.subject}
				for update`;
			const existing = row?.data as ExternalIdentity | undefined;
			if (existing && existing.userId !== input.userId) {
				throw new StoreConflictError(
					'identity-taken',
					`${input.kind} account ${input.subject} of ${input.issuer} is linked to another user`
				);
			}
			const now = this.#now();
			const { email, ...rest } = input;
			const identity: ExternalIdentity = {
				...rest,
				...(email ? { email } : {}),
				linkedAt: existing?.linkedAt ?? now,
				lastSeenAt: now
			};
			// Two first sign-ins at once: the primary key lets one insert win; the other updates
			// only when it is for the same user, else it finds no row and reports the conflict.
			const [saved] = await tx`insert into external_identities
				(kind, issuer, subject, user_id, data)
				values (${identity.kind}, ${identity.issuer}, ${identity.subject}, ${identity.userId},
					${this.#json(identity)})
				on conflict (kind, issuer, subject) do update set data = excluded.data
				where external_identities.user_id = excluded.user_id
				returning data`;
			if (!saved) {
				throw new StoreConflictError(
					'identity-taken',
					`${input.kind} account ${input.subject} of ${input.issuer} is linked to another user`
				);
			}
			return saved.data as ExternalIdentity;
		});
	}

	async listIdentities(userId: string): Promise<ExternalIdentity[]> {
		const rows = await this.#sql`select data from external_identities
			where user_id = ${userId} order by data->>'linkedAt', issuer, subject`;
		return rows.map((r) => r.data as ExternalIdentity);
	}

	// Typed responses

	async saveOwnWords(input: NewOwnWords): Promise<SavedOwnWords> {
		const words: OwnWords = { ...input, at: this.#now() };
		// One statement: of two posts for one decision, the first row stays (first write wins).
		const [row] = await this.#sql`insert into own_words (attempt_id, step, beat, data)
			select ${words.attemptId}, ${words.step}, ${words.beat}, ${this.#json(words)}
			where exists (select 1 from attempts where id = ${words.attemptId})
			on conflict (attempt_id, step, beat) do nothing
			returning step`;
		if (row) return { words, duplicate: false };
		const [kept] = await this.#sql`select data from own_words
			where attempt_id = ${words.attemptId} and step = ${words.step} and beat = ${words.beat}`;
		if (!kept) throw new StoreNotFoundError('attempt', input.attemptId);
		return { words: kept.data as OwnWords, duplicate: true };
	}

	async listOwnWords(attemptId: string): Promise<OwnWords[]> {
		const rows = await this.#sql`select data from own_words where attempt_id = ${attemptId}
			order by step, data->>'at'`;
		return rows.map((r) => r.data as OwnWords);
	}

	// LTI

	async listLtiPlatforms(): Promise<LtiPlatform[]> {
		const rows = await this.#sql`select data from lti_platforms order by data->>'name', id`;
		return rows.map((r) => r.data as LtiPlatform);
	}

	async getLtiPlatform(id: string): Promise<LtiPlatform | undefined> {
		const [row] = await this.#sql`select data from lti_platforms where id = ${id}`;
		return row?.data as LtiPlatform | undefined;
	}

	async findLtiPlatform(issuer: string, clientId: string): Promise<LtiPlatform | undefined> {
		const [row] = await this.#sql`select data from lti_platforms
			where issuer = ${issuer} and client_id = ${clientId}`;
		return row?.data as LtiPlatform | undefined;
	}

	#platformTaken(e: unknown, issuer: string, clientId: string): unknown {
		if ((e as { code?: string }).code !== UNIQUE_VIOLATION) return e;
		return new StoreConflictError(
			'platform-taken',
			`a platform with issuer ${issuer} and client id ${clientId} is registered already`
		);
	}

	async createLtiPlatform(input: NewLtiPlatform): Promise<LtiPlatform> {
		const now = this.#now();
		const platform: LtiPlatform = { ...input, id: newId(), createdAt: now, updatedAt: now };
		try {
			await this.#sql`insert into lti_platforms (id, issuer, client_id, data)
				values (${platform.id}, ${platform.issuer}, ${platform.clientId}, ${this.#json(platform)})`;
		} catch (e) {
			throw this.#platformTaken(e, input.issuer, input.clientId);
		}
		return platform;
	}

	async updateLtiPlatform(id: string, patch: LtiPlatformPatch): Promise<LtiPlatform> {
		const current = await this.getLtiPlatform(id);
		if (!current) throw new StoreNotFoundError('LTI platform', id);
		const platform: LtiPlatform = { ...current, ...patch, updatedAt: this.#now() };
		try {
			const rows = await this.#sql`update lti_platforms set issuer = ${platform.issuer},
				client_id = ${platform.clientId}, data = ${this.#json(platform)} where id = ${id}`;
			if (rows.count === 0) throw new StoreNotFoundError('LTI platform', id);
		} catch (e) {
			throw this.#platformTaken(e, platform.issuer, platform.clientId);
		}
		return platform;
	}

	async deleteLtiPlatform(id: string): Promise<void> {
		const rows = await this.#sql`delete from lti_platforms where id = ${id}`;
		if (rows.count === 0) throw new StoreNotFoundError('LTI platform', id);
	}

	async listLtiKeys(): Promise<LtiKey[]> {
		const rows = await this.#sql`select data from lti_keys order by n desc`;
		return rows.map((r) => r.data as LtiKey);
	}

	async rotateLtiKey(
		key: NewLtiKey,
		options: { ifNone?: boolean; forgetRetiredBefore?: string } = {}
	): Promise<LtiKey[]> {
		const now = this.#now();
		await this.#sql.begin(async (tx) => {
			// One rotation at a time, also across instances: the second waits and then sees the
			// first's key (so `ifNone` makes exactly one key).
			await tx`lock table lti_keys in exclusive mode`;
			if (options.forgetRetiredBefore) {
				await tx`delete from lti_keys where data->>'retiredAt' < ${options.forgetRetiredBefore}`;
			}
			const current = await tx`select kid from lti_keys where data->>'retiredAt' is null`;
			if (options.ifNone && current.length > 0) return;
			await tx`update lti_keys set data = data || ${this.#json({ retiredAt: now })}
				where data->>'retiredAt' is null`;
			const saved: LtiKey = { ...key, createdAt: now };
			await tx`insert into lti_keys (kid, data) values (${saved.kid}, ${this.#json(saved)})`;
		});
		return this.listLtiKeys();
	}

	async useLtiNonce(
		issuer: string,
		nonce: string,
		expiresAt: string,
		now: string
	): Promise<boolean> {
		await this.#sql`delete from lti_nonces where expires_at < ${now}`;
		const rows = await this.#sql`insert into lti_nonces (issuer, nonce, expires_at)
			values (${issuer}, ${nonce}, ${expiresAt}) on conflict do nothing`;
		return rows.count === 1;
	}

	async saveLtiResourceLink(input: NewLtiResourceLink): Promise<LtiResourceLink> {
		const now = this.#now();
		return this.#sql.begin(async (tx) => {
			const [platform] = await tx`select id from lti_platforms where id = ${input.platformId}
				for share`;
			if (!platform) throw new StoreNotFoundError('LTI platform', input.platformId);
			const [row] = await tx`select data->>'createdAt' as created from lti_resource_links
				where platform_id = ${input.platformId} and deployment_id = ${input.deploymentId}
				and resource_link_id = ${input.resourceLinkId} for update`;
			const link: LtiResourceLink = {
				...input,
				createdAt: (row?.created as string | undefined) ?? now,
				updatedAt: now
			};
			await tx`insert into lti_resource_links
				(platform_id, deployment_id, resource_link_id, data)
				values (${link.platformId}, ${link.deploymentId}, ${link.resourceLinkId},
					${this.#json(link)})
				on conflict (platform_id, deployment_id, resource_link_id)
				do update set data = excluded.data`;
			return link;
		});
	}

	async getLtiResourceLink(
		platformId: string,
		deploymentId: string,
		resourceLinkId: string
	): Promise<LtiResourceLink | undefined> {
		const [row] = await this.#sql`select data from lti_resource_links
			where platform_id = ${platformId} and deployment_id = ${deploymentId}
			and resource_link_id = ${resourceLinkId}`;
		return row?.data as LtiResourceLink | undefined;
	}

	async listLtiResourceLinks(filter: { platformId?: string } = {}): Promise<LtiResourceLink[]> {
		const rows = filter.platformId
			? await this.#sql`select data from lti_resource_links
				where platform_id = ${filter.platformId} order by data->>'createdAt'`
			: await this.#sql`select data from lti_resource_links order by data->>'createdAt'`;
		return rows.map((r) => r.data as LtiResourceLink);
	}

	async saveLtiLaunchLink(input: NewLtiLaunchLink): Promise<LtiLaunchLink> {
		const now = this.#now();
		const [row] = await this.#sql`select data->>'createdAt' as created from lti_launch_links
			where user_id = ${input.userId} and platform_id = ${input.platformId}
			and deployment_id = ${input.deploymentId} and resource_link_id = ${input.resourceLinkId}`;
		const link: LtiLaunchLink = {
			...input,
			createdAt: (row?.created as string | undefined) ?? now,
			updatedAt: now
		};
		try {
			await this.#sql`insert into lti_launch_links
				(user_id, platform_id, deployment_id, resource_link_id, data)
				values (${link.userId}, ${link.platformId}, ${link.deploymentId}, ${link.resourceLinkId},
					${this.#json(link)})
				on conflict (user_id, platform_id, deployment_id, resource_link_id)
				do update set data = excluded.data || jsonb_build_object('createdAt',
					lti_launch_links.data->>'createdAt')`;
		} catch (e) {
			if (codeOf(e) === FOREIGN_KEY_VIOLATION)
				throw new StoreNotFoundError('LTI platform', input.platformId);
			throw e;
		}
		return link;
	}

	async listLtiLaunchLinks(filter: {
		userId?: string;
		platformId?: string;
	}): Promise<LtiLaunchLink[]> {
		const rows = await this.#sql`select data from lti_launch_links
			where (${filter.userId ?? null}::text is null or user_id = ${filter.userId ?? null})
			and (${filter.platformId ?? null}::text is null or platform_id = ${filter.platformId ?? null})
			order by data->>'createdAt', resource_link_id`;
		return rows.map((r) => r.data as LtiLaunchLink);
	}

	async queueLtiScores(input: NewLtiScore[]): Promise<LtiScore[]> {
		const now = this.#now();
		return this.#sql.begin(async (tx) => {
			const stored: LtiScore[] = [];
			for (const score of input) {
				const row: LtiScore = {
					...score,
					id: newId(),
					status: 'pending',
					tries: 0,
					createdAt: now
				};
				await tx`insert into lti_scores (id, attempt_id, user_id, platform_id, deployment_id,
						resource_link_id, status, next_try_at, data)
					values (${row.id}, ${row.attemptId}, ${row.userId}, ${row.platformId},
						${row.deploymentId}, ${row.resourceLinkId}, ${row.status}, ${row.nextTryAt},
						${this.#json(row)})
					on conflict (attempt_id, platform_id, deployment_id, resource_link_id) do nothing`;
				const [saved] = await tx`select data from lti_scores where attempt_id = ${row.attemptId}
					and platform_id = ${row.platformId} and deployment_id = ${row.deploymentId}
					and resource_link_id = ${row.resourceLinkId}`;
				stored.push(saved.data as LtiScore);
			}
			return stored;
		});
	}

	async claimDueLtiScores(now: string, leaseUntil: string, limit: number): Promise<LtiScore[]> {
		const rows = await this.#sql`update lti_scores
			set next_try_at = ${leaseUntil},
				data = data || jsonb_build_object('nextTryAt', ${leaseUntil}::text)
			where id in (select id from lti_scores where status = 'pending' and next_try_at <= ${now}
				order by next_try_at, id limit ${limit} for update skip locked)
			returning data`;
		return rows
			.map((r) => r.data as LtiScore)
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	}

	async updateLtiScore(id: string, patch: LtiScorePatch): Promise<LtiScore> {
		return this.#sql.begin(async (tx) => {
			const [row] = await tx`select data from lti_scores where id = ${id} for update`;
			if (!row) throw new StoreNotFoundError('LTI score', id);
			const score: LtiScore = { ...(row.data as LtiScore), ...patch };
			await tx`update lti_scores set status = ${score.status}, next_try_at = ${score.nextTryAt},
				data = ${this.#json(score)} where id = ${id}`;
			return score;
		});
	}

	async listLtiScores(
		filter: { attemptIds?: string[]; platformId?: string } = {}
	): Promise<LtiScore[]> {
		const rows = await this.#sql`select data from lti_scores
			where (${!filter.attemptIds}::boolean or attempt_id = any(${filter.attemptIds ?? []}::text[]))
			and (${filter.platformId ?? null}::text is null or platform_id = ${filter.platformId ?? null})
			order by data->>'createdAt', id`;
		return rows.map((r) => r.data as LtiScore);
	}

	// Drill cards

	async listDrillCards(userId: string): Promise<DrillCard[]> {
		const rows = await this.#sql`select data from drill_cards where user_id = ${userId}
			order by drill_id`;
		return rows.map((r) => r.data as DrillCard);
	}

	async saveDrillCard(input: NewDrillCard): Promise<DrillCard> {
		const card: DrillCard = { ...input, updatedAt: this.#now() };
		const [row] = await this.#sql`insert into drill_cards (user_id, drill_id, due, data)
			select ${card.userId}, ${card.drillId}, ${card.due}, ${this.#json(card)}
			where exists (select 1 from users where id = ${card.userId})
			on conflict (user_id, drill_id) do update set due = excluded.due, data = excluded.data
			returning user_id`;
		if (!row) throw new StoreNotFoundError('user', input.userId);
		return card;
	}

	async attemptRevisions(userIds: readonly string[]): Promise<Map<string, string>> {
		const stamps = new Map<string, string>(userIds.map((id) => [id, 'none']));
		if (userIds.length === 0) return stamps;
		const rows = await this.#sql`select user_id, max(revision) as revision, count(*) as count
			from attempts where user_id in ${this.#sql(userIds as string[])} group by user_id`;
		for (const r of rows) stamps.set(r.user_id as string, `${r.revision}:${r.count}`);
		return stamps;
	}

	// Cohorts and assignments

	async createCohort(input: NewCohort): Promise<Cohort> {
		const cohort: Cohort = { ...input, id: newId(), createdAt: this.#now() };
		await this.#sql`insert into cohorts (id, data) values (${cohort.id}, ${this.#json(cohort)})`;
		return cohort;
	}

	async getCohort(id: string): Promise<Cohort | undefined> {
		const [row] = await this.#sql`select data from cohorts where id = ${id}`;
		return row?.data as Cohort | undefined;
	}

	async listCohorts(): Promise<Cohort[]> {
		return (await this.#sql`select data from cohorts order by n`).map((r) => r.data as Cohort);
	}

	/** Reads a record under lock, applies `change` to it and writes it back, in one transaction. */
	#change<T>(table: 'cohorts' | 'assignments', kind: string, id: string, change: (r: T) => T) {
		return this.#sql.begin(async (tx) => {
			const [row] = await tx`select data from ${tx(table)} where id = ${id} for update`;
			if (!row) throw new StoreNotFoundError(kind, id);
			const record = change(row.data as T);
			await tx`update ${tx(table)} set data = ${this.#json(record)} where id = ${id}`;
			return record;
		});
	}

	updateCohort(id: string, patch: CohortPatch): Promise<Cohort> {
		return this.#change<Cohort>('cohorts', 'cohort', id, (c) => ({ ...c, ...patch }));
	}

	async deleteCohort(id: string): Promise<void> {
		// Its assignments go with it (on delete cascade).
		const deleted = await this.#sql`delete from cohorts where id = ${id} returning id`;
		if (deleted.length === 0) throw new StoreNotFoundError('cohort', id);
	}

	async createAssignment(input: NewAssignment): Promise<Assignment> {
		const assignment: Assignment = { ...input, id: newId(), createdAt: this.#now() };
		try {
			await this.#sql`insert into assignments (id, cohort_id, data)
				values (${assignment.id}, ${assignment.cohortId}, ${this.#json(assignment)})`;
		} catch (e) {
			if (codeOf(e) === FOREIGN_KEY_VIOLATION)
				throw new StoreNotFoundError('cohort', input.cohortId);
			throw e;
		}
		return assignment;
	}

	async getAssignment(id: string): Promise<Assignment | undefined> {
		const [row] = await this.#sql`select data from assignments where id = ${id}`;
		return row?.data as Assignment | undefined;
	}

	async listAssignments(filter: { cohortId?: string } = {}): Promise<Assignment[]> {
		const sql = this.#sql;
		const rows = await sql`select data from assignments
			${filter.cohortId ? sql`where cohort_id = ${filter.cohortId}` : sql``} order by n`;
		return rows.map((r) => r.data as Assignment);
	}

	updateAssignment(id: string, patch: AssignmentPatch): Promise<Assignment> {
		return this.#change<Assignment>('assignments', 'assignment', id, (a) => ({ ...a, ...patch }));
	}

	addExtraAttempt(assignmentId: string, userId: string): Promise<Assignment> {
		return this.#change<Assignment>('assignments', 'assignment', assignmentId, (a) => {
			const extra = { ...a.extraAttempts };
			extra[userId] = (extra[userId] ?? 0) + 1;
			return { ...a, extraAttempts: extra };
		});
	}

	async deleteAssignment(id: string): Promise<void> {
		const deleted = await this.#sql`delete from assignments where id = ${id} returning id`;
		if (deleted.length === 0) throw new StoreNotFoundError('assignment', id);
	}

	// Scenario drafts

	async createDraft(input: NewScenarioDraft): Promise<ScenarioDraft> {
		const draft = newDraft(input, newId(), this.#now());
		await this.#sql`insert into scenario_drafts (id, owner_id, data)
			values (${draft.id}, ${draft.ownerId}, ${this.#json(draft)})`;
		return draft;
	}

	async getDraft(id: string): Promise<ScenarioDraft | undefined> {
		const [row] = await this.#sql`select data from scenario_drafts where id = ${id}`;
		return row?.data as ScenarioDraft | undefined;
	}

	async listDrafts(filter: { userId?: string } = {}): Promise<DraftSummary[]> {
		const sql = this.#sql;
		const rows = await sql`select data from scenario_drafts
			${filter.userId !== undefined ? sql`where owner_id = ${filter.userId} or data->'coAuthorIds' ? ${filter.userId}` : sql``}
			order by n`;
		return rows.map((r) => summariseDraft(r.data as ScenarioDraft));
	}

	/** Reads a draft under lock, applies `change` to it and writes it back, in one transaction. */
	#changeDraft<R>(id: string, change: (draft: ScenarioDraft, now: string) => R): Promise<R> {
		const now = this.#now();
		// The cast: postgres types `begin` as unwrapping arrays, and R is never a promise array.
		return this.#sql.begin(async (tx) => {
			const [row] = await tx`select data from scenario_drafts where id = ${id} for update`;
			if (!row) throw new StoreNotFoundError('draft', id);
			const draft = row.data as ScenarioDraft;
			const result = change(draft, now);
			await tx`update scenario_drafts set data = ${this.#json(draft)} where id = ${id}`;
			return result;
		}) as Promise<R>;
	}

	saveDraft(id: string, save: DraftSave): Promise<SavedDraft> {
		return this.#changeDraft(id, (draft, now) => applySave(draft, save, now));
	}

	publishDraft(
		id: string,
		publication: Omit<DraftPublication, 'publishedAt'>
	): Promise<ScenarioDraft> {
		return this.#changeDraft(id, (draft, now) => applyPublication(draft, publication, now));
	}

	unpublishDraft(id: string, by: string): Promise<ScenarioDraft> {
		return this.#changeDraft(id, (draft, now) => applyUnpublish(draft, by, now));
	}

	setDraftCoAuthors(id: string, coAuthorIds: string[]): Promise<ScenarioDraft> {
		return this.#changeDraft(id, (draft) => applyCoAuthors(draft, coAuthorIds));
	}

	async listPublishedScenarios(): Promise<PublishedScenario[]> {
		const rows = await this.#sql`select data from scenario_drafts
			where jsonb_array_length(data->'publications') > 0 order by n`;
		return rows.flatMap((r) => publishedScenario(r.data as ScenarioDraft) ?? []);
	}

	// Sign-in throttling

	async countSignInTry(key: string, at: number, since: number, max: number): Promise<SignInTries> {
		return this.#sql.begin(async (tx) => {
			await tx`select pg_advisory_xact_lock(${SIGN_IN_LOCK}, hashtext(${key}))`;
			// Tries that left the window count for nobody: pruned here, so the table stays small.
			await tx`delete from sign_in_tries where at < ${since}`;
			const rows = await tx`select at from sign_in_tries where key = ${key} order by at`;
			const recent = rows.map((r) => Number(r.at));
			if (recent.length >= max) return { counted: false, recent };
			await tx`insert into sign_in_tries (key, at) values (${key}, ${at})`;
			return { counted: true, recent };
		});
	}

	async clearSignInTries(key: string): Promise<void> {
		await this.#sql`delete from sign_in_tries where key = ${key}`;
	}

	// Audit log

	async appendAudit(input: NewAuditEntry): Promise<AuditEntry> {
		const entry: AuditEntry = { ...input, id: newId(), at: input.at ?? this.#now() };
		await this.#sql`insert into audit (id, at, data)
			values (${entry.id}, ${entry.at}, ${this.#json(entry)})`;
		return entry;
	}

	async listAudit(options: { since?: string; limit?: number } = {}): Promise<AuditEntry[]> {
		const sql = this.#sql;
		const rows = await sql`select data from audit
			${options.since ? sql`where at >= ${options.since}` : sql``}
			order by at desc, n desc limit ${options.limit ?? 100}`;
		return rows.map((r) => r.data as AuditEntry);
	}

	// Scenario versions (the archive `scenarioVersions()` hands out when DATABASE_URL is set)

	async save(version: ScenarioVersion): Promise<void> {
		await this.#sql`insert into scenario_versions (hash, data)
			values (${version.hash}, ${this.#json(version)}) on conflict (hash) do nothing`;
	}

	async get(hash: string): Promise<ScenarioVersion | undefined> {
		const [row] = await this.#sql`select data from scenario_versions where hash = ${hash}`;
		return row?.data as ScenarioVersion | undefined;
	}

	// Copying a whole programme in (`admin migrate-store`); not part of `Store`.

	/** Rows in each table that holds a programme's records. */
	async counts(): Promise<StoreCounts> {
		const [row] = await this.#sql`select
			(select count(*) from users) as users,
			(select count(*) from cohorts) as cohorts,
			(select count(*) from assignments) as assignments,
			(select count(*) from attempts) as attempts,
			(select count(*) from attempt_events) as events,
			(select count(*) from audit) as audit,
			(select count(*) from scenario_versions) as scenario_versions,
			(select count(*) from drill_cards) as drill_cards,
			(select count(*) from own_words) as own_words,
			(select count(*) from scenario_drafts) as drafts,
			(select count(*) from external_identities) as identities,
			(select count(*) from lti_platforms) as lti_platforms,
			(select count(*) from lti_keys) as lti_keys,
			(select count(*) from lti_resource_links) as lti_resource_links,
			(select count(*) from lti_launch_links) as lti_launch_links,
			(select count(*) from lti_scores) as lti_scores`;
		return {
			users: Number(row.users),
			cohorts: Number(row.cohorts),
			assignments: Number(row.assignments),
			attempts: Number(row.attempts),
			events: Number(row.events),
			audit: Number(row.audit),
			scenarioVersions: Number(row.scenario_versions),
			drillCards: Number(row.drill_cards),
			ownWords: Number(row.own_words),
			drafts: Number(row.drafts),
			identities: Number(row.identities),
			ltiPlatforms: Number(row.lti_platforms),
			ltiKeys: Number(row.lti_keys),
			ltiResourceLinks: Number(row.lti_resource_links),
			ltiLaunchLinks: Number(row.lti_launch_links),
			ltiScores: Number(row.lti_scores)
		};
	}

	/**
	 * Writes records exactly as given (ids, times and sequence numbers kept), all in one
	 * transaction: a copy that fails leaves the database as it was.
	 */
	async importRecords(records: StoreRecords): Promise<void> {
		const texts = <T>(rows: T[], pick: (row: T) => string | null | undefined) =>
			rows.map((r) => pick(r) ?? null);
		const json = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r));
		await this.#sql.begin(async (tx) => {
			for (const users of chunks(records.users)) {
				await tx`insert into users (id, username, data)
					select id, username, data::jsonb from unnest(
						${texts(users, (u) => u.id)}::text[], ${texts(users, (u) => u.username)}::text[],
						${json(users)}::text[]) as t (id, username, data)`;
			}
			for (const cohorts of chunks(records.cohorts)) {
				await tx`insert into cohorts (id, data)
					select id, data::jsonb from unnest(
						${texts(cohorts, (c) => c.id)}::text[], ${json(cohorts)}::text[]) as t (id, data)`;
			}
			for (const rows of chunks(records.assignments)) {
				await tx`insert into assignments (id, cohort_id, data)
					select id, cohort_id, data::jsonb from unnest(
						${texts(rows, (a) => a.id)}::text[], ${texts(rows, (a) => a.cohortId)}::text[],
						${json(rows)}::text[]) as t (id, cohort_id, data)`;
			}
			for (const rows of chunks(records.attempts)) {
				await tx`insert into attempts
					(id, user_id, scenario_id, assignment_id, status, started_at, revision, data)
					select id, user_id, scenario_id, assignment_id, status, started_at,
						nextval('attempt_revision'), data::jsonb
					from unnest(
						${texts(rows, (a) => a.id)}::text[], ${texts(rows, (a) => a.userId)}::text[],
						${texts(rows, (a) => a.scenarioId)}::text[],
						${texts(rows, (a) => a.assignmentId)}::text[],
						${texts(rows, (a) => a.status)}::text[], ${texts(rows, (a) => a.startedAt)}::text[],
						${json(rows)}::text[]
					) as t (id, user_id, scenario_id, assignment_id, status, started_at, data)`;
			}
			for (const rows of chunks(records.events)) {
				await tx`insert into attempt_events (attempt_id, seq, id, data)
					select attempt_id, seq, id, data::jsonb from unnest(
						${texts(rows, (e) => e.attemptId)}::text[], ${rows.map((e) => e.seq)}::int[],
						${texts(rows, (e) => e.id)}::text[], ${json(rows)}::text[]
					) as t (attempt_id, seq, id, data)`;
			}
			for (const rows of chunks(records.drillCards)) {
				await tx`insert into drill_cards (user_id, drill_id, due, data)
					select user_id, drill_id, due, data::jsonb from unnest(
						${texts(rows, (c) => c.userId)}::text[], ${texts(rows, (c) => c.drillId)}::text[],
						${texts(rows, (c) => c.due)}::text[], ${json(rows)}::text[]
					) as t (user_id, drill_id, due, data)`;
			}
			for (const rows of chunks(records.ownWords)) {
				await tx`insert into own_words (attempt_id, step, beat, data)
					select attempt_id, step, beat, data::jsonb from unnest(
						${texts(rows, (w) => w.attemptId)}::text[], ${rows.map((w) => w.step)}::int[],
						${texts(rows, (w) => w.beat)}::text[], ${json(rows)}::text[]
					) as t (attempt_id, step, beat, data)`;
			}
			for (const rows of chunks(records.audit)) {
				await tx`insert into audit (id, at, data)
					select id, at, data::jsonb from unnest(
						${texts(rows, (e) => e.id)}::text[], ${texts(rows, (e) => e.at)}::text[],
						${json(rows)}::text[]) as t (id, at, data)`;
			}
			for (const rows of chunks(records.scenarioVersions, 100)) {
				await tx`insert into scenario_versions (hash, data)
					select hash, data::jsonb from unnest(
						${texts(rows, (v) => v.hash)}::text[], ${json(rows)}::text[]) as t (hash, data)`;
			}
			for (const rows of chunks(records.identities)) {
				await tx`insert into external_identities (kind, issuer, subject, user_id, data)
					select kind, issuer, subject, user_id, data::jsonb from unnest(
						${texts(rows, (i) => i.kind)}::text[], ${texts(rows, (i) => i.issuer)}::text[],
						${texts(rows, (i) => i.subject)}::text[], ${texts(rows, (i) => i.userId)}::text[],
						${json(rows)}::text[]) as t (kind, issuer, subject, user_id, data)`;
			}
			for (const rows of chunks(records.ltiPlatforms)) {
				await tx`insert into lti_platforms (id, issuer, client_id, data)
					select id, issuer, client_id, data::jsonb from unnest(
						${texts(rows, (p) => p.id)}::text[], ${texts(rows, (p) => p.issuer)}::text[],
						${texts(rows, (p) => p.clientId)}::text[], ${json(rows)}::text[])
						as t (id, issuer, client_id, data)`;
			}
			// Oldest first (the store lists them newest first), so `n` keeps their order.
			for (const key of [...records.ltiKeys].reverse()) {
				await tx`insert into lti_keys (kid, data) values (${key.kid}, ${this.#json(key)})`;
			}
			for (const rows of chunks(records.ltiResourceLinks)) {
				await tx`insert into lti_resource_links
					(platform_id, deployment_id, resource_link_id, data)
					select platform_id, deployment_id, resource_link_id, data::jsonb from unnest(
						${texts(rows, (l) => l.platformId)}::text[],
						${texts(rows, (l) => l.deploymentId)}::text[],
						${texts(rows, (l) => l.resourceLinkId)}::text[], ${json(rows)}::text[])
						as t (platform_id, deployment_id, resource_link_id, data)`;
			}
			for (const rows of chunks(records.ltiLaunchLinks)) {
				await tx`insert into lti_launch_links
					(user_id, platform_id, deployment_id, resource_link_id, data)
					select user_id, platform_id, deployment_id, resource_link_id, data::jsonb from unnest(
						${texts(rows, (l) => l.userId)}::text[], ${texts(rows, (l) => l.platformId)}::text[],
						${texts(rows, (l) => l.deploymentId)}::text[],
						${texts(rows, (l) => l.resourceLinkId)}::text[], ${json(rows)}::text[])
						as t (user_id, platform_id, deployment_id, resource_link_id, data)`;
			}
			for (const rows of chunks(records.ltiScores)) {
				await tx`insert into lti_scores (id, attempt_id, user_id, platform_id, deployment_id,
						resource_link_id, status, next_try_at, data)
					select id, attempt_id, user_id, platform_id, deployment_id, resource_link_id, status,
						next_try_at, data::jsonb from unnest(
						${texts(rows, (r) => r.id)}::text[], ${texts(rows, (r) => r.attemptId)}::text[],
						${texts(rows, (r) => r.userId)}::text[], ${texts(rows, (r) => r.platformId)}::text[],
						${texts(rows, (r) => r.deploymentId)}::text[],
						${texts(rows, (r) => r.resourceLinkId)}::text[], ${texts(rows, (r) => r.status)}::text[],
						${texts(rows, (r) => r.nextTryAt)}::text[], ${json(rows)}::text[])
						as t (id, attempt_id, user_id, platform_id, deployment_id, resource_link_id, status,
							next_try_at, data)`;
			}
			// Oldest first, as the embedded store lists them, so `n` keeps their order.
			for (const rows of chunks(records.drafts, 100)) {
				await tx`insert into scenario_drafts (id, owner_id, data)
					select id, owner_id, data::jsonb from unnest(
						${texts(rows, (d) => d.id)}::text[], ${texts(rows, (d) => d.ownerId)}::text[],
						${json(rows)}::text[]) as t (id, owner_id, data)`;
			}
		});
	}

	async ping(): Promise<void> {
		await this.#sql`select 1`;
	}

	async close(): Promise<void> {
		await this.#sql.end({ timeout: 5 });
	}
}

export interface StoreCounts {
	users: number;
	cohorts: number;
	assignments: number;
	attempts: number;
	events: number;
	audit: number;
	scenarioVersions: number;
	drillCards: number;
	ownWords: number;
	drafts: number;
	identities: number;
	ltiPlatforms: number;
	ltiKeys: number;
	ltiResourceLinks: number;
	ltiLaunchLinks: number;
	ltiScores: number;
}

/** A whole programme's records, as `migrate-store` reads them from the embedded store. */
export interface StoreRecords {
	users: User[];
	cohorts: Cohort[];
	assignments: Assignment[];
	attempts: Attempt[];
	events: AttemptEvent[];
	audit: AuditEntry[];
	scenarioVersions: ScenarioVersion[];
	drillCards: DrillCard[];
	ownWords: OwnWords[];
	drafts: ScenarioDraft[];
	identities: ExternalIdentity[];
	ltiPlatforms: LtiPlatform[];
	/** Newest first, as `listLtiKeys` gives them. */
	ltiKeys: LtiKey[];
	ltiResourceLinks: LtiResourceLink[];
	ltiLaunchLinks: LtiLaunchLink[];
	/** The grade passback outbox, pending and sent rows alike. */
	ltiScores: LtiScore[];
}

function chunks<T>(rows: T[], size = 5000): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
	return out;
}

/** The record with the erased user's details scrubbed from its free text. */
function scrubRecord(
	table: 'cohorts' | 'assignments' | 'attempts' | 'audit',
	data: Record<string, unknown>,
	details: string[]
): object {
	if (table === 'cohorts') {
		const c = data as unknown as Cohort;
		return { ...c, name: scrubText(c.name, details) };
	}
	if (table === 'assignments') {
		const a = data as unknown as Assignment;
		return a.title ? { ...a, title: scrubText(a.title, details) } : a;
	}
	if (table === 'attempts') {
		const a = data as unknown as Attempt;
		return {
			...a,
			...(a.reflection ? { reflection: scrubText(a.reflection, details) } : {}),
			...(a.voided ? { voided: { ...a.voided, reason: scrubText(a.voided.reason, details) } } : {})
		};
	}
	const e = data as unknown as AuditEntry;
	return e.detail && mentions(JSON.stringify(e.detail), details)
		? { ...e, detail: scrubDeep(e.detail, details) }
		: e;
}
