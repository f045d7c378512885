/**
 * A studio preview's whole state, in its address: which revision, where it started (a beat, the
 * meters and flags set by hand) and the choices made since. Nothing is stored, so a preview is
 * never an attempt; the page replays the state on every request, with or without JavaScript
 * (each choice is a GET form that adds one `c`). Pure, so the page builds links with it too.
 */

export interface PreviewQuery {
	revision?: number;
	/** The beat to start at; absent: the scenario's start. */
	from?: string;
	/** Meters set by hand; the others keep their `start`. */
	meters: Record<string, number>;
	flags: string[];
	/** Choice ids, in order. */
	choices: string[];
}

const METER = 'm.';

export function readPreviewQuery(params: URLSearchParams): PreviewQuery {
	const meters: Record<string, number> = {};
	for (const [key, value] of params)
		if (key.startsWith(METER) && value.trim() !== '')
			meters[key.slice(METER.length)] = Number(value);
	const revision = Number(params.get('revision'));
	const from = params.get('from');
	return {
		...(Number.isInteger(revision) && revision > 0 ? { revision } : {}),
		...(from ? { from } : {}),
		meters,
		flags: params.getAll('flag').filter(Boolean),
		choices: params.getAll('c').filter(Boolean)
	};
}

/** The query's fields as name/value pairs, in order: hidden inputs, or a link's search. */
export function previewFields(query: PreviewQuery): [string, string][] {
	return [
		...(query.revision !== undefined
			? [['revision', String(query.revision)] as [string, string]]
			: []),
		...(query.from !== undefined ? [['from', query.from] as [string, string]] : []),
		...Object.entries(query.meters).map(
			([k, v]) => [`${METER}${k}`, String(v)] as [string, string]
		),
		...query.flags.map((f) => ['flag', f] as [string, string]),
		...query.choices.map((c) => ['c', c] as [string, string])
	];
}

/** The preview page's address for this state. */
export function previewHref(draftId: string, query: PreviewQuery, hash = ''): string {
	const search = new URLSearchParams(previewFields(query)).toString();
	return `/studio/${encodeURIComponent(draftId)}/preview${search ? `?${search}` : ''}${hash}`;
}

/** The form field name of a meter's value. */
export const meterField = (name: string) => `${METER}${name}`;
