import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { previewHref } from '$lib/studio/preview-query';
import { requireUser } from '$lib/server/auth/guard';
import { studioFile } from '$lib/server/scenario-library';
import { getStore } from '$lib/server/store';
import {
	authorNames,
	canShareDraft,
	checkSource,
	conflictMessage,
	currentRevision,
	draftFor,
	publishDraft,
	saveIfChanged,
	type SaveOutcome,
	saveDraft,
	setCoAuthors,
	STUDIO_ROLES,
	StudioError,
	studioPanels
} from '$lib/server/studio';
import { toProblem } from '$lib/studio/problems';
import { orHttpError } from '$lib/server/studio-http';
import { unpublishScenario } from '$lib/server/studio-history';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, STUDIO_ROLES);
	const store = await getStore();
	const draft = await orHttpError(() => draftFor(store, user, event.params.id));
	const names = await authorNames(store, [
		draft.ownerId,
		...draft.revisions.map((r) => r.authorId)
	]);
	const current = currentRevision(draft);
	const file = studioFile(draft.scenarioId);
	const check = checkSource(current.source, file);
	const shown = Number(event.url.searchParams.get('revision'));
	const viewing = draft.revisions.find((r) => r.number === shown && r.number !== draft.current);
	const publication = draft.publications.at(-1);
	const coAuthors = [];
	for (const id of draft.coAuthorIds) {
		const found = await store.getUser(id);
		if (found) coAuthors.push({ username: found.username, displayName: found.displayName });
	}
	return {
		owner: draft.ownerId === user.id ? 'you' : (names.get(draft.ownerId) ?? 'someone'),
		coAuthors,
		canShare: canShareDraft(user, draft),
		draft: {
			id: draft.id,
			title: draft.title,
			scenarioId: draft.scenarioId,
			current: draft.current,
			source: current.source
		},
		// The file name the server compiles under, so the editor's checker reports the same.
		file: studioFile(draft.scenarioId),
		problems: check.diagnostics.map(toProblem),
		errors: check.errors,
		...studioPanels(current.source, file, check),
		revisions: draft.revisions
			.map((r) => ({
				number: r.number,
				author: names.get(r.authorId) ?? 'someone',
				savedAt: r.savedAt,
				conflict: r.conflict ?? null,
				published: draft.publications.some((p) => p.revision === r.number)
			}))
			.reverse(),
		viewing: viewing ? { number: viewing.number, source: viewing.source } : null,
		published: publication ? { revision: publication.revision, at: publication.publishedAt } : null,
		unpublished: draft.unpublished ? { at: draft.unpublished.at } : null
	};
};

/**
 * The posted form, or a message when it cannot be read: a text past the server's request limit
 * (BODY_SIZE_LIMIT) fails here, before the studio's own 1 MB check can say so.
 */
async function readForm(event: RequestEvent) {
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return fail(413, {
			message:
				'The text is too large for the server to accept: nothing was saved. A scenario may ' +
				'be at most 1 MB, and a server accepts form posts only up to its BODY_SIZE_LIMIT ' +
				'(4 MB as `npm start` sets it). Split it into several scenarios.'
		});
	}
	const source = form.get('source');
	const basedOn = Number(form.get('basedOn'));
	if (typeof source !== 'string')
		return fail(400, { message: 'The form did not include the scenario source.' });
	// Browsers send textarea lines with CRLF; keep the text as the author sees it.
	return { source: source.replace(/\r\n?/g, '\n'), basedOn };
}

/** A refusal, with the posted text and its base, so the page gives the author's text back. */
function answer(e: unknown, posted: { source: string; basedOn: number }) {
	if (e instanceof StudioError) return fail(e.status, { message: e.message, ...posted });
	throw e;
}

/** A save from a stale copy: kept aside, and the author's text shown beside the current one. */
function refusedAsStale(saved: SaveOutcome, source: string) {
	return fail(409, {
		message: conflictMessage(saved),
		conflict: { revision: saved.revision.number, source }
	});
}

export const actions: Actions = {
	unpublish: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		try {
			await unpublishScenario(await getStore(), user, event.params.id);
			return { unpublishedNow: true };
		} catch (e) {
			if (e instanceof StudioError) return fail(e.status, { message: e.message });
			throw e;
		}
	},
	share: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		const usernames = String((await event.request.formData()).get('coAuthors') ?? '');
		try {
			await setCoAuthors(await getStore(), user, event.params.id, usernames);
			return { shared: true };
		} catch (e) {
			if (e instanceof StudioError) return fail(e.status, { message: e.message, usernames });
			throw e;
		}
	},
	save: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		const posted = await readForm(event);
		if ('status' in posted) return posted;
		try {
			const saved = await saveDraft(
				await getStore(),
				user,
				event.params.id,
				posted.source,
				posted.basedOn
			);
			if (saved.conflict) return refusedAsStale(saved, posted.source);
			return { saved: saved.revision.number };
		} catch (e) {
			return answer(e, posted);
		}
	},
	// Previews the text in the editor, saved first if it differs from the current revision: a
	// preview plays a stored revision, so its address names it and nothing typed is lost.
	preview: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		const posted = await readForm(event);
		if ('status' in posted) return posted;
		let revision: number;
		try {
			const kept = await saveIfChanged(
				await getStore(),
				user,
				event.params.id,
				posted.source,
				posted.basedOn
			);
			if (kept.conflict) return refusedAsStale(kept.conflict, posted.source);
			revision = kept.revision;
		} catch (e) {
			return answer(e, posted);
		}
		redirect(303, previewHref(event.params.id, { revision, meters: {}, flags: [], choices: [] }));
	},
	// Publishes the text in the editor: saved first if it differs from the current revision.
	publish: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		const posted = await readForm(event);
		if ('status' in posted) return posted;
		const store = await getStore();
		try {
			const kept = await saveIfChanged(store, user, event.params.id, posted.source, posted.basedOn);
			if (kept.conflict) return refusedAsStale(kept.conflict, posted.source);
			// Unchanged text is published only if it is still the revision the author opened.
			const revision = kept.saved ? kept.revision : posted.basedOn;
			const published = await publishDraft(store, user, kept.draft.id, revision);
			return { publishedRevision: revision, scenarioId: published.scenarioId };
		} catch (e) {
			return answer(e, posted);
		}
	}
};
