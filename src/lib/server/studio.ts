import { MAX_BYTES, outlineScenario } from '$lib/scenarios';
import { authorChecks, draftOutline } from '$lib/scenarios/author-checks';
import { checkSource, type SourceCheck } from '$lib/studio/check';
import {
	allEntries,
	entrySource,
	playableScenarios,
	refreshPublished,
	studioFile
} from './scenario-library';
import {
	isDraftAuthor,
	scenarioVersions,
	StoreConflictError,
	type DraftRevision,
	type DraftSave,
	type PublicUser,
	type Role,
	type ScenarioDraft,
	type Store
} from './store';

/**
 * The authoring studio: scenario drafts kept in the store, checked by the same compiler and
 * content lints as `rapport-scenarios lint`, and published into the catalogue as immutable
 * versions. Instructors see and change only the drafts they own or co-author; admins see all.
 */

export { checkSource, type SourceCheck } from '$lib/studio/check';

export const STUDIO_ROLES: readonly Role[] = ['instructor', 'admin'];

export class StudioError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 413,
		message: string
	) {
		super(message);
	}
}

/** A small scenario that compiles and passes every content lint: where "New scenario" starts. */
export const TEMPLATE = `---
title: Untitled scenario
summary: One sentence on what the trainee practises here.
client: { name: Sam }
difficulty: 1
minutes: 5
principles: [safe-space, repair-ruptures]
meters:
  trust: { start: 2, min: 0, max: 5 }
pass: 70
---

## Arrival {#arrival}

**Sam:** Sorry I'm late. The bus just sat there, so I walked the last bit.

- "You made it. Do you want a minute to settle before we start?" -> quiet
  scores: safe-space +0
  feedback: Neutral: no harm, no warmth.
- "Take a breath. Where would you like to begin?" -> quiet
  scores: safe-space +2
  effects: trust +1
  feedback: Welcomes him and hands him the start.
- "Right, we're short on time, so let's move on to the plan." -> quiet
  scores: safe-space -1
  effects: trust -1
  feedback: Rushes him when he arrives flustered.
  better: "Take a breath. Where would you like to begin?"

## Quiet {#quiet .rupture type=withdrawal}

**Sam:** (shrugs) I don't know. It's fine.

- "Fine, then. I did want to ask about your sister; shall we talk about her today?" -> close
  scores: safe-space +1, repair-ruptures -1
  feedback: Kind in tone, but it steps over his withdrawal.
- "I may have pushed. Did something I said land badly?" -> close
  tags: address-rupture
  scores: repair-ruptures +2
  effects: trust +1
  feedback: Names the moment and owns a part of it.
- "OK." -> close
  tags: ignore-rupture
  scores: repair-ruptures -1
  effects: trust -1
  feedback: Leaves him alone with the shrug.
  better: "I may have pushed. Did something I said land badly?"

## Close {#close}

**Sam:** Yeah. That was better than I thought.

- "Good." -> end
  scores: safe-space +0
  feedback: Accepts it without asking what helped.
- "Before you go, what made today better than you expected?" -> end
  scores: safe-space +2
  effects: trust +1
  feedback: Asks for feedback on the session itself.
- "Well, it's early days, so I wouldn't read too much into it yet." -> end
  scores: safe-space -1
  effects: trust -1
  feedback: Dampens his hope.
  better: "Before you go, what made today better than you expected?"

## End {#end}

-> steadier if trust >= 5
-> same

## Steadier {#steadier .ending outcome=strengthened}

### Debrief

You welcomed him, turned towards the shrug and asked what helped.

## Same {#same .ending outcome=stalled}

### Debrief

The session held, but something was left unsaid.
`;

/** The text's size in UTF-8 bytes, refused over the compiler's limit before anything is kept. */
export function requireSize(source: string): void {
	const bytes = new TextEncoder().encode(source).byteLength;
	if (bytes > MAX_BYTES)
		throw new StudioError(
			413,
			`The text is ${bytes.toLocaleString('en')} bytes; a scenario may be at most ` +
				`${MAX_BYTES.toLocaleString('en')} bytes (1 MB). Nothing was saved: split it into ` +
				'several scenarios.'
		);
}

/**
 * The studio's map and Checks panel for a checked text: the beats as far as they build (the
 * map works while the text has errors), and the figures and content lints once it compiles.
 */
export function studioPanels(source: string, file: string, check: SourceCheck) {
	let beats: ReturnType<typeof draftOutline> = [];
	try {
		beats = draftOutline(outlineScenario(source, file), check.diagnostics);
	} catch {
		// The compiler's own failure is already in Problems (checkSource); the map is just empty.
	}
	return {
		outline: beats,
		checks:
			check.scenario && check.analysis
				? authorChecks(check.scenario, check.analysis, check.diagnostics)
				: null
	};
}

export function canSeeDraft(user: PublicUser, draft: ScenarioDraft): boolean {
	return user.role === 'admin' || isDraftAuthor(draft, user.id);
}

/** The draft, if this user may see it; 404 otherwise (missing and forbidden look the same). */
export async function draftFor(
	store: Store,
	user: PublicUser,
	draftId: string
): Promise<ScenarioDraft> {
	const draft = await store.getDraft(draftId);
	if (!draft || !canSeeDraft(user, draft)) throw new StudioError(404, 'No such draft.');
	return draft;
}

/** Drafts on the user's studio page: their own and shared ones (an admin's: all). */
export function studioDrafts(store: Store, user: PublicUser) {
	return store.listDrafts(user.role === 'admin' ? {} : { userId: user.id });
}

/** Display names by user id, for the authors a studio page names. */
export async function authorNames(
	store: Store,
	ids: readonly string[]
): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	for (const id of new Set(ids)) {
		const user = await store.getUser(id);
		if (user) names.set(id, user.displayName);
	}
	return names;
}

export function currentRevision(draft: ScenarioDraft): DraftRevision {
	return draft.revisions.find((r) => r.number === draft.current)!;
}

/** Library and SCENARIOS_DIR scenarios, shown read-only in the studio. */
export function libraryScenarios() {
	return allEntries().filter((e) => e.origin !== 'studio');
}

export async function createDraft(
	store: Store,
	user: PublicUser,
	source: string,
	kind?: 'import'
): Promise<ScenarioDraft> {
	requireSize(source);
	const { title } = checkSource(source, 'new.md');
	const draft = await store.createDraft({
		ownerId: user.id,
		title,
		source,
		...(kind ? { kind } : {})
	});
	await store.appendAudit({
		actorId: user.id,
		action: kind === 'import' ? 'draft.import' : 'draft.create',
		targetType: 'draft',
		targetId: draft.id
	});
	return draft;
}

/** A new draft from a library or SCENARIOS_DIR scenario's text. */
export async function duplicateScenario(
	store: Store,
	user: PublicUser,
	scenarioId: string
): Promise<ScenarioDraft> {
	const entry = libraryScenarios().find((e) => e.id === scenarioId);
	const source = entry && entrySource(entry);
	if (source === undefined) throw new StudioError(404, 'No such scenario to duplicate.');
	return createDraft(store, user, source);
}

/** Who may change a draft's co-authors: its owner, or an admin. */
export function canShareDraft(user: PublicUser, draft: ScenarioDraft): boolean {
	return user.role === 'admin' || draft.ownerId === user.id;
}

/**
 * Replaces the draft's co-authors with the accounts named (usernames separated by commas or
 * spaces). Only instructors and admins can write scenarios, so only they can be co-authors.
 */
export async function setCoAuthors(
	store: Store,
	user: PublicUser,
	draftId: string,
	usernames: string
): Promise<ScenarioDraft> {
	const draft = await draftFor(store, user, draftId);
	if (!canShareDraft(user, draft))
		throw new StudioError(403, 'Only the owner of a draft can change its co-authors.');
	const ids: string[] = [];
	for (const name of usernames.split(/[\s,]+/).filter(Boolean)) {
		const found = await store.getUserByUsername(name);
		if (!found || found.erasedAt || !STUDIO_ROLES.includes(found.role))
			throw new StudioError(
				400,
				`No instructor or admin has the username “${name}”. Nothing was changed.`
			);
		ids.push(found.id);
	}
	const shared = await store.setDraftCoAuthors(draft.id, ids);
	await store.appendAudit({
		actorId: user.id,
		action: 'draft.share',
		targetType: 'draft',
		targetId: draft.id,
		detail: { coAuthorIds: shared.coAuthorIds }
	});
	return shared;
}

export interface SaveOutcome {
	revision: DraftRevision;
	draft: ScenarioDraft;
	/** Set when the save was based on an older revision and kept aside, not made current. */
	conflict: boolean;
}

/**
 * Keeps the text as the draft's next revision, whatever the compiler says about it (a draft
 * may be unfinished; the Problems list says what is wrong). A save based on an older revision
 * than the current one is kept too, marked as a conflict, and does not become current.
 */
export async function saveDraft(
	store: Store,
	user: PublicUser,
	draftId: string,
	source: string,
	basedOn: number,
	how: Pick<DraftSave, 'kind' | 'sitting' | 'restoredFrom'> = {}
): Promise<SaveOutcome> {
	const draft = await draftFor(store, user, draftId);
	requireSize(source);
	if (!Number.isInteger(basedOn) || basedOn < 1)
		throw new StudioError(400, 'The form did not say which revision it was based on.');
	const { title } = checkSource(source, studioFile(draft.scenarioId));
	const saved = await store.saveDraft(draft.id, {
		source,
		authorId: user.id,
		title,
		basedOn,
		...how
	});
	return { ...saved, conflict: saved.revision.conflict !== undefined };
}

/**
 * The revision holding this text: the current one when the text is unchanged, else a new one
 * (Publish and Preview act on the text in the editor). A stale save comes back as `conflict`.
 */
export async function saveIfChanged(
	store: Store,
	user: PublicUser,
	draftId: string,
	source: string,
	basedOn: number
): Promise<{ draft: ScenarioDraft; revision: number; saved: boolean; conflict?: SaveOutcome }> {
	const draft = await draftFor(store, user, draftId);
	if (source === currentRevision(draft).source)
		return { draft, revision: draft.current, saved: false };
	const saved = await saveDraft(store, user, draft.id, source, basedOn);
	return {
		draft: saved.draft,
		revision: saved.revision.number,
		saved: true,
		...(saved.conflict ? { conflict: saved } : {})
	};
}

export function conflictMessage(outcome: SaveOutcome): string {
	const c = outcome.revision.conflict!;
	return (
		`Not saved as the current text: this draft was changed (revision ${c.current}) after ` +
		`you opened revision ${c.basedOn}, in another tab or by a co-author. Your text is kept ` +
		`as revision ${outcome.revision.number}, shown below; the editor now holds revision ` +
		`${c.current}. Copy what you need across and save again.`
	);
}

/**
 * Publishes the draft's current revision, which must be `revision` (the one the author saw)
 * and compile without errors. The catalogue offers it from now on, as an immutable version;
 * later saves change nothing there until the draft is published again.
 */
export async function publishDraft(
	store: Store,
	user: PublicUser,
	draftId: string,
	revision: number
): Promise<ScenarioDraft> {
	const draft = await draftFor(store, user, draftId);
	if (revision !== draft.current)
		throw new StudioError(
			409,
			`Not published: this draft was changed (revision ${draft.current}) after you opened ` +
				`revision ${revision}. Check the current text, then publish again.`
		);
	const { source } = currentRevision(draft);
	const file = studioFile(draft.scenarioId);
	const check = checkSource(source, file);
	if (!check.scenario || check.errors > 0)
		throw new StudioError(
			409,
			`Not published: revision ${revision} has ${check.errors} error${check.errors === 1 ? '' : 's'}` +
				' (see Problems). Fix them and save, then publish.'
		);
	const { hash } = check.scenario;
	// Publishing an unpublished draft's same text again puts it back in the catalogue.
	if (draft.publications.at(-1)?.hash === hash && !draft.unpublished)
		throw new StudioError(409, 'This text is already the published version.');
	// Versions are known by their text's hash: the same text under two ids would be one version.
	const twin = playableScenarios().find(
		(s) => s.scenario.hash === hash && s.scenario.id !== draft.scenarioId
	);
	if (twin)
		throw new StudioError(
			409,
			`Not published: the text is identical to “${twin.scenario.title}”, which is already in ` +
				'the catalogue. Change it first.'
		);
	// Archived first, like a version an attempt starts on: attempts replay from the archive.
	await scenarioVersions().save({
		hash,
		scenarioId: draft.scenarioId,
		file,
		source,
		savedAt: new Date().toISOString()
	});
	let published: ScenarioDraft;
	try {
		published = await store.publishDraft(draft.id, { revision, hash, publishedBy: user.id });
	} catch (e) {
		if (e instanceof StoreConflictError)
			throw new StudioError(409, 'Not published: the draft was saved again meanwhile. Try again.');
		throw e;
	}
	await store.appendAudit({
		actorId: user.id,
		action: 'draft.publish',
		targetType: 'draft',
		targetId: draft.id,
		detail: { scenarioId: draft.scenarioId, revision, hash }
	});
	await refreshPublished(store, true);
	return published;
}
