import { StoreConflictError } from '../store/errors';
import type { Cohort, PublicUser, Store, User } from '../store/types';
import { accountState, normaliseUsername } from '../auth/accounts';
import { csvLine } from '../analytics/csv';
import { mailSettings, sendMails, type Mail, type MailReport, type MailSettings } from '../mail';
import { instructorNames } from './cohorts';
import { issueLinks, type IssuedLink } from './password-links';
import {
	accountProblems,
	readRoster,
	type RosterSource,
	type RosterEntry,
	type RosterProblem
} from './roster-file';

/**
 * Putting trainees on a cohort's roster, one by one or from a CSV file. An import is planned
 * first (every row: create an account, add an existing one, or unchanged) and shown; it is
 * written only when the plan has no problems at all, so a bad file changes nothing. Importing
 * the same file again changes nothing either: everyone is already "unchanged".
 */

export type RowAction = 'create' | 'add' | 'unchanged';

export interface PlannedRow extends RosterEntry {
	action: RowAction;
	userId?: string;
}

export interface RosterPlan {
	rows: PlannedRow[];
	problems: RosterProblem[];
	counts: Record<RowAction, number>;
}

/** Classifies each checked row against the accounts that exist. Pure. */
export function planRoster(
	entries: readonly RosterEntry[],
	problems: readonly RosterProblem[],
	usersByName: ReadonlyMap<string, Pick<User, 'id' | 'role'>>,
	cohort: Pick<Cohort, 'memberIds'>
): RosterPlan {
	const found = [...problems];
	const rows: PlannedRow[] = [];
	const counts: Record<RowAction, number> = { create: 0, add: 0, unchanged: 0 };
	const members = new Set(cohort.memberIds);
	for (const entry of entries) {
		const existing = usersByName.get(entry.username);
		if (existing && existing.role !== 'trainee') {
			found.push({
				line: entry.line,
				message: `${entry.username} is an instructor or admin account; only trainees can be on a roster.`
			});
			continue;
		}
		const action: RowAction = !existing ? 'create' : members.has(existing.id) ? 'unchanged' : 'add';
		counts[action]++;
		rows.push({ ...entry, action, ...(existing ? { userId: existing.id } : {}) });
	}
	return { rows, problems: found.sort((a, b) => a.line - b.line), counts };
}

async function usersByName(store: Store): Promise<Map<string, User>> {
	return new Map((await store.listUsers()).map((u) => [u.username.toLowerCase(), u]));
}

/**
 * The plan for a roster file: an upload's bytes or stream, or text (pasted, or sent back to
 * confirm). The file is read as a stream (readRoster), so only its accepted rows are held.
 */
export async function planRosterImport(
	store: Store,
	cohort: Cohort,
	input: RosterSource
): Promise<RosterPlan> {
	const file = await readRoster(input);
	return planRoster(file.entries, file.problems, await usersByName(store), cohort);
}

export interface NewAccountLink extends IssuedLink {
	username: string;
	displayName: string;
}

export interface RosterResult {
	plan: RosterPlan;
	/** False when the plan had problems: nothing was written. */
	written: boolean;
	links: NewAccountLink[];
	/** Existing accounts this change put on the roster: each is told (`tellJoined`). */
	joined: User[];
}

// Roster changes read the cohort, then write it: one at a time, so two imports running together
// cannot drop each other's trainees.
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
	const run = queue.then(work, work);
	queue = run.catch(() => {});
	return run;
}

/** Re-plans against the store as it is now and writes the plan if it has no problems. */
export function importRoster(
	store: Store,
	cohortId: string,
	input: RosterSource,
	actor: PublicUser
): Promise<RosterResult> {
	return oneAtATime(async () => {
		const cohort = await store.getCohort(cohortId);
		if (!cohort) throw new Error(`rapport: no cohort ${cohortId}`);
		const plan = await planRosterImport(store, cohort, input);
		return commit(store, cohort, plan, actor, 'roster.import');
	});
}

export interface TraineeInput {
	username: string;
	displayName: string;
	email?: string;
}

/** One trainee, checked like a row of a file. */
export function addTrainee(
	store: Store,
	cohortId: string,
	input: TraineeInput,
	actor: PublicUser
): Promise<RosterResult> {
	return oneAtATime(async () => {
		const cohort = await store.getCohort(cohortId);
		if (!cohort) throw new Error(`rapport: no cohort ${cohortId}`);
		const username = normaliseUsername(input.username);
		const displayName = input.displayName.trim();
		const email = input.email?.trim() ?? '';
		const problems = accountProblems({ username, displayName, email }, 'Enter a username.').map(
			(message) => ({ line: 1, message })
		);
		const entries = problems.length
			? []
			: [{ line: 1, username, displayName, ...(email ? { email } : {}) }];
		const plan = planRoster(entries, problems, await usersByName(store), cohort);
		return commit(store, cohort, plan, actor, 'roster.add');
	});
}

async function commit(
	store: Store,
	cohort: Cohort,
	plan: RosterPlan,
	actor: PublicUser,
	action: string
): Promise<RosterResult> {
	if (plan.problems.length > 0) return { plan, written: false, links: [], joined: [] };
	const toCreate = plan.rows.filter((r) => r.action === 'create');
	let created: User[];
	try {
		// New accounts have no password (an empty hash matches nothing) until the link is used.
		created = await store.createUsers(
			toCreate.map((r) => ({
				username: r.username,
				displayName: r.displayName,
				...(r.email ? { email: r.email } : {}),
				role: 'trainee',
				passwordHash: ''
			}))
		);
	} catch (e) {
		if (e instanceof StoreConflictError && e.code === 'username-taken') {
			const problems = [
				{
					line: 0,
					message: 'Someone created one of these accounts meanwhile. Check the file again.'
				}
			];
			return { plan: { ...plan, problems }, written: false, links: [], joined: [] };
		}
		throw e;
	}
	const newIds = created.map((u) => u.id);
	const existing = plan.rows.filter((r) => r.action === 'add').map((r) => r.userId!);
	const joining = [...existing, ...newIds];
	if (joining.length > 0) {
		await store.updateCohort(cohort.id, {
			memberIds: [...new Set([...cohort.memberIds, ...joining])]
		});
	}
	const links = await issueLinks(store, newIds, actor.id);
	await store.appendAudit({
		actorId: actor.id,
		action,
		targetType: 'cohort',
		targetId: cohort.id,
		detail: { created: created.length, added: plan.counts.add, unchanged: plan.counts.unchanged }
	});
	// An existing account now shares its cohort work with new instructors: each such join is
	// recorded on its own, against the trainee, so their record shows who added them and when.
	const joined: User[] = [];
	for (const userId of existing) {
		await store.appendAudit({
			actorId: actor.id,
			action: 'roster.join',
			targetType: 'user',
			targetId: userId,
			detail: { cohortId: cohort.id }
		});
		const user = await store.getUser(userId);
		if (user) joined.push(user);
	}
	const byId = new Map(created.map((u) => [u.id, u]));
	return {
		plan,
		written: true,
		links: links.map((l) => ({
			...l,
			username: byId.get(l.userId)!.username,
			displayName: byId.get(l.userId)!.displayName
		})),
		joined
	};
}

/** The mail telling a trainee who already had an account that they are on a new roster. */
export function joinedMail(
	trainee: Pick<User, 'displayName' | 'email'>,
	cohort: Pick<Cohort, 'name'>,
	actor: Pick<PublicUser, 'displayName'>,
	instructors: readonly string[],
	origin: string
): Mail {
	return {
		to: trainee.email!,
		subject: `You were added to the cohort ${cohort.name} on Rapport`,
		text: [
			`Hello ${trainee.displayName},`,
			'',
			`${actor.displayName} added you to the cohort "${cohort.name}" on Rapport.`,
			`Its instructors (${instructors.join(', ') || 'none yet'}) can see the attempts you make for its assignments.`,
			'Your own practice and your work for other cohorts stay private to you.',
			'',
			`Your home page lists your cohorts: ${origin}/`,
			'If you did not expect this, tell your instructor or an administrator.'
		].join('\n')
	};
}

/**
 * Tells each trainee in `joined` (existing accounts just put on the roster) by mail, when mail
 * is set up and they have an address. Their home page lists their cohorts either way.
 */
export async function tellJoined(
	store: Store,
	cohort: Cohort,
	joined: readonly User[],
	actor: Pick<PublicUser, 'displayName'>,
	origin: string,
	settings: MailSettings | undefined = mailSettings()
): Promise<MailReport> {
	const withMail = joined.filter((u) => u.email && !u.erasedAt);
	if (!settings || withMail.length === 0) return { sent: [], failed: [] };
	const instructors = await instructorNames(store, cohort);
	return sendMails(
		settings,
		withMail.map((u) => joinedMail(u, cohort, actor, instructors, origin))
	);
}

/** Takes a trainee off the roster. Their account and attempts stay. */
export function removeTrainee(store: Store, cohortId: string, userId: string, actor: PublicUser) {
	return oneAtATime(async () => {
		const cohort = await store.getCohort(cohortId);
		if (!cohort || !cohort.memberIds.includes(userId)) return false;
		await store.updateCohort(cohortId, {
			memberIds: cohort.memberIds.filter((id) => id !== userId)
		});
		await store.appendAudit({
			actorId: actor.id,
			action: 'roster.remove',
			targetType: 'cohort',
			targetId: cohortId,
			detail: { traineeId: userId }
		});
		return true;
	});
}

/** Roster accounts still waiting to set their first password (their link not used yet). */
async function waitingOn(store: Store, cohort: Cohort): Promise<User[]> {
	const members = new Set(cohort.memberIds);
	return (await store.listUsers())
		.filter((u) => members.has(u.id) && accountState(u) === 'waiting')
		.sort((a, b) => a.username.localeCompare(b.username));
}

export interface RosterLink extends NewAccountLink {
	email?: string;
}

/**
 * Fresh set-password links for these waiting accounts: earlier links for them stop working
 * (only a token's hash is stored, so a link can be handed out only when it is made).
 */
async function relink(store: Store, users: readonly User[], actor: PublicUser) {
	const links = await issueLinks(
		store,
		users.map((u) => u.id),
		actor.id
	);
	const byId = new Map(users.map((u) => [u.id, u]));
	return links.map((l): RosterLink => {
		const u = byId.get(l.userId)!;
		return { ...l, username: u.username, displayName: u.displayName, email: u.email };
	});
}

/** A fresh link for a roster account that has not set a password yet. */
export async function relinkTrainee(
	store: Store,
	cohort: Cohort,
	userId: string,
	actor: PublicUser
) {
	const user = (await waitingOn(store, cohort)).find((u) => u.id === userId);
	if (!user) return undefined;
	const [link] = await relink(store, [user], actor);
	return link;
}

/**
 * Fresh links for everyone on the roster still waiting to set a password, for the CSV download
 * (an import's links are shown on its page only when there are few of them). Audited.
 */
export async function relinkWaiting(store: Store, cohort: Cohort, actor: PublicUser) {
	const links = await relink(store, await waitingOn(store, cohort), actor);
	await store.appendAudit({
		actorId: actor.id,
		action: 'roster.links',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: { links: links.length, mailed: 0 }
	});
	return links;
}

/** The links as a CSV file for the instructor to pass on: one row per trainee. */
export function linksCsv(links: readonly RosterLink[], origin: string): string {
	return (
		csvLine(['username', 'display name', 'email', 'set-password link', 'works until']) +
		links
			.map((l) =>
				csvLine([l.username, l.displayName, l.email ?? '', `${origin}${l.path}`, l.expiresAt])
			)
			.join('')
	);
}

/** The mail that carries one trainee's own set-password link. */
export function linkMail(link: RosterLink, cohort: Pick<Cohort, 'name'>, origin: string): Mail {
	return {
		to: link.email!,
		subject: 'Choose your password for Rapport',
		text: [
			`Hello ${link.displayName},`,
			'',
			`You have a Rapport account for the cohort "${cohort.name}". Your username is ${link.username}.`,
			'Choose your password with this link. It works once, until ' +
				`${new Date(link.expiresAt).toUTCString()}:`,
			'',
			`${origin}${link.path}`,
			'',
			'If you did not expect this mail, you can ignore it.'
		].join('\n')
	};
}

export interface MailedLinks {
	report: MailReport;
	/** Waiting trainees with no email address: their links must be passed on another way. */
	withoutEmail: string[];
}

/**
 * Mails each waiting trainee who has an email address a fresh link of their own. Trainees
 * without an address keep their current link. Audited.
 */
export async function mailWaitingLinks(
	store: Store,
	cohort: Cohort,
	actor: PublicUser,
	origin: string,
	settings: MailSettings
): Promise<MailedLinks> {
	const waiting = await waitingOn(store, cohort);
	const links = await relink(
		store,
		waiting.filter((u) => u.email),
		actor
	);
	const report = await sendMails(
		settings,
		links.map((l) => linkMail(l, cohort, origin))
	);
	await store.appendAudit({
		actorId: actor.id,
		action: 'roster.links',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: { links: links.length, mailed: report.sent.length }
	});
	return { report, withoutEmail: waiting.filter((u) => !u.email).map((u) => u.username) };
}
