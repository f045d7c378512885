import { StoreConflictError } from './errors';
import type {
	DraftPublication,
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
		revisions: [{ number: 1, source: input.source, authorId: input.ownerId, savedAt: now }],
		// Its own, unique by construction, so no library file or other draft can ever take it.
		scenarioId: `studio-${id.toLowerCase()}`,
		publications: []
	};
}

/** Appends the save to `draft` (in place) and returns what was saved. */
export function applySave(draft: ScenarioDraft, save: DraftSave, now: string): SavedDraft {
	const number = draft.revisions.length + 1;
	const stale = save.basedOn !== draft.current;
	const revision = {
		number,
		source: save.source,
		authorId: save.authorId,
		savedAt: now,
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
	return draft;
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
	return { draftId: draft.id, scenarioId: draft.scenarioId, publication, source: revision.source };
}
