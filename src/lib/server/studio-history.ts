import { strToU8, zipSync } from 'fflate';
import { MAX_BYTES } from '$lib/scenarios';
import { entrySource, refreshPublished } from './scenario-library';
import { StoreConflictError, type PublicUser, type ScenarioDraft, type Store } from './store';
import {
	createDraft,
	currentRevision,
	draftFor,
	libraryScenarios,
	saveDraft,
	StudioError,
	type SaveOutcome
} from './studio';

/**
 * The studio's "never lose work" side: autosaves, restoring a revision, importing a file,
 * downloading a revision or every scenario of an author, and unpublishing. Each goes through
 * the same access rule (`draftFor`) and the same stale-copy check (`saveDraft`) as Save draft.
 */

/** A page visit's id, made by the browser: letters, digits, `-` and `_`. */
const SITTING = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Saves the text by itself (idle typing, leaving the page). Like Save draft, a save from a stale
 * copy is kept as a conflict and never becomes current; a text equal to the revision it is based
 * on adds nothing. Within one page visit, autosaves replace each other (`replacesAutosave`).
 */
export async function autosaveDraft(
	store: Store,
	user: PublicUser,
	draftId: string,
	source: string,
	basedOn: number,
	sitting: string
): Promise<SaveOutcome & { unchanged?: true }> {
	if (!SITTING.test(sitting))
		throw new StudioError(400, 'The autosave did not say which page visit it came from.');
	const draft = await draftFor(store, user, draftId);
	const current = currentRevision(draft);
	if (basedOn === draft.current && source === current.source)
		return { draft, revision: current, conflict: false, unchanged: true };
	return saveDraft(store, user, draft.id, source, basedOn, { kind: 'autosave', sitting });
}

/** What the page says when an autosave was refused as stale (and kept aside). */
export function autosaveConflictMessage(outcome: SaveOutcome): string {
	const c = outcome.revision.conflict!;
	return (
		`this draft was changed (revision ${c.current}) after you opened revision ${c.basedOn}, ` +
		`in another tab or by a co-author. Your text is kept as revision ` +
		`${outcome.revision.number} (see History), and autosave has stopped. Press Save draft to ` +
		'see both texts side by side, or reload to edit the current text.'
	);
}

/**
 * Makes an earlier revision's text current again, as a new revision: nothing is removed, so the
 * text it replaces stays in history. Refused when the draft changed after the author looked.
 */
export async function restoreRevision(
	store: Store,
	user: PublicUser,
	draftId: string,
	number: number,
	basedOn: number
): Promise<SaveOutcome> {
	const draft = await draftFor(store, user, draftId);
	const from = draft.revisions.find((r) => r.number === number);
	if (!from) throw new StudioError(404, `This draft has no revision ${number}.`);
	if (basedOn !== draft.current)
		throw new StudioError(
			409,
			`Not restored: this draft was changed (revision ${draft.current}) after you opened ` +
				`revision ${basedOn}. Look at its history again, then restore.`
		);
	if (from.source === currentRevision(draft).source)
		throw new StudioError(
			409,
			`Revision ${number} has the same text as the current revision: nothing to restore.`
		);
	const saved = await saveDraft(store, user, draft.id, from.source, basedOn, {
		kind: 'restore',
		restoredFrom: number
	});
	await store.appendAudit({
		actorId: user.id,
		action: 'draft.restore',
		targetType: 'draft',
		targetId: draft.id,
		detail: { from: number, revision: saved.revision.number }
	});
	return saved;
}

const IMPORTABLE = /\.(md|markdown|txt)$/i;

/**
 * An uploaded file's text, or a clear refusal: at most 1 MB (the compiler's limit), a markdown
 * or text file name, UTF-8 without NUL bytes. A byte-order mark is dropped and line ends made
 * `\n`, as the editor would.
 */
export function importedText(name: string, bytes: Uint8Array): string {
	const shown = name.trim() || 'The file';
	if (bytes.byteLength === 0)
		throw new StudioError(400, `“${shown}” is empty: choose a scenario's markdown file.`);
	if (bytes.byteLength > MAX_BYTES)
		throw new StudioError(
			413,
			`“${shown}” is ${bytes.byteLength.toLocaleString('en')} bytes; a scenario file may be ` +
				`at most ${MAX_BYTES.toLocaleString('en')} bytes (1 MB). Nothing was imported: split ` +
				'it into several scenarios.'
		);
	if (!IMPORTABLE.test(name))
		throw new StudioError(
			400,
			`“${shown}” is not a markdown file: choose a .md file (or .markdown, .txt). Nothing was imported.`
		);
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		throw new StudioError(
			400,
			`“${shown}” is not UTF-8 text. Save it as UTF-8 in your editor and import it again. ` +
				'Nothing was imported.'
		);
	}
	if (text.includes('\u0000'))
		throw new StudioError(
			400,
			`“${shown}” looks like a binary file, not text (it contains NUL bytes). Nothing was imported.`
		);
	return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** A new draft from an uploaded file. Compiler errors do not stop it: Problems lists them. */
export function importDraft(
	store: Store,
	user: PublicUser,
	name: string,
	bytes: Uint8Array
): Promise<ScenarioDraft> {
	return createDraft(store, user, importedText(name, bytes), 'import');
}

/** A file name from a scenario's title: lower case letters, digits and dashes. */
export function fileSlug(title: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	return slug || 'scenario';
}

export interface ExportedFile {
	name: string;
	type: string;
	body: Uint8Array;
}

/** One revision of a draft the user may see, as a markdown download. */
export async function revisionDownload(
	store: Store,
	user: PublicUser,
	draftId: string,
	number: number
): Promise<ExportedFile> {
	const draft = await draftFor(store, user, draftId);
	const revision = draft.revisions.find((r) => r.number === number);
	if (!revision) throw new StudioError(404, `This draft has no revision ${number}.`);
	return {
		name: `${fileSlug(draft.title)}-r${number}.md`,
		type: 'text/markdown; charset=utf-8',
		body: strToU8(revision.source)
	};
}

/**
 * The files of one draft in the archive: its current text, and each revision ever published
 * (what trainees played), in a folder named after it and its id (two drafts may share a title).
 */
export function draftArchiveFiles(draft: ScenarioDraft): Record<string, string> {
	const folder = `${fileSlug(draft.title)}-${draft.id.toLowerCase()}`;
	const files: Record<string, string> = {
		[`${folder}/current-r${draft.current}.md`]: currentRevision(draft).source
	};
	for (const p of draft.publications) {
		const revision = draft.revisions.find((r) => r.number === p.revision);
		if (revision) files[`${folder}/published-r${p.revision}.md`] = revision.source;
	}
	return files;
}

/**
 * Every scenario the user owns or co-authors (an admin too: their own, not everyone's), as one
 * zip archive: `draftArchiveFiles` for each, and a README listing them.
 */
export async function authorArchive(
	store: Store,
	user: PublicUser,
	now = new Date()
): Promise<ExportedFile> {
	const files: Record<string, Uint8Array> = {};
	const lines = [
		`Scenarios of ${user.displayName} exported from Rapport's studio on ${now.toISOString()}.`,
		'Each folder is one draft: current-rN.md is its current text (revision N), and',
		'published-rN.md each revision that was published to the catalogue.',
		''
	];
	for (const summary of await store.listDrafts({ userId: user.id })) {
		const draft = await store.getDraft(summary.id);
		if (!draft) continue;
		const mine = draftArchiveFiles(draft);
		for (const [name, text] of Object.entries(mine)) files[name] = strToU8(text);
		const state = draft.unpublished
			? 'unpublished'
			: draft.publications.length > 0
				? 'published'
				: 'not published';
		lines.push(`${Object.keys(mine)[0].split('/')[0]}/  ${draft.title} (${state})`);
	}
	if (Object.keys(files).length === 0) lines.push('(No scenarios yet.)');
	files['README.txt'] = strToU8(lines.join('\n') + '\n');
	return {
		name: `rapport-scenarios-${now.toISOString().slice(0, 10)}.zip`,
		type: 'application/zip',
		body: zipSync(files, { level: 6, mtime: now })
	};
}

/**
 * Takes the draft's published version out of the catalogue: no new attempts or assignments,
 * while attempts already played on it keep replaying and showing. Publish puts it back.
 */
export async function unpublishScenario(
	store: Store,
	user: PublicUser,
	draftId: string
): Promise<ScenarioDraft> {
	const draft = await draftFor(store, user, draftId);
	let changed: ScenarioDraft;
	try {
		changed = await store.unpublishDraft(draft.id, user.id);
	} catch (e) {
		if (e instanceof StoreConflictError)
			throw new StudioError(409, 'This scenario is not in the catalogue: nothing to unpublish.');
		throw e;
	}
	await store.appendAudit({
		actorId: user.id,
		action: 'draft.unpublish',
		targetType: 'draft',
		targetId: draft.id,
		detail: { scenarioId: draft.scenarioId }
	});
	await refreshPublished(store, true);
	return changed;
}

/** A download: a file to save, never a page to render. */
export function downloadResponse(file: ExportedFile): Response {
	const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
	// fflate's and TextEncoder's arrays are backed by plain ArrayBuffers.
	return new Response(file.body as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': file.type,
			'content-disposition': `attachment; filename="${ascii}"`,
			'x-content-type-options': 'nosniff',
			'cache-control': 'private, no-store'
		}
	});
}

/** A library or SCENARIOS_DIR scenario, read-only in the studio, with its text. */
export function libraryScenario(scenarioId: string) {
	const entry = libraryScenarios().find((e) => e.id === scenarioId);
	const source = entry && entrySource(entry);
	if (!entry || source === undefined) throw new StudioError(404, 'No such library scenario.');
	return { entry, source };
}
