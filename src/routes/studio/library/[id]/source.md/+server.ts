import { strToU8 } from 'fflate';
import { requireUser } from '$lib/server/auth/guard';
import { STUDIO_ROLES } from '$lib/server/studio';
import { orHttpError } from '$lib/server/studio-http';
import { downloadResponse, libraryScenario } from '$lib/server/studio-history';
import type { RequestHandler } from './$types';

/** A library or SCENARIOS_DIR scenario's file, as a download. */
export const GET: RequestHandler = async (event) => {
	requireUser(event, STUDIO_ROLES);
	const { entry, source } = await orHttpError(() => libraryScenario(event.params.id));
	const name = entry.file.split('/').pop() ?? `${entry.id}.md`;
	return downloadResponse({ name, type: 'text/markdown; charset=utf-8', body: strToU8(source) });
};
