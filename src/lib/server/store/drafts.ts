import { StoreConflictError } from './errors';
import type {
	DraftErasure,
	DraftPublication,
	DraftRevision,
	DraftSave,
	DraftSummary,
	NewScenarioDraft,
	PublishedScenario,
	SavedDraft,
	ScenarioDraft
} from './types';

/**
 * The rules of drafts, shared by both stores so they cannot drift apart: how a save lands (or is
 * kept as a conflict), what a publication needs, and what a list shows. Each store reads and
 * writes the draft as one step around these.
 */

export function newDraft(input: NewScenarioDraft, id: string, now: string): ScenarioDraft {
	return {
		id,
		ownerId: input.ownerId,
		coAuthorIds: [...(input.coAuthorIds ?? [])],
		createdAt: now,
		title: input.title,
		current: 1,
		revisions: [
			{
				number: 1,
				source: input.source,
				authorId: input.ownerId,
				savedAt: now,
				...(input.kind ? { kind: input.kind } : {})
			}
		],
		// Its own, unique by construction, so no library file or other draft can ever take it.
		scenarioId: `studio-${id.toLowerCase()}`,
		publications: []
	};
}

/**
 * Whether an autosave takes the place of the draft's newest revision instead of adding one, so
 * history does not fill with a revision every few seconds: it does when that revision is the
 * current one, is an autosave by the same author from the same page visit (`sitting`), was
 * never published, and the save is based on it. Anything else in between (a Save draft, a
 * co-author's or another tab's save, a publication) ends the run, and the next autosave adds a
 * revision again. Only the newest revision is ever replaced, so nothing another save refers to
 * can change.
 */
export function replacesAutosave(draft: ScenarioDraft, save: DraftSave): boolean {
	const last = draft.revisions[draft.revisions.length - 1];
	return (
		save.kind === 'autosave' &&
		save.sitting !== undefined &&
		last.kind === 'autosave' &&
		last.sitting === save.sitting &&
		last.authorId === save.authorId &&
		last.number === draft.current &&
		save.basedOn === draft.current &&
		!draft.publications.some((p) => p.revision === last.number)
	);
}

/**
 * Whether a Save draft is of exactly the text the author's own autosave has just kept as the
 * current revision: then it marks that revision saved instead of adding a copy of it.
 */
export function confirmsAutosave(draft: ScenarioDraft, save: DraftSave): boolean {
	const last = draft.revisions[draft.revisions.length - 1];
	return (
		save.kind === undefined &&
		last.kind === 'autosave' &&
		last.number === draft.current &&
		save.basedOn === draft.current &&
		last.authorId === save.authorId &&
		last.source === save.source
	);
}

/**
 * Appends the save to `draft` (in place) and returns what was saved. An autosave that
 * `replacesAutosave` takes the newest revision's place under the next number, so a copy still
 * based on the replaced number is stale and its save is kept as a conflict, never lost.
 */
export function applySave(draft: ScenarioDraft, save: DraftSave, now: string): SavedDraft {
	const last = draft.revisions[draft.revisions.length - 1];
	if (confirmsAutosave(draft, save)) {
		// Save draft on the text an autosave already kept: that revision becomes an ordinary one.
		delete last.kind;
		delete last.sitting;
		draft.title = save.title;
		return { draft, revision: last };
	}
	const number = last.number + 1;
	if (replacesAutosave(draft, save)) draft.revisions.pop();
	const stale = save.basedOn !== draft.current;
	const revision: DraftRevision = {
		number,
		source: save.source,
		authorId: save.authorId,
		savedAt: now,
		...(save.kind ? { kind: save.kind } : {}),
		...(save.kind === 'autosave' && save.sitting ? { sitting: save.sitting } : {}),
		...(save.kind === 'restore' && save.restoredFrom ? { restoredFrom: save.restoredFrom } : {}),
		...(stale ? { conflict: { basedOn: save.basedOn, current: draft.current } } : {})
	};
	draft.revisions.push(revision);
	if (!stale) {
		draft.current = number;
		draft.title = save.title;
	}
	return { draft, revision };
}

/** Adds the publication to `draft` (in place), if `revision` is still the current one. */
export function applyPublication(
	draft: ScenarioDraft,
	publication: Omit<DraftPublication, 'publishedAt'>,
	now: string
): ScenarioDraft {
	if (publication.revision !== draft.current)
		throw new StoreConflictError(
			'draft-changed',
			`draft ${draft.id} is at revision ${draft.current}, not ${publication.revision}`
		);
	draft.publications.push({ ...publication, publishedAt: now });
	delete draft.unpublished;
	return draft;
}

/** Marks `draft` (in place) as taken out of the catalogue, if it is in it now. */
export function applyUnpublish(draft: ScenarioDraft, by: string, now: string): ScenarioDraft {
	if (draft.publications.length === 0 || draft.unpublished)
		throw new StoreConflictError('not-published', `draft ${draft.id} is not published`);
	draft.unpublished = { at: now, by };
	return draft;
}

export type DraftErasureStep = 'delete' | 'hand-over' | 'keep' | 'leave' | 'untouched';

/**
 * What erasing `userId`'s account does to one draft (changed in place): the user's own draft
 * passes to its first co-author when it has one (`hand-over`); otherwise, if it was ever
 * published, it stays (`keep`) with only its published revisions, so the catalogue and the
 * versions attempts were played on are unchanged, and admins can still unpublish or duplicate
 * it; a draft nobody else can edit and nobody has played is deleted (`delete`). On a draft
 * someone else owns, the user stops being a co-author (`leave`). Revisions keep their author's
 * id: it now names the erased account, whose name is "Erased trainee"-style anonymous.
 */
export function eraseDraftAuthor(draft: ScenarioDraft, userId: string): DraftErasureStep {
	if (draft.ownerId !== userId) {
		if (!draft.coAuthorIds.includes(userId)) return 'untouched';
		draft.coAuthorIds = draft.coAuthorIds.filter((id) => id !== userId);
		return 'leave';
	}
	const [heir, ...rest] = draft.coAuthorIds;
	if (heir !== undefined) {
		draft.ownerId = heir;
		draft.coAuthorIds = rest;
		return 'hand-over';
	}
	if (draft.publications.length === 0) return 'delete';
	const published = new Set(draft.publications.map((p) => p.revision));
	draft.revisions = draft.revisions.filter((r) => published.has(r.number));
	// The newest published revision becomes the current text: the rest was unpublished work.
	const last = draft.publications[draft.publications.length - 1];
	draft.current = last.revision;
	return 'keep';
}

/** Counts the steps of an erasure for its report. */
export function draftErasureReport(steps: readonly DraftErasureStep[]): DraftErasure {
	const count = (step: DraftErasureStep) => steps.filter((s) => s === step).length;
	return { deleted: count('delete'), handedOver: count('hand-over'), kept: count('keep') };
}

/** Sets the co-authors of `draft` (in place): each once, never the owner. */
export function applyCoAuthors(
	draft: ScenarioDraft,
	coAuthorIds: readonly string[]
): ScenarioDraft {
	draft.coAuthorIds = [...new Set(coAuthorIds)].filter((id) => id !== draft.ownerId);
	return draft;
}

export function isDraftAuthor(draft: ScenarioDraft, userId: string): boolean {
	return draft.ownerId === userId || draft.coAuthorIds.includes(userId);
}

export function summariseDraft(draft: ScenarioDraft): DraftSummary {
	const { revisions, ...rest } = draft;
	return {
		...rest,
		updatedAt: revisions[revisions.length - 1].savedAt,
		revisionCount: revisions.length
	};
}

export function publishedScenario(draft: ScenarioDraft): PublishedScenario | undefined {
	const publication = draft.publications[draft.publications.length - 1];
	if (!publication) return undefined;
	const revision = draft.revisions.find((r) => r.number === publication.revision);
	if (!revision) return undefined;
	return {
		draftId: draft.id,
		scenarioId: draft.scenarioId,
		publication,
		source: revision.source,
		unpublished: draft.unpublished !== undefined
	};
}
