import { AttemptError, startAttempt } from '../attempts';
import { findScenario, knownScenario } from '../scenario-library';
import { isCohortWork } from './access';
import type { Assignment, AttemptMode, Attempt, Cohort, PublicUser, Store } from '../store/types';
import {
	assignmentStatus,
	attemptsLeft,
	bestScore,
	countedAttempts,
	type AssignmentStatus
} from './status';
import { passMarkOf, scoreOf, type PassMark } from '../pass-mark';

/**
 * Assignments: scenarios set for a cohort, one row per scenario (docs/programmes-model.md).
 * Setting several scenarios in one go makes rows that share a `setId` and `title`.
 */

export interface AssignmentInput {
	scenarioIds: string[];
	title?: string;
	mode: AttemptMode;
	/** ISO instant (start of the chosen day, UTC); before it trainees neither see nor start it. */
	opensAt?: string;
	/** ISO instant (end of the chosen day, UTC). */
	dueAt?: string;
	passMark?: number;
	attemptLimit?: number;
}

export type AssignmentErrors = Partial<
	Record<
		'scenarioIds' | 'title' | 'mode' | 'opensAt' | 'dueAt' | 'passMark' | 'attemptLimit',
		string
	>
>;

const TITLE_MAX = 120;

function wholeNumber(raw: string, min: number, max: number): number | undefined | null {
	if (raw.trim() === '') return undefined;
	const n = Number(raw);
	return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** An instant on the day a date input (YYYY-MM-DD) gives, at `time` UTC; null when not a date. */
function instantOnDate(raw: string, time: string): string | undefined | null {
	if (raw.trim() === '') return undefined;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
	const at = new Date(`${raw}T${time}Z`);
	return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== raw
		? null
		: at.toISOString();
}

/** A due date from a date input (YYYY-MM-DD): due by the end of that day (UTC). */
export function dueAtFromDate(raw: string): string | undefined | null {
	return instantOnDate(raw, '23:59:59.999');
}

/** An opening date from a date input (YYYY-MM-DD): open from the start of that day (UTC). */
export function opensAtFromDate(raw: string): string | undefined | null {
	return instantOnDate(raw, '00:00:00.000');
}

/** What was typed into the assignment form, as text, to show it again beside its errors. */
export function assignmentFormValues(form: FormData) {
	const text = (name: string) => String(form.get(name) ?? '');
	return {
		scenarioIds: form.getAll('scenarioId').map(String),
		title: text('title'),
		mode: text('mode'),
		opensDate: text('opensDate'),
		dueDate: text('dueDate'),
		passMark: text('passMark'),
		attemptLimit: text('attemptLimit')
	};
}

/** Reads and checks the assignment form; with `requireScenarios` false, for editing one row. */
export function readAssignmentForm(
	form: FormData,
	requireScenarios = true
): { input?: AssignmentInput; errors: AssignmentErrors } {
	const errors: AssignmentErrors = {};
	const scenarioIds = [...new Set(form.getAll('scenarioId').map(String))];
	if (requireScenarios) {
		if (scenarioIds.length === 0) errors.scenarioIds = 'Choose at least one scenario.';
		else if (scenarioIds.some((id) => !findScenario(id)))
			errors.scenarioIds = 'One of the chosen scenarios is not in the library any more.';
	}
	const title = String(form.get('title') ?? '').trim();
	if (title.length > TITLE_MAX) errors.title = `Keep the title under ${TITLE_MAX} characters.`;
	const mode = String(form.get('mode') ?? '');
	if (mode !== 'practice' && mode !== 'assessment') errors.mode = 'Choose practice or assessment.';
	const opensAt = opensAtFromDate(String(form.get('opensDate') ?? ''));
	if (opensAt === null) errors.opensAt = 'Enter the opening date as a date, or leave it empty.';
	const dueAt = dueAtFromDate(String(form.get('dueDate') ?? ''));
	if (dueAt === null) errors.dueAt = 'Enter the due date as a date, or leave it empty.';
	if (opensAt && dueAt && opensAt > dueAt)
		errors.opensAt = 'The opening date must be on or before the due date.';
	const passMark = wholeNumber(String(form.get('passMark') ?? ''), 0, 100);
	if (passMark === null)
		errors.passMark = 'The pass mark is a whole number from 0 to 100, or empty.';
	const attemptLimit = wholeNumber(String(form.get('attemptLimit') ?? ''), 1, 100);
	if (attemptLimit === null)
		errors.attemptLimit =
			'The attempt limit is a whole number from 1 to 100, or empty for no limit.';
	if (Object.keys(errors).length > 0) return { errors };
	return {
		errors,
		input: {
			scenarioIds,
			mode: mode as AttemptMode,
			...(title ? { title } : {}),
			...(typeof opensAt === 'string' ? { opensAt } : {}),
			...(typeof dueAt === 'string' ? { dueAt } : {}),
			...(typeof passMark === 'number' ? { passMark } : {}),
			...(typeof attemptLimit === 'number' ? { attemptLimit } : {})
		}
	};
}

/** Refused: a chosen scenario is already assigned to the cohort with the same dates. */
export class AssignmentConflictError extends Error {
	constructor(readonly scenarioIds: string[]) {
		const titles = scenarioIds.map((id) => `“${knownScenario(id)?.scenario.title ?? id}”`);
		super(
			`${titles.join(', ')} ${titles.length === 1 ? 'is' : 'are'} already assigned to this cohort with the same dates. Change the dates, or edit the existing assignment instead.`
		);
		this.name = 'AssignmentConflictError';
	}
}

/**
 * Creates one assignment per chosen scenario. The same scenario twice with the same opening and
 * due dates would be two identical rows a trainee cannot tell apart, each with its own attempt
 * limit: refused with AssignmentConflictError, and nothing is created.
 */
export async function createAssignments(
	store: Store,
	cohort: Cohort,
	input: AssignmentInput,
	actor: PublicUser
): Promise<Assignment[]> {
	const existing = await store.listAssignments({ cohortId: cohort.id });
	const twice = input.scenarioIds.filter((id) =>
		existing.some(
			(a) => a.scenarioId === id && a.opensAt === input.opensAt && a.dueAt === input.dueAt
		)
	);
	if (twice.length > 0) throw new AssignmentConflictError(twice);
	const setId = crypto.randomUUID();
	const made: Assignment[] = [];
	for (const scenarioId of input.scenarioIds) {
		const assignment = await store.createAssignment({
			cohortId: cohort.id,
			scenarioId,
			mode: input.mode,
			createdBy: actor.id,
			setId,
			...(input.title ? { title: input.title } : {}),
			...(input.opensAt ? { opensAt: input.opensAt } : {}),
			...(input.dueAt ? { dueAt: input.dueAt } : {}),
			...(input.passMark !== undefined ? { passMark: input.passMark } : {}),
			...(input.attemptLimit !== undefined ? { attemptLimit: input.attemptLimit } : {})
		});
		await store.appendAudit({
			actorId: actor.id,
			action: 'assignment.create',
			targetType: 'assignment',
			targetId: assignment.id,
			detail: { cohortId: cohort.id }
		});
		made.push(assignment);
	}
	return made;
}

/** Changes one assignment's settings (not its scenario). Blank fields clear the setting. */
export async function updateAssignmentSettings(
	store: Store,
	assignment: Assignment,
	input: AssignmentInput,
	actor: PublicUser
): Promise<Assignment> {
	// Clearing is done by setting undefined: the store copies the patch over the record.
	const updated = await store.updateAssignment(assignment.id, {
		mode: input.mode,
		title: input.title,
		opensAt: input.opensAt,
		dueAt: input.dueAt,
		passMark: input.passMark,
		attemptLimit: input.attemptLimit
	});
	await store.appendAudit({
		actorId: actor.id,
		action: 'assignment.update',
		targetType: 'assignment',
		targetId: assignment.id,
		// Verdicts are worked out when shown (pass-mark.ts), so a new mark re-judges every attempt
		// made for the assignment at once; the log keeps what it was, to explain a changed verdict.
		detail: {
			cohortId: assignment.cohortId,
			...(assignment.passMark !== input.passMark
				? { passMark: { old: assignment.passMark ?? null, new: input.passMark ?? null } }
				: {})
		}
	});
	return updated;
}

/** Removes an assignment nobody has started; one with attempts stays (they would lose it). */
/**
 * Deletes an assignment nobody has attempted. `confirmed`: the instructor typed its scenario's
 * title (a destructive action); asked only once the assignment could go at all.
 */
export async function removeAssignment(
	store: Store,
	assignment: Assignment,
	actor: PublicUser,
	confirmed: boolean
): Promise<{ removed: boolean; attempts: number }> {
	const attempts = (await store.listAttempts({ assignmentId: assignment.id })).length;
	if (attempts > 0 || !confirmed) return { removed: false, attempts };
	await store.deleteAssignment(assignment.id);
	await store.appendAudit({
		actorId: actor.id,
		action: 'assignment.delete',
		targetType: 'assignment',
		targetId: assignment.id,
		detail: { cohortId: assignment.cohortId }
	});
	return { removed: true, attempts: 0 };
}

/** The assignment in this cohort, or undefined. */
export async function cohortAssignment(store: Store, cohort: Cohort, assignmentId: string) {
	const assignment = await store.getAssignment(assignmentId);
	return assignment && assignment.cohortId === cohort.id ? assignment : undefined;
}

export function scenarioTitle(scenarioId: string): string {
	return knownScenario(scenarioId)?.scenario.title ?? scenarioId;
}

export interface TraineeAssignment {
	id: string;
	cohortName: string;
	title?: string;
	scenarioId: string;
	scenarioTitle: string;
	/** False when the scenario has left the library: it cannot be started. */
	available: boolean;
	mode: AttemptMode;
	dueAt?: string;
	passMark: PassMark;
	status: AssignmentStatus;
	best?: number;
	attemptsUsed: number;
	attemptsLeft?: number;
	/** An unfinished attempt for it, to continue. */
	activeAttemptId?: string;
}

const STATUS_ORDER: Record<AssignmentStatus, number> = {
	overdue: 0,
	'in-progress': 1,
	'not-started': 2,
	'not-yet-passed': 3,
	passed: 4
};

/** A trainee's assignments over every cohort they are on, most urgent first. */
export async function traineeAssignments(
	store: Store,
	user: PublicUser,
	now = new Date()
): Promise<TraineeAssignment[]> {
	const cohorts = (await store.listCohorts()).filter(
		(c) => !c.archived && c.memberIds.includes(user.id)
	);
	if (cohorts.length === 0) return [];
	const attempts = await store.listAttemptsByUser(user.id);
	const list: TraineeAssignment[] = [];
	for (const cohort of cohorts) {
		for (const a of await store.listAssignments({ cohortId: cohort.id })) {
			if (a.opensAt && Date.parse(a.opensAt) > now.getTime()) continue;
			// An unpublished scenario keeps its title and mark here, but cannot be started.
			const found = knownScenario(a.scenarioId);
			const passMark = passMarkOf(a, found?.scenario.pass);
			const mine = countedAttempts(attempts, a.id);
			const active = mine.find(
				(t) => t.status === 'active' && t.scenarioHash === found?.scenario.hash
			);
			const best = bestScore(attempts, a.id);
			const left = attemptsLeft(a, user.id, attempts);
			list.push({
				id: a.id,
				cohortName: cohort.name,
				...(a.title ? { title: a.title } : {}),
				scenarioId: a.scenarioId,
				scenarioTitle: found?.scenario.title ?? a.scenarioId,
				available: findScenario(a.scenarioId) !== undefined,
				mode: a.mode,
				...(a.dueAt ? { dueAt: a.dueAt } : {}),
				passMark,
				status: assignmentStatus({ assignment: a, passMark, attempts, now }),
				...(best !== undefined ? { best } : {}),
				attemptsUsed: mine.length,
				...(left !== undefined ? { attemptsLeft: left } : {}),
				...(active ? { activeAttemptId: active.id } : {})
			});
		}
	}
	return list.sort(
		(x, y) =>
			STATUS_ORDER[x.status] - STATUS_ORDER[y.status] ||
			(x.dueAt ?? '9999').localeCompare(y.dueAt ?? '9999') ||
			x.scenarioTitle.localeCompare(y.scenarioTitle)
	);
}

// Starting is checked and recorded per trainee one at a time, so two quick posts cannot both
// squeeze under the attempt limit.
const starting = new Map<string, Promise<unknown>>();
function oneAtATimeFor<T>(key: string, work: () => Promise<T>): Promise<T> {
	const before = starting.get(key) ?? Promise.resolve();
	const run = before.then(work, work);
	const settled = run.catch(() => {});
	starting.set(key, settled);
	void settled.then(() => {
		if (starting.get(key) === settled) starting.delete(key);
	});
	return run;
}

/**
 * Starts (or continues) the trainee's attempt at an assignment: the attempt records the
 * assignment, takes its mode, and counts against its limit. An unfinished attempt on the current
 * version is returned instead of starting another, so a double click costs nothing.
 */
export function startAssignment(
	store: Store,
	user: PublicUser,
	assignmentId: string,
	scenarioId: string,
	now = new Date()
): Promise<Attempt> {
	return oneAtATimeFor(user.id, async () => {
		const assignment = await store.getAssignment(assignmentId);
		const cohort = assignment && (await store.getCohort(assignment.cohortId));
		if (
			!assignment ||
			!cohort ||
			assignment.scenarioId !== scenarioId ||
			!cohort.memberIds.includes(user.id)
		)
			throw new AttemptError(404, 'No such assignment.');
		if (cohort.archived) throw new AttemptError(409, 'This cohort is archived.');
		if (assignment.opensAt && Date.parse(assignment.opensAt) > now.getTime())
			throw new AttemptError(409, 'This assignment has not opened yet.');
		const found = findScenario(scenarioId);
		if (!found) throw new AttemptError(404, 'No such scenario.');
		const attempts = await store.listAttemptsByUser(user.id);
		const active = countedAttempts(attempts, assignment.id).find(
			(a) => a.status === 'active' && a.scenarioHash === found.scenario.hash
		);
		if (active) return active;
		const left = attemptsLeft(assignment, user.id, attempts);
		if (left === 0) {
			const allowed = assignment.attemptLimit! + (assignment.extraAttempts?.[user.id] ?? 0);
			throw new AttemptError(
				409,
				`You have used all ${allowed} attempt${allowed === 1 ? '' : 's'} for this assignment. Ask your instructor if you need another.`
			);
		}
		return startAttempt(store, user, scenarioId, assignment.mode, { assignmentId: assignment.id });
	});
}

/**
 * Where every trainee on the roster stands on one assignment, for its page: status, best score,
 * attempts left and each attempt (reset ones marked), by display name.
 */
export async function assignmentProgress(
	store: Store,
	cohort: Cohort,
	assignment: Assignment,
	now = new Date()
) {
	const passMark = passMarkOf(assignment, knownScenario(assignment.scenarioId)?.scenario.pass);
	const members = new Set(cohort.memberIds);
	const assigned = new Set([assignment.id]);
	const trainees = [];
	for (const u of (await store.listUsers()).filter((u) => members.has(u.id))) {
		const attempts = (await store.listAttemptsByUser(u.id))
			.filter((a) => isCohortWork(a, cohort, assigned))
			.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
		trainees.push({
			id: u.id,
			displayName: u.displayName,
			status: assignmentStatus({ assignment, passMark, attempts, now }),
			best: bestScore(attempts, assignment.id) ?? null,
			left: attemptsLeft(assignment, u.id, attempts) ?? null,
			extra: assignment.extraAttempts?.[u.id] ?? 0,
			attempts: attempts.map((a) => ({
				id: a.id,
				status: a.status,
				startedAt: a.startedAt,
				score: scoreOf(a) ?? null,
				voided: a.voided ? { at: a.voided.at, reason: a.voided.reason } : null
			}))
		});
	}
	trainees.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return { passMark, trainees };
}
