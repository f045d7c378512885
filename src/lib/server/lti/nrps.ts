import type { Cohort, LtiLaunchLink, LtiPlatform, PublicUser, User } from '../store/types';
import { accountForLaunch, teachesInLms } from './launch';
import { answerOf, call, LtiServiceError, NRPS_SCOPE, type ServiceContext } from './token';

/**
 * Names and Role Provisioning Services 2.0: an instructor fills a Rapport cohort from the course
 * roster of an LMS context they launched Rapport from. Accounts are found or made by issuer and
 * `sub`, exactly as a launch would (`accountForLaunch`), so a later launch by the same person
 * lands in the same account.
 *
 * Who goes where: the course's learners become the cohort's members; its instructors become the
 * cohort's instructors only when the platform's registration trusts its instructor roles (the
 * same policy as launches), and are left out otherwise. Other roles (teaching assistants,
 * mentors) are left out. Nobody is ever removed: someone who left the course, or is inactive in
 * it, keeps their place and their work in Rapport; the sync lists them so the instructor can
 * remove them on the roster page if they should go.
 */

const MEMBERSHIPS_MEDIA_TYPE = 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json';
/** A roster of 100 pages is far beyond any course: a loop of `next` links stops here. */
const MAX_PAGES = 100;

const LEARNER_ROLES = ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', 'Learner'];

export interface CourseMember {
	userId: string;
	name?: string;
	email?: string;
	roles: string[];
	status: 'Active' | 'Inactive' | 'Deleted';
}

/** A course an instructor launched Rapport from, whose roster they may sync. */
export interface LtiCourse {
	platformId: string;
	platformName: string;
	contextId: string;
	title: string;
}

export interface RosterSyncReport {
	cohortId: string;
	members: number;
	/** Accounts made by this sync. */
	created: number;
	addedMembers: number;
	addedInstructors: number;
	/** In the course but not brought in, with why. */
	leftOut: { name: string; reason: string }[];
	/** In the cohort but inactive in or gone from the course: kept, listed for the instructor. */
	notInCourse: string[];
}

export class RosterSyncError extends Error {
	readonly status: 400 | 404 | 502;
	constructor(status: 400 | 404 | 502, message: string) {
		super(message);
		this.name = 'RosterSyncError';
		this.status = status;
	}
}

/** The courses this user launched Rapport from that offer a roster, one per platform and context. */
export async function coursesFor(ctx: ServiceContext, user: PublicUser): Promise<LtiCourse[]> {
	const courses = new Map<string, LtiCourse>();
	for (const link of await ctx.store.listLtiLaunchLinks({ userId: user.id })) {
		if (!link.membershipsUrl || !link.contextId) continue;
		const platform = await ctx.store.getLtiPlatform(link.platformId);
		if (!platform) continue;
		courses.set(`${link.platformId}\n${link.contextId}`, {
			platformId: link.platformId,
			platformName: platform.name,
			contextId: link.contextId,
			title: link.contextTitle ?? link.contextId
		});
	}
	return [...courses.values()].sort((a, b) => a.title.localeCompare(b.title));
}

/** The `next` page of a Link header (RFC 8288), if any. */
export function nextPage(link: string | null): string | undefined {
	if (!link) return undefined;
	for (const part of link.split(',')) {
		const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
		if (m && /(^|;)\s*rel="?([^"]*\s)?next(\s[^"]*)?"?\s*(;|$)/.test(m[2])) return m[1];
	}
	return undefined;
}

/** Every member of the context, following the Link header's pages on the same origin. */
export async function fetchMembers(
	ctx: ServiceContext,
	platform: LtiPlatform,
	membershipsUrl: string
): Promise<CourseMember[]> {
	const token = await ctx.tokens.get(ctx, platform, [NRPS_SCOPE]);
	const origin = new URL(membershipsUrl).origin;
	const members: CourseMember[] = [];
	let url: string | undefined = membershipsUrl;
	for (let page = 0; url && page < MAX_PAGES; page++) {
		const response = await call(
			ctx,
			url,
			{ headers: { authorization: `Bearer ${token}`, accept: MEMBERSHIPS_MEDIA_TYPE } },
			'the course roster'
		);
		if (!response.ok) {
			if (response.status === 401) ctx.tokens.forget(platform);
			throw new LtiServiceError(
				'service-error',
				`The LMS refused the course roster (HTTP ${response.status}: ${await answerOf(response)}).`,
				response.status
			);
		}
		const body = (await response.json().catch(() => undefined)) as
			{ members?: unknown } | undefined;
		if (!Array.isArray(body?.members)) {
			throw new LtiServiceError('bad-response', 'The LMS answered without a list of members.');
		}
		for (const m of body.members as Record<string, unknown>[]) {
			if (typeof m?.user_id !== 'string') continue;
			members.push({
				userId: m.user_id,
				...(typeof m.name === 'string' ? { name: m.name } : {}),
				...(typeof m.email === 'string' ? { email: m.email } : {}),
				roles: Array.isArray(m.roles) ? m.roles.filter((r) => typeof r === 'string') : [],
				status: m.status === 'Inactive' || m.status === 'Deleted' ? m.status : 'Active'
			});
		}
		const next = nextPage(response.headers.get('link'));
		url = next && new URL(next, url).origin === origin ? new URL(next, url).toString() : undefined;
	}
	return members;
}

function linkFor(links: LtiLaunchLink[], platformId: string, contextId: string) {
	return links.find(
		(l) => l.platformId === platformId && l.contextId === contextId && l.membershipsUrl
	);
}

/**
 * Brings the course's people into the cohort (see the module comment for who goes where). The
 * roster URL comes from the actor's own launch of that course, never from the request.
 */
export async function syncRoster(
	ctx: ServiceContext,
	actor: PublicUser,
	input: { platformId: string; contextId: string; cohort: Cohort }
): Promise<RosterSyncReport> {
	const { store } = ctx;
	const link = linkFor(
		await store.listLtiLaunchLinks({ userId: actor.id }),
		input.platformId,
		input.contextId
	);
	const platform = link && (await store.getLtiPlatform(link.platformId));
	if (!link || !platform) {
		throw new RosterSyncError(
			404,
			'Rapport has no roster for that course. Open Rapport from the course in your LMS first.'
		);
	}
	let members: CourseMember[];
	try {
		members = await fetchMembers(ctx, platform, link.membershipsUrl!);
	} catch (e) {
		if (e instanceof LtiServiceError) throw new RosterSyncError(502, e.message);
		throw e;
	}
	const cohort = (await store.getCohort(input.cohort.id)) ?? input.cohort;
	const memberIds = new Set(cohort.memberIds);
	const instructorIds = new Set(cohort.instructorIds);
	const report: RosterSyncReport = {
		cohortId: cohort.id,
		members: members.length,
		created: 0,
		addedMembers: 0,
		addedInstructors: 0,
		leftOut: [],
		notInCourse: []
	};
	const active = new Set<string>();
	for (const member of members) {
		const name = member.name || member.email || member.userId;
		if (member.status !== 'Active') continue;
		const teaches = teachesInLms(member.roles);
		const learns = member.roles.some((r) => LEARNER_ROLES.includes(r));
		if (teaches && !platform.trustInstructorRoles) {
			report.leftOut.push({
				name,
				reason: 'an instructor in the LMS, whose roles this LMS’s registration does not trust'
			});
			continue;
		}
		if (!teaches && !learns) {
			report.leftOut.push({ name, reason: 'neither a learner nor an instructor in the course' });
			continue;
		}
		const linked = await store.findIdentity('lti', platform.issuer, member.userId);
		const existing = linked && (await store.getUser(linked.userId));
		if (existing && (existing.suspendedAt || existing.erasedAt)) {
			report.leftOut.push({ name, reason: 'their Rapport account is suspended or erased' });
			continue;
		}
		const user: User = await accountForLaunch(store, {
			platform,
			subject: member.userId,
			roles: member.roles,
			...(member.name ? { name: member.name } : {}),
			...(member.email ? { email: member.email } : {})
		});
		if (!existing) report.created++;
		active.add(user.id);
		if (teaches) {
			if (user.role === 'trainee') {
				report.leftOut.push({ name, reason: 'their Rapport account is a trainee’s' });
			} else if (!instructorIds.has(user.id)) {
				instructorIds.add(user.id);
				report.addedInstructors++;
			}
		} else if (user.role !== 'trainee') {
			report.leftOut.push({ name, reason: 'their Rapport account is not a trainee’s' });
		} else if (!memberIds.has(user.id)) {
			memberIds.add(user.id);
			report.addedMembers++;
		}
	}
	// Members this LMS brought in earlier who are no longer active in the course: kept, listed.
	for (const id of memberIds) {
		if (active.has(id)) continue;
		const fromLms = (await store.listIdentities(id)).some(
			(i) => i.kind === 'lti' && i.issuer === platform.issuer
		);
		const user = fromLms ? await store.getUser(id) : undefined;
		if (user) report.notInCourse.push(user.displayName);
	}
	if (report.addedMembers || report.addedInstructors) {
		await store.updateCohort(cohort.id, {
			memberIds: [...memberIds],
			instructorIds: [...instructorIds]
		});
	}
	await store.appendAudit({
		actorId: actor.id,
		action: 'lti.roster.sync',
		targetType: 'cohort',
		targetId: cohort.id,
		detail: {
			platformId: platform.id,
			contextId: input.contextId,
			members: report.members,
			created: report.created,
			addedMembers: report.addedMembers,
			addedInstructors: report.addedInstructors,
			leftOut: report.leftOut.length,
			notInCourse: report.notInCourse.length
		}
	});
	return report;
}
