import { passes, type PassMark } from '../pass-mark';
import { statusFrom, type AssignmentStatus } from '../programmes/status';
import { derived, type AttemptFacts } from './trainee-facts';

/**
 * The cohort dashboard's matrix: one row per trainee, one column per assignment (one scenario
 * each). A cell holds the best score among the trainee's finished attempts for that assignment
 * (attempts carry their assignment's mode, so an assessment column holds assessment scores) and
 * its status, by the same rule as the trainee's home page (docs/programmes-model.md): passed,
 * else overdue once the due date has gone by, else in progress, not yet passed or not started.
 * Attempts an instructor reset are left out.
 */

export interface AssignmentColumn {
	id: string;
	scenarioId: string;
	/** The scenario's title. */
	title: string;
	/** The title of the set the assignment was made in, when it has one. */
	setTitle?: string;
	mode: 'practice' | 'assessment';
	passMark: PassMark;
	dueAt?: string;
}

export interface Trainee {
	id: string;
	username: string;
	displayName: string;
}

export type CellStatus = AssignmentStatus;

export interface MatrixCell {
	assignmentId: string;
	status: CellStatus;
	best: number | null;
	bestAttemptId?: string;
	passed: boolean;
	overdue: boolean;
	attempts: number;
}

export interface MatrixRow {
	trainee: Trainee;
	cells: MatrixCell[];
	passed: number;
	overdue: number;
	/** Mean of the trainee's best scores over the assignments they have a score in. */
	mean: number | null;
}

export interface ColumnSummary {
	assignmentId: string;
	passed: number;
	overdue: number;
	started: number;
	meanBest: number | null;
}

/** What a trainee did for each assignment, before pass marks and dates are applied. */
interface Tally {
	best: number | null;
	bestAttemptId?: string;
	count: number;
	active: boolean;
}

function talliesOf(attempts: readonly AttemptFacts[]): Map<string, Tally> {
	const tallies = new Map<string, Tally>();
	for (const a of attempts) {
		// As countedAttempts: reset attempts and "what if" replays count for no assignment.
		if (!a.assignmentId || a.voided || a.whatIf) continue;
		let tally = tallies.get(a.assignmentId);
		if (!tally) tallies.set(a.assignmentId, (tally = { best: null, count: 0, active: false }));
		tally.count++;
		if (a.status === 'active') tally.active = true;
		if (a.status !== 'completed' || !a.result) continue;
		if (tally.best === null || a.result.normalised > tally.best) {
			tally.best = a.result.normalised;
			tally.bestAttemptId = a.id;
		}
	}
	return tallies;
}

const NOTHING: Tally = { best: null, count: 0, active: false };

function cellOf(column: AssignmentColumn, tally: Tally, now: string): MatrixCell {
	const { best, bestAttemptId, count, active } = tally;
	const status = statusFrom({
		passed: best !== null && passes(best, column.passMark),
		pastDue: !!column.dueAt && column.dueAt < now,
		active,
		started: count > 0
	});
	const passed = status === 'passed';
	const overdue = status === 'overdue';
	return {
		assignmentId: column.id,
		status,
		best,
		...(bestAttemptId ? { bestAttemptId } : {}),
		passed,
		overdue,
		attempts: count
	};
}

export function cohortMatrix(input: {
	trainees: readonly Trainee[];
	columns: readonly AssignmentColumn[];
	attemptsOf: (userId: string) => readonly AttemptFacts[];
	now: string;
}): MatrixRow[] {
	return input.trainees.map((trainee) => {
		const attempts = input.attemptsOf(trainee.id);
		const tallies = derived(attempts, 'tallies', () => talliesOf(attempts));
		const cells = input.columns.map((c) => cellOf(c, tallies.get(c.id) ?? NOTHING, input.now));
		const scored = cells.filter((c) => c.best !== null).map((c) => c.best!);
		return {
			// Only these fields: a scope's trainees also carry pseudonyms, which stay in the exports.
			trainee: { id: trainee.id, username: trainee.username, displayName: trainee.displayName },
			cells,
			passed: cells.filter((c) => c.passed).length,
			overdue: cells.filter((c) => c.overdue).length,
			mean: scored.length ? Math.round(scored.reduce((s, x) => s + x, 0) / scored.length) : null
		};
	});
}

export function columnSummaries(
	rows: readonly MatrixRow[],
	columns: readonly AssignmentColumn[]
): ColumnSummary[] {
	return columns.map((column, i) => {
		const cells = rows.map((r) => r.cells[i]);
		const scored = cells.filter((c) => c.best !== null).map((c) => c.best!);
		return {
			assignmentId: column.id,
			passed: cells.filter((c) => c.passed).length,
			overdue: cells.filter((c) => c.overdue).length,
			started: cells.filter((c) => c.attempts > 0).length,
			meanBest: scored.length ? Math.round(scored.reduce((s, x) => s + x, 0) / scored.length) : null
		};
	});
}

export type RowFilter = 'all' | 'overdue' | 'not-passed' | 'all-passed';
export const ROW_FILTERS: readonly RowFilter[] = ['all', 'overdue', 'not-passed', 'all-passed'];

export interface MatrixView {
	/** `name`, `username`, `passed`, `overdue`, `mean`, or an assignment id. */
	sort: string;
	dir: 'asc' | 'desc';
	show: RowFilter;
	q: string;
}

/** Reads the view from query parameters; anything unknown falls back to the default. */
export function matrixView(
	params: URLSearchParams,
	columns: readonly AssignmentColumn[]
): MatrixView {
	const sort = params.get('sort') ?? 'name';
	const known =
		['name', 'username', 'passed', 'overdue', 'mean'].includes(sort) ||
		columns.some((c) => c.id === sort);
	const show = params.get('show') as RowFilter;
	return {
		sort: known ? sort : 'name',
		dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
		show: ROW_FILTERS.includes(show) ? show : 'all',
		q: (params.get('q') ?? '').trim().slice(0, 100)
	};
}

const byName = (a: MatrixRow, b: MatrixRow) =>
	a.trainee.displayName.localeCompare(b.trainee.displayName) ||
	a.trainee.username.localeCompare(b.trainee.username);

/** Filters and sorts rows; rows without a figure to sort by go last in either direction. */
export function viewRows(
	rows: readonly MatrixRow[],
	columns: readonly AssignmentColumn[],
	view: MatrixView
): MatrixRow[] {
	const q = view.q.toLowerCase();
	const kept = rows.filter((r) => {
		if (
			q &&
			!r.trainee.displayName.toLowerCase().includes(q) &&
			!r.trainee.username.toLowerCase().includes(q)
		)
			return false;
		switch (view.show) {
			case 'overdue':
				return r.overdue > 0;
			case 'not-passed':
				return r.passed < columns.length;
			case 'all-passed':
				return r.passed === columns.length;
			default:
				return true;
		}
	});
	const column = columns.findIndex((c) => c.id === view.sort);
	const figure = (r: MatrixRow): number | null =>
		column >= 0
			? r.cells[column].best
			: view.sort === 'passed'
				? r.passed
				: view.sort === 'overdue'
					? r.overdue
					: view.sort === 'mean'
						? r.mean
						: null;
	const sign = view.dir === 'desc' ? -1 : 1;
	return kept.sort((a, b) => {
		if (view.sort === 'name') return sign * byName(a, b);
		if (view.sort === 'username')
			return sign * a.trainee.username.localeCompare(b.trainee.username);
		const x = figure(a);
		const y = figure(b);
		if (x === null && y === null) return byName(a, b);
		if (x === null) return 1;
		if (y === null) return -1;
		return sign * (x - y) || byName(a, b);
	});
}
