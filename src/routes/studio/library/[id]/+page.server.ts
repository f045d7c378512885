import { requireUser } from '$lib/server/auth/guard';
import { STUDIO_ROLES } from '$lib/server/studio';
import { orHttpError } from '$lib/server/studio-http';
import { libraryScenario } from '$lib/server/studio-history';
import type { PageServerLoad } from './$types';

/** A library or SCENARIOS_DIR scenario, read-only: its text and problems, to duplicate. */
export const load: PageServerLoad = async (event) => {
	requireUser(event, STUDIO_ROLES);
	const { entry, source } = await orHttpError(() => libraryScenario(event.params.id));
	return {
		id: entry.id,
		file: entry.file,
		title: entry.scenario?.title ?? entry.file,
		origin: entry.origin,
		playable: entry.scenario !== undefined,
		source,
		problems: entry.diagnostics.map((d) => ({
			where: `${d.line}:${d.column}`,
			severity: d.severity,
			code: d.code,
			message: d.message,
			hint: d.hint ?? ''
		}))
	};
};
