import { requireUser } from '$lib/server/auth/guard';
import { currentEntries } from '$lib/server/scenario-library';
import type { PageServerLoad } from './$types';

/** For authors: every scenario file the server found, with what the compiler said about it. */
export const load: PageServerLoad = async (event) => {
	requireUser(event, ['instructor', 'admin']);
	const entries = (await currentEntries()).map((e) => ({
		id: e.id,
		file: e.file,
		origin: e.origin,
		title: e.scenario?.title ?? null,
		playable: !!e.scenario,
		errors: e.diagnostics.filter((d) => d.severity === 'error').length,
		warnings: e.diagnostics.filter((d) => d.severity === 'warning').length,
		diagnostics: e.diagnostics.map((d) => ({
			where: `${d.line}:${d.column}`,
			severity: d.severity,
			code: d.code,
			message: d.message,
			hint: d.hint ?? ''
		}))
	}));
	return {
		entries,
		folder: process.env.SCENARIOS_DIR ? 'SCENARIOS_DIR' : null
	};
};
