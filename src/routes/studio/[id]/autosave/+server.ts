import { json } from '@sveltejs/kit';
import { requireUser } from '$lib/server/auth/guard';
import { getStore } from '$lib/server/store';
import { STUDIO_ROLES, StudioError } from '$lib/server/studio';
import { autosaveConflictMessage, autosaveDraft } from '$lib/server/studio-history';
import type { RequestHandler } from './$types';

/**
 * The studio's autosave: `{ source, basedOn, sitting }` as JSON, sent after a few seconds of idle
 * typing and when the page is left (fetch with keepalive). JSON only, from this site only: a
 * cross-site page cannot send JSON without a preflight this endpoint never grants, and the
 * Origin check refuses it outright.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event, STUDIO_ROLES);
	const { request, url } = event;
	if (request.headers.get('origin') !== url.origin)
		return json({ message: 'Cross-site autosaves are refused.' }, { status: 403 });
	if (!request.headers.get('content-type')?.startsWith('application/json'))
		return json({ message: 'An autosave is sent as JSON.' }, { status: 415 });
	let body: { source?: unknown; basedOn?: unknown; sitting?: unknown };
	try {
		body = await request.json();
	} catch {
		return json(
			{
				message:
					'the text is too large for the server to accept (or the request was cut short); ' +
					'use Save draft, and split it if it is over 1 MB'
			},
			{ status: 413 }
		);
	}
	if (typeof body.source !== 'string' || typeof body.basedOn !== 'number')
		return json(
			{ message: 'the autosave did not include the text and its revision' },
			{ status: 400 }
		);
	try {
		const saved = await autosaveDraft(
			await getStore(),
			user,
			event.params.id,
			body.source.replace(/\r\n?/g, '\n'),
			body.basedOn,
			String(body.sitting ?? '')
		);
		if (saved.conflict)
			return json(
				{
					status: 'conflict',
					revision: saved.revision.number,
					current: saved.draft.current,
					message: autosaveConflictMessage(saved)
				},
				{ status: 409 }
			);
		return json({
			status: saved.unchanged ? 'unchanged' : 'saved',
			revision: saved.revision.number,
			savedAt: saved.revision.savedAt
		});
	} catch (e) {
		if (e instanceof StudioError) return json({ message: e.message }, { status: e.status });
		throw e;
	}
};
