import { fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { getStore } from '$lib/server/store';
import {
	authorNames,
	conflictMessage,
	draftFor,
	STUDIO_ROLES,
	StudioError
} from '$lib/server/studio';
import { orHttpError } from '$lib/server/studio-http';
import { restoreRevision } from '$lib/server/studio-history';
import { diffTexts } from '$lib/studio/diff';
import { revisionKind } from '$lib/studio/revision-label';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, STUDIO_ROLES);
	const store = await getStore();
	const draft = await orHttpError(() => draftFor(store, user, event.params.id));
	const names = await authorNames(
		store,
		draft.revisions.map((r) => r.authorId)
	);
	const numbers = draft.revisions.map((r) => r.number);
	const pick = (name: string, fallback: number) => {
		const n = Number(event.url.searchParams.get(name));
		return numbers.includes(n) ? n : fallback;
	};
	// By default: what the current revision changed from the one saved before it.
	const to = pick('to', draft.current);
	const before = numbers.filter((n) => n < to);
	const from = pick('from', before.length > 0 ? before[before.length - 1] : to);
	const textOf = (n: number) => draft.revisions.find((r) => r.number === n)!.source;
	const published = new Set(draft.publications.map((p) => p.revision));
	return {
		draft: { id: draft.id, title: draft.title, current: draft.current },
		revisions: draft.revisions
			.map((r) => ({
				number: r.number,
				author: names.get(r.authorId) ?? 'someone',
				savedAt: r.savedAt,
				kind: revisionKind(r),
				published: published.has(r.number)
			}))
			.reverse(),
		from,
		to,
		diff: diffTexts(textOf(from), textOf(to))
	};
};

export const actions: Actions = {
	restore: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		const form = await event.request.formData();
		const number = Number(form.get('revision'));
		const basedOn = Number(form.get('basedOn'));
		let restored;
		try {
			restored = await restoreRevision(await getStore(), user, event.params.id, number, basedOn);
		} catch (e) {
			if (e instanceof StudioError) return fail(e.status, { message: e.message });
			throw e;
		}
		// Saved at the same moment as another save: kept aside, like any stale save.
		if (restored.conflict) return fail(409, { message: conflictMessage(restored) });
		// Back on the history page, showing what the restore changed.
		redirect(
			303,
			`/studio/${event.params.id}/history?from=${basedOn}&to=${restored.revision.number}&restored=${number}`
		);
	}
};
