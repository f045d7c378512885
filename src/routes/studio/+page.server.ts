import { fail, redirect } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { getStore } from '$lib/server/store';
import {
	authorNames,
	createDraft,
	duplicateScenario,
	libraryScenarios,
	STUDIO_ROLES,
	studioDrafts,
	StudioError,
	TEMPLATE
} from '$lib/server/studio';
import { importDraft } from '$lib/server/studio-history';
import { MAX_BYTES } from '$lib/scenarios';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, STUDIO_ROLES);
	const store = await getStore();
	const drafts = await studioDrafts(store, user);
	const names = await authorNames(
		store,
		drafts.map((d) => d.ownerId)
	);
	return {
		drafts: drafts.map((d) => ({
			id: d.id,
			title: d.title,
			revision: d.current,
			updatedAt: d.updatedAt,
			owner: d.ownerId === user.id ? 'you' : (names.get(d.ownerId) ?? 'someone'),
			published: d.publications.at(-1)?.revision ?? null,
			unpublished: d.unpublished !== undefined,
			scenarioId: d.scenarioId
		})),
		library: libraryScenarios().map((e) => ({
			id: e.id,
			file: e.file,
			title: e.scenario?.title ?? null,
			origin: e.origin
		})),
		maxBytes: MAX_BYTES
	};
};

function fromStudioError(e: unknown) {
	if (e instanceof StudioError) return fail(e.status, { message: e.message });
	throw e;
}

export const actions: Actions = {
	create: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		const draft = await createDraft(await getStore(), user, TEMPLATE);
		redirect(303, `/studio/${draft.id}`);
	},
	duplicate: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		const scenarioId = String((await event.request.formData()).get('scenario') ?? '');
		let draftId: string;
		try {
			draftId = (await duplicateScenario(await getStore(), user, scenarioId)).id;
		} catch (e) {
			return fromStudioError(e);
		}
		redirect(303, `/studio/${draftId}`);
	},
	// A `.md` file uploaded: a new draft of its text, whatever the compiler says (see Problems).
	import: async (event) => {
		const user = requireUser(event, STUDIO_ROLES);
		let form: FormData;
		try {
			form = await event.request.formData();
		} catch {
			return fail(413, {
				message:
					'The file is too large for the server to accept: nothing was imported. A scenario ' +
					'file may be at most 1 MB.'
			});
		}
		const file = form.get('file');
		if (!(file instanceof File) || (file.size === 0 && file.name === ''))
			return fail(400, { message: 'Choose a scenario file (.md) to import.' });
		let draftId: string;
		try {
			const bytes = new Uint8Array(await file.arrayBuffer());
			draftId = (await importDraft(await getStore(), user, file.name, bytes)).id;
		} catch (e) {
			return fromStudioError(e);
		}
		redirect(303, `/studio/${draftId}?imported=1`);
	}
};
