import { verdictLabel } from '$lib/labels';
import { attemptVerdict, type PassVerdict } from '../pass-mark';
import type {
	Attempt,
	Cohort,
	LtiLaunchLink,
	LtiResourceLink,
	LtiScore,
	NewLtiScore,
	Store,
	User
} from '../store/types';
import { CLAIM, type VerifiedLaunch } from './launch';
import {
	AGS_SCOPE,
	answerOf,
	call,
	LtiServiceError,
	TokenCache,
	type ServiceContext
} from './token';

/**
 * Assignment and Grade Services 2.0: grade passback. A resource-link launch records what the
 * platform offered for this user (`recordLaunchLink`); when an attempt they then play for that
 * link's scenario or assignment completes, its score joins the outbox in the store
 * (`queueScores`), and `sendDueScores` posts it to the line item, retrying with back-off until
 * the LMS takes it. The outbox is the record of truth: a crash or an LMS outage delays a score
 * and never loses it.
 */

export const SCORE_MEDIA_TYPE = 'application/vnd.ims.lis.v1.score+json';
const LINE_ITEM_MEDIA_TYPE = 'application/vnd.ims.lis.v2.lineitem+json';
const LINE_ITEMS_MEDIA_TYPE = 'application/vnd.ims.lis.v2.lineitemcontainer+json';

/** Scores are normalised to 0-100 everywhere in Rapport (pass-mark.ts). */
export const SCORE_MAXIMUM = 100;

/** First retry after 30 s, doubling each time, never more than 6 h apart; never given up. */
const FIRST_RETRY_MS = 30_000;
const LONGEST_WAIT_MS = 6 * 60 * 60 * 1000;
/** A claimed row is left alone this long: a sender that died mid-send lets it go again. */
const LEASE_MS = 2 * 60 * 1000;

export function backoffMs(tries: number): number {
	return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, tries - 1), LONGEST_WAIT_MS);
}

interface AgsClaim {
	scope?: unknown;
	lineitem?: unknown;
	lineitems?: unknown;
}
interface NrpsClaim {
	context_memberships_url?: unknown;
}
interface ContextClaim {
	id?: unknown;
	title?: unknown;
	label?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Records what this launch said for the user's scores and the course roster. Called by
 * `completeLaunch` for every resource-link launch.
 */
export async function recordLaunchLink(
	store: Store,
	launch: VerifiedLaunch,
	user: User,
	link: LtiResourceLink
): Promise<LtiLaunchLink> {
	const ags = (launch.claims[CLAIM.ags] ?? {}) as AgsClaim;
	const nrps = (launch.claims[CLAIM.nrps] ?? {}) as NrpsClaim;
	const context = (launch.claims[CLAIM.context] ?? {}) as ContextClaim;
	const lineItemUrl = str(ags.lineitem) ?? link.lineItemUrl;
	const lineItemsUrl = str(ags.lineitems);
	const membershipsUrl = str(nrps.context_memberships_url);
	const contextId = str(context.id);
	const contextTitle = str(context.title) ?? str(context.label);
	return store.saveLtiLaunchLink({
		userId: user.id,
		platformId: launch.platform.id,
		deploymentId: launch.deploymentId,
		resourceLinkId: link.resourceLinkId,
		subject: launch.subject,
		target: link.target,
		mode: link.mode,
		agsScopes: Array.isArray(ags.scope) ? ags.scope.filter((s) => typeof s === 'string') : [],
		...(lineItemUrl ? { lineItemUrl } : {}),
		...(lineItemsUrl ? { lineItemsUrl } : {}),
		...(contextId ? { contextId } : {}),
		...(contextTitle ? { contextTitle } : {}),
		...(membershipsUrl ? { membershipsUrl } : {})
	});
}

/**
 * Whether an attempt was played for what this launch link opens: an assignment's attempts by
 * their assignment; a scenario's by scenario and mode, never a drill or a "what if". Only
 * attempts finished after the launch count: the LMS asked for work done from its link.
 */
function playedFor(link: LtiLaunchLink, attempt: Attempt): boolean {
	if (attempt.drill || attempt.parentAttemptId || attempt.voided) return false;
	if (!attempt.completedAt || attempt.completedAt < link.createdAt) return false;
	if (link.target.kind === 'assignment') return attempt.assignmentId === link.target.assignmentId;
	return (
		attempt.scenarioId === link.target.scenarioId &&
		!attempt.assignmentId &&
		attempt.mode === link.mode
	);
}

/** Whether the platform lets Rapport post scores for this link (and can name the line item). */
function canPostScores(link: LtiLaunchLink): boolean {
	if (!link.agsScopes.includes(AGS_SCOPE.score)) return false;
	return Boolean(
		link.lineItemUrl || (link.lineItemsUrl && link.agsScopes.includes(AGS_SCOPE.lineItem))
	);
}

/**
 * The AGS score document for a finished attempt: the score and verdict Rapport shows, worked out
 * by the one pass-mark rule (`attemptVerdict`), with the verdict in words as the comment because
 * AGS has no field for it (a missed critical action fails whatever the score).
 */
export function scoreDocument(
	attempt: Pick<Attempt, 'completedAt'>,
	verdict: PassVerdict,
	subject: string
): Record<string, unknown> {
	return {
		userId: subject,
		scoreGiven: verdict.score,
		scoreMaximum: SCORE_MAXIMUM,
		comment: `${verdictLabel(verdict)}: ${verdict.score} of ${SCORE_MAXIMUM}.`,
		activityProgress: 'Completed',
		gradingProgress: 'FullyGraded',
		timestamp: attempt.completedAt
	};
}

/**
 * Queues the score of a just-completed attempt for every LMS link it was played for. Called right
 * after the attempt is stored as completed (attempts.ts); `queueMissedScores` catches the rare
 * attempt whose process died in between.
 */
export async function queueScores(
	store: Store,
	attempt: Attempt,
	now = new Date()
): Promise<LtiScore[]> {
	if (attempt.status !== 'completed') return [];
	const links = (await store.listLtiLaunchLinks({ userId: attempt.userId })).filter(
		(l) => playedFor(l, attempt) && canPostScores(l)
	);
	if (links.length === 0) return [];
	const verdict = await attemptVerdict(store, attempt);
	if (!verdict) return [];
	const scores: NewLtiScore[] = links.map((link) => ({
		attemptId: attempt.id,
		userId: attempt.userId,
		platformId: link.platformId,
		deploymentId: link.deploymentId,
		resourceLinkId: link.resourceLinkId,
		...(link.lineItemUrl ? { lineItemUrl: link.lineItemUrl } : {}),
		...(link.lineItemsUrl ? { lineItemsUrl: link.lineItemsUrl } : {}),
		score: scoreDocument(attempt, verdict, link.subject),
		nextTryAt: now.toISOString()
	}));
	return store.queueLtiScores(scores);
}

/**
 * Queues every completed launched attempt that has no outbox row yet (queueing is idempotent).
 * Run when the sender starts: covers a process that died between completing an attempt and
 * queueing its score.
 */
export async function queueMissedScores(store: Store, now = new Date()): Promise<number> {
	const users = new Set<string>();
	for (const platform of await store.listLtiPlatforms()) {
		for (const link of await store.listLtiLaunchLinks({ platformId: platform.id })) {
			if (canPostScores(link)) users.add(link.userId);
		}
	}
	let queued = 0;
	for (const userId of users) {
		const attempts = (await store.listAttemptsByUser(userId)).filter(
			(a) => a.status === 'completed'
		);
		const known = new Set(
			(await store.listLtiScores({ attemptIds: attempts.map((a) => a.id) })).map((s) => s.attemptId)
		);
		for (const attempt of attempts) {
			if (!known.has(attempt.id)) queued += (await queueScores(store, attempt, now)).length;
		}
	}
	return queued;
}

/** The line item's scores endpoint: `/scores` on its path, its query kept (AGS 2.0, 3.4). */
export function scoresUrl(lineItemUrl: string): string {
	const url = new URL(lineItemUrl);
	url.pathname = `${url.pathname.replace(/\/$/, '')}/scores`;
	return url.toString();
}

/** The link's line item: one the platform has for the resource link, else a new one. */
async function lineItemFor(ctx: ServiceContext, row: LtiScore, token: string): Promise<string> {
	const headers = { authorization: `Bearer ${token}` };
	const list = new URL(row.lineItemsUrl!);
	list.searchParams.set('resource_link_id', row.resourceLinkId);
	const found = await call(
		ctx,
		list.toString(),
		{ headers: { ...headers, accept: LINE_ITEMS_MEDIA_TYPE } },
		'the line items'
	);
	if (found.ok) {
		const items = (await found.json().catch(() => [])) as {
			id?: unknown;
			resourceLinkId?: unknown;
		}[];
		const mine = Array.isArray(items)
			? items.find((i) => i.resourceLinkId === row.resourceLinkId && typeof i.id === 'string')
			: undefined;
		if (mine) return mine.id as string;
	}
	const created = await call(
		ctx,
		row.lineItemsUrl!,
		{
			method: 'POST',
			headers: { ...headers, 'content-type': LINE_ITEM_MEDIA_TYPE, accept: LINE_ITEM_MEDIA_TYPE },
			body: JSON.stringify({
				scoreMaximum: SCORE_MAXIMUM,
				label: 'Rapport',
				resourceLinkId: row.resourceLinkId,
				tag: 'rapport'
			})
		},
		'a new line item'
	);
	const item = (await created.json().catch(() => undefined)) as { id?: unknown } | undefined;
	if (!created.ok || typeof item?.id !== 'string') {
		throw new LtiServiceError(
			'service-error',
			`The LMS did not make a line item (HTTP ${created.status}).`,
			created.status
		);
	}
	return item.id;
}

/** Posts one score; throws `LtiServiceError` when it did not land. Returns the line item used. */
async function postScore(ctx: ServiceContext, row: LtiScore): Promise<string> {
	const platform = await ctx.store.getLtiPlatform(row.platformId);
	if (!platform) throw new LtiServiceError('service-error', 'The LMS is no longer registered.');
	const scopes = row.lineItemUrl ? [AGS_SCOPE.score] : [AGS_SCOPE.score, AGS_SCOPE.lineItem];
	const token = await ctx.tokens.get(ctx, platform, scopes);
	const lineItemUrl = row.lineItemUrl ?? (await lineItemFor(ctx, row, token));
	const response = await call(
		ctx,
		scoresUrl(lineItemUrl),
		{
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': SCORE_MEDIA_TYPE },
			body: JSON.stringify(row.score)
		},
		'the score'
	);
	if (!response.ok) {
		if (response.status === 401) ctx.tokens.forget(platform);
		const answer = await answerOf(response);
		throw new LtiServiceError(
			'service-error',
			`The LMS refused the score (HTTP ${response.status}${answer ? `: ${answer}` : ''}).`,
			response.status
		);
	}
	return lineItemUrl;
}

export interface SendReport {
	sent: number;
	failed: number;
}

/**
 * One round of the sender: claims the scores due now, posts each, and records the outcome (sent,
 * or the error and the next try by `backoffMs`). Pure apart from the store and fetch it is
 * handed, so tests call it with their own clock.
 */
export async function sendDueScores(ctx: ServiceContext, limit = 20): Promise<SendReport> {
	const now = (ctx.now ?? (() => new Date()))();
	const due = await ctx.store.claimDueLtiScores(
		now.toISOString(),
		new Date(now.getTime() + LEASE_MS).toISOString(),
		limit
	);
	const report: SendReport = { sent: 0, failed: 0 };
	for (const row of due) {
		const tries = row.tries + 1;
		try {
			const lineItemUrl = await postScore(ctx, row);
			await ctx.store.updateLtiScore(row.id, {
				status: 'sent',
				tries,
				sentAt: now.toISOString(),
				lastTriedAt: now.toISOString(),
				lineItemUrl
			});
			report.sent++;
		} catch (e) {
			// Anything else (a bug, the store) is kept on the row too: the next try may fare better.
			const lastError =
				e instanceof LtiServiceError ? e.message : `Rapport failed to send it (${String(e)}).`;
			await ctx.store.updateLtiScore(row.id, {
				tries,
				lastError,
				lastTriedAt: now.toISOString(),
				nextTryAt: new Date(now.getTime() + backoffMs(tries)).toISOString()
			});
			report.failed++;
		}
	}
	return report;
}

/** How an outbox row reads to an instructor. */
export function scoreStatusLabel(row: LtiScore): string {
	if (row.status === 'sent')
		return `Sent to the LMS ${row.sentAt?.slice(0, 16).replace('T', ' ')} UTC`;
	const next = `next try ${row.nextTryAt.slice(0, 16).replace('T', ' ')} UTC`;
	return row.lastError ? `Pending (${next}; last error: ${row.lastError})` : `Pending (${next})`;
}

/** How often the server's sender looks for due scores. */
export const SEND_EVERY_MS = 15_000;

/**
 * The server's sender: at start, queues any launched attempt whose score was never queued, then
 * runs `sendDueScores` every `SEND_EVERY_MS` while the process lives. Each instance of Rapport
 * runs one; the store's claim keeps two from sending the same score.
 */
export class ScoreSender {
	readonly #tokens = new TokenCache();
	#timer: ReturnType<typeof setTimeout> | undefined;
	#stopped = false;

	constructor(readonly store: () => Promise<Store>) {}

	start(): void {
		const round = async (first: boolean) => {
			try {
				const store = await this.store();
				if (first) await queueMissedScores(store);
				while (!this.#stopped) {
					const { sent, failed } = await sendDueScores({ store, tokens: this.#tokens });
					if (sent + failed === 0) break;
				}
			} catch (e) {
				// The store may be down for a moment; the outbox keeps everything for the next round.
				console.error(`[rapport] LTI score sender: ${(e as Error).message}`);
			}
			if (!this.#stopped) {
				this.#timer = setTimeout(() => void round(false), SEND_EVERY_MS);
				this.#timer.unref?.();
			}
		};
		void round(true);
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#timer);
	}
}

/** One score on its way to (or in) an LMS gradebook, as the cohort's LMS page lists it. */
export interface ScoreRow {
	id: string;
	trainee: string;
	scenarioId: string;
	attemptId: string;
	completedAt?: string;
	scoreGiven: unknown;
	comment: unknown;
	sent: boolean;
	status: string;
}

/** The grade passback of the cohort's trainees, newest first. */
export async function cohortScores(
	store: Store,
	cohort: Pick<Cohort, 'memberIds'>
): Promise<ScoreRow[]> {
	const rows: ScoreRow[] = [];
	for (const userId of cohort.memberIds) {
		const user = await store.getUser(userId);
		const attempts = await store.listAttemptsByUser(userId);
		const byId = new Map(attempts.map((a) => [a.id, a]));
		for (const score of await store.listLtiScores({ attemptIds: [...byId.keys()] })) {
			const attempt = byId.get(score.attemptId)!;
			rows.push({
				id: score.id,
				trainee: user?.displayName ?? userId,
				scenarioId: attempt.scenarioId,
				attemptId: attempt.id,
				...(attempt.completedAt ? { completedAt: attempt.completedAt } : {}),
				scoreGiven: score.score.scoreGiven,
				comment: score.score.comment,
				sent: score.status === 'sent',
				status: scoreStatusLabel(score)
			});
		}
	}
	return rows.sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''));
}
