import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verdictLabel } from '../../../src/lib/labels';
import { choose, startAttempt } from '../../../src/lib/server/attempts';
import {
	backoffMs,
	cohortScores,
	queueMissedScores,
	scoreStatusLabel,
	sendDueScores
} from '../../../src/lib/server/lti/ags';
import { publicJwks } from '../../../src/lib/server/lti/keys';
import {
	completeLaunch,
	PlatformKeys,
	type LaunchOutcome
} from '../../../src/lib/server/lti/launch';
import { coursesFor, nextPage, syncRoster } from '../../../src/lib/server/lti/nrps';
import {
	AGS_SCOPE,
	LtiServiceError,
	TokenCache,
	type ServiceContext
} from '../../../src/lib/server/lti/token';
import { attemptVerdict } from '../../../src/lib/server/pass-mark';
import { closeStore, getStore } from '../../../src/lib/server/store';
import type { LtiPlatform, PublicUser, Store } from '../../../src/lib/server/store/types';
import {
	LIS,
	startTestPlatform,
	type LaunchPlan,
	type TestPlatform
} from '../../support/lti-platform';
import { makeUser, tinyScenario, writeScenario } from '../attempts/setup';

/**
 * Grade passback (AGS) and roster sync (NRPS) against the test LMS over real HTTP: Rapport gets
 * access tokens with a client assertion the LMS checks against Rapport's JWKS (served here from
 * the store, as /lti/jwks does), posts scores to the line item, and reads the paged roster.
 */

let lms: TestPlatform;
let jwks: Server;
beforeAll(async () => {
	lms = await startTestPlatform();
	jwks = createServer((_req, res) => {
		getStore()
			.then((store) => publicJwks(store))
			.then((keys) => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(keys));
			})
			.catch(() => res.writeHead(500).end());
	});
	await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
	lms.toolJwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/`;
});
afterAll(async () => {
	await lms.close();
	jwks.closeAllConnections();
	await new Promise((resolve) => jwks.close(resolve));
});
beforeEach(() => {
	lms.recorded.scores.length = 0;
	lms.recorded.tokenRequests.length = 0;
	lms.recorded.lineItems.length = 0;
	lms.recorded.memberships.length = 0;
	lms.scoreFailure = undefined;
	lms.members = [];
	lms.membersPageSize = undefined;
});

const LEARNER = { sub: 'lms-learner-1', name: 'Robin Ash', roles: [`${LIS}Learner`] };
const TEACHER = { sub: 'lms-teacher-1', name: 'Dr Lee', roles: [`${LIS}Instructor`] };

async function register(store: Store, over: { clientId?: string } = {}): Promise<LtiPlatform> {
	const admin = await makeUser(`admin-${Math.random().toString(36).slice(2, 8)}`, 'admin');
	return store.createLtiPlatform({
		...lms.registration({ trustInstructorRoles: true }),
		...over,
		createdBy: admin.id
	});
}

/** A launch as the LMS signs it (the login round trip is launch.test.ts's business). */
async function launch(store: Store, plan: LaunchPlan): Promise<LaunchOutcome> {
	const nonce = `nonce-${Math.random().toString(36).slice(2)}`;
	return completeLaunch(store, {
		idToken: await lms.signIdToken(plan, nonce),
		state: 'state',
		stateNonce: nonce,
		keys: new PlatformKeys()
	});
}

const tinyLink = { custom: { rapport_scenario: 'tiny', rapport_mode: 'assessment' } };

/** Launches the learner into the tiny scenario and plays it to an ending. */
async function playLaunched(store: Store, plan: Partial<LaunchPlan> = {}) {
	await writeScenario('tiny', tinyScenario());
	const outcome = await launch(store, { user: LEARNER, ...tinyLink, ...plan });
	const { passwordHash: _p, ...user } = outcome.user;
	const attempt = await startAttempt(store, user, 'tiny', 'assessment');
	await choose(store, user, attempt.id, { choiceId: 'start.warm', eventId: 'ev-warm-0001' });
	await choose(store, user, attempt.id, { choiceId: 'middle.childhood', eventId: 'ev-mid-00001' });
	const completed = (await store.getAttempt(attempt.id))!;
	expect(completed.status).toBe('completed');
	return { user, attempt: completed };
}

function context(store: Store, at: () => Date, tokens = new TokenCache()): ServiceContext {
	return { store, tokens, now: at };
}

describe('LTI grade passback (AGS)', () => {
	it('posts a launched attempt’s score to its line item: the score and verdict Rapport shows', async () => {
		const store = await getStore();
		await register(store);
		const lineItem = `${lms.url}/lineitems/li-1`;
		const { user, attempt } = await playLaunched(store, { lineItem });
		const [queued] = await store.listLtiScores({ attemptIds: [attempt.id] });
		expect(queued).toMatchObject({ status: 'pending', lineItemUrl: lineItem });

		const tokens = new TokenCache();
		const report = await sendDueScores(context(store, () => new Date(), tokens));
		expect(report).toEqual({ sent: 1, failed: 0 });
		const verdict = (await attemptVerdict(store, attempt))!;
		expect(lms.recorded.scores).toEqual([
			{
				lineItem,
				body: {
					userId: LEARNER.sub,
					scoreGiven: verdict.score,
					scoreMaximum: 100,
					comment: `${verdictLabel(verdict)}: ${verdict.score} of 100.`,
					activityProgress: 'Completed',
					gradingProgress: 'FullyGraded',
					timestamp: attempt.completedAt
				}
			}
		]);
		expect(lms.recorded.tokenRequests).toEqual([
			{ scope: AGS_SCOPE.score, clientId: lms.clientId }
		]);
		const [sent] = await store.listLtiScores({ attemptIds: [attempt.id] });
		expect(sent).toMatchObject({ status: 'sent', tries: 1 });
		expect(scoreStatusLabel(sent)).toMatch(/^Sent to the LMS /);
		// Nothing is sent twice; a second attempt reuses the cached token.
		expect(await sendDueScores(context(store, () => new Date(), tokens))).toEqual({
			sent: 0,
			failed: 0
		});
		// Practice is not what the link asked for: no score leaves for a finished practice attempt.
		const practice = await startAttempt(store, user, 'tiny', 'practice');
		await choose(store, user, practice.id, { choiceId: 'start.warm', eventId: 'ev-prac-0001' });
		await choose(store, user, practice.id, {
			choiceId: 'middle.anywhere',
			eventId: 'ev-prac-0002'
		});
		expect((await store.getAttempt(practice.id))!.status).toBe('completed');
		expect(await store.listLtiScores({ attemptIds: [practice.id] })).toEqual([]);
	});

	it('keeps a score while the LMS is down, backs off, survives a restart, and sends it once the LMS is back', async () => {
		let store = await getStore();
		await register(store);
		const { user, attempt } = await playLaunched(store, {
			lineItem: `${lms.url}/lineitems/li-2`
		});
		const cohort = await store.createCohort({ name: 'C', instructorIds: [], memberIds: [user.id] });
		let now = new Date(Date.parse(attempt.completedAt!) + 1000);
		lms.scoreFailure = 500;

		expect(await sendDueScores(context(store, () => now))).toEqual({ sent: 0, failed: 1 });
		let [row] = await store.listLtiScores({ attemptIds: [attempt.id] });
		expect(row).toMatchObject({ status: 'pending', tries: 1 });
		expect(row.lastError).toMatch(/HTTP 500/);
		expect(row.nextTryAt).toBe(new Date(now.getTime() + backoffMs(1)).toISOString());
		expect(scoreStatusLabel(row)).toMatch(/^Pending \(next try .* UTC; last error: .*HTTP 500/);
		// What the instructor sees on the cohort's LMS page.
		const [shown] = await cohortScores(store, cohort);
		expect(shown).toMatchObject({ trainee: user.displayName, attemptId: attempt.id, sent: false });
		expect(shown.status).toBe(scoreStatusLabel(row));

		// Not due yet: left alone.
		now = new Date(now.getTime() + backoffMs(1) - 1000);
		expect(await sendDueScores(context(store, () => now))).toEqual({ sent: 0, failed: 0 });
		now = new Date(now.getTime() + 1000);
		expect(await sendDueScores(context(store, () => now))).toEqual({ sent: 0, failed: 1 });
		[row] = await store.listLtiScores({ attemptIds: [attempt.id] });
		expect(row.tries).toBe(2);
		expect(row.nextTryAt).toBe(new Date(now.getTime() + backoffMs(2)).toISOString());
		expect(backoffMs(2)).toBe(2 * backoffMs(1));

		// The process stops and starts again: the score is still waiting.
		await closeStore();
		store = await getStore();
		lms.scoreFailure = undefined;
		now = new Date(now.getTime() + backoffMs(2));
		expect(await sendDueScores(context(store, () => now))).toEqual({ sent: 1, failed: 0 });
		expect(lms.recorded.scores).toHaveLength(1);
		expect(lms.recorded.scores[0].body).toMatchObject({ userId: LEARNER.sub });
		[row] = await store.listLtiScores({ attemptIds: [attempt.id] });
		expect(row).toMatchObject({ status: 'sent', tries: 3, sentAt: now.toISOString() });
		expect((await cohortScores(store, cohort))[0]).toMatchObject({ sent: true });
	});

	it('queues at start a score whose process stopped between completing the attempt and queueing it', async () => {
		const store = await getStore();
		await register(store);
		const { user, attempt } = await playLaunched(store, { lineItem: `${lms.url}/lineitems/li-4` });
		// As if the process died right after storing the completion: a completed attempt, no row.
		const second = await startAttempt(store, user, 'tiny', 'assessment');
		await store.updateAttempt(second.id, {
			status: 'completed',
			completedAt: new Date().toISOString(),
			result: (await store.getAttempt(attempt.id))!.result
		});
		expect(await store.listLtiScores({ attemptIds: [second.id] })).toEqual([]);
		expect(await queueMissedScores(store)).toBe(1);
		expect(await queueMissedScores(store)).toBe(0);
		expect(await sendDueScores(context(store, () => new Date()))).toEqual({ sent: 2, failed: 0 });
		expect(lms.recorded.scores).toHaveLength(2);
	});

	it('makes the line item from the context’s line items when the launch names none', async () => {
		const store = await getStore();
		await register(store);
		const { attempt } = await playLaunched(store, { resourceLinkId: 'rl-no-item' });
		expect(await sendDueScores(context(store, () => new Date()))).toEqual({ sent: 1, failed: 0 });
		expect(lms.recorded.lineItems).toHaveLength(1);
		expect(lms.recorded.lineItems[0].body).toMatchObject({
			resourceLinkId: 'rl-no-item',
			scoreMaximum: 100
		});
		expect(lms.recorded.scores[0].lineItem).toBe(lms.recorded.lineItems[0].id);
		const [row] = await store.listLtiScores({ attemptIds: [attempt.id] });
		expect(row.lineItemUrl).toBe(lms.recorded.lineItems[0].id);
	});

	it('is refused a token for a client assertion the LMS does not accept, and keeps the score pending', async () => {
		const store = await getStore();
		const platform = await register(store);
		await playLaunched(store, { lineItem: `${lms.url}/lineitems/li-3` });
		// Registered under another client id: the assertion's iss and sub are not the LMS's client.
		await store.updateLtiPlatform(platform.id, { clientId: 'not-the-client' });
		const tokens = new TokenCache();
		const error = await tokens
			.get(
				context(store, () => new Date()),
				(await store.getLtiPlatform(platform.id))!,
				[AGS_SCOPE.score]
			)
			.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LtiServiceError);
		expect(error).toMatchObject({ code: 'token-refused', status: 400 });
		expect(lms.recorded.tokenRequests).toEqual([]);
		expect(await sendDueScores(context(store, () => new Date()))).toEqual({ sent: 0, failed: 1 });
		const [row] = await store.listLtiScores();
		expect(row.status).toBe('pending');
		expect(row.lastError).toMatch(/refused Rapport an access token/);
		expect(lms.recorded.scores).toEqual([]);
	});
});

describe('LTI roster sync (NRPS)', () => {
	it('reports an LMS that refuses the roster, and changes nothing', async () => {
		const store = await getStore();
		const platform = await register(store);
		const teacher = await launch(store, { user: TEACHER, ...tinyLink });
		const { passwordHash: _p, ...actor } = teacher.user;
		const cohort = await store.createCohort({
			name: 'C',
			instructorIds: [actor.id],
			memberIds: []
		});
		lms.members = [{ sub: 's-9', name: 'Ida Lane', roles: [`${LIS}Learner`] }];
		await store.updateLtiPlatform(platform.id, { clientId: 'not-the-client' });
		const error = await syncRoster(
			context(store, () => new Date()),
			actor,
			{
				platformId: platform.id,
				contextId: 'course-101',
				cohort
			}
		).catch((e: unknown) => e);
		expect(error).toMatchObject({ status: 502 });
		expect((error as Error).message).toMatch(/refused Rapport an access token/);
		expect((await store.getCohort(cohort.id))!.memberIds).toEqual([]);
		expect(await store.findIdentity('lti', lms.issuer, 's-9')).toBeUndefined();
	});

	it('fills a cohort from the course roster, page by page; learners as members, trusted instructors as instructors', async () => {
		const store = await getStore();
		const platform = await register(store);
		const teacher = await launch(store, { user: TEACHER, ...tinyLink });
		const { passwordHash: _p, ...actor } = teacher.user;
		expect(actor.role).toBe('instructor');
		const cohort = await store.createCohort({
			name: 'PSY101 spring',
			instructorIds: [actor.id],
			memberIds: []
		});
		lms.members = [
			{ sub: 's-1', name: 'Ana Bell', email: 'ana@uni.example', roles: [`${LIS}Learner`] },
			{ sub: 's-2', name: 'Ben Cole', roles: ['Learner'] },
			{ sub: 's-3', name: 'Cai Dunn', roles: [`${LIS}Learner`] },
			{ sub: 't-2', name: 'Dr Ford', roles: [`${LIS}Instructor`] },
			{ sub: 'm-1', name: 'Mentor May', roles: [`${LIS}Mentor`] },
			{ sub: 's-4', name: 'Eve Gone', roles: [`${LIS}Learner`], status: 'Inactive' }
		];
		lms.membersPageSize = 2;
		const ctx = context(store, () => new Date());
		const [course] = await coursesFor(ctx, actor as PublicUser);
		expect(course).toMatchObject({
			platformId: platform.id,
			contextId: 'course-101',
			title: 'Counselling skills'
		});

		const report = await syncRoster(ctx, actor as PublicUser, {
			platformId: course.platformId,
			contextId: course.contextId,
			cohort
		});
		expect(lms.recorded.memberships).toHaveLength(3);
		expect(report).toMatchObject({ members: 6, created: 4, addedMembers: 3, addedInstructors: 1 });
		expect(report.leftOut.map((l) => l.name)).toEqual(['Mentor May']);
		const filled = (await store.getCohort(cohort.id))!;
		const names = async (ids: string[]) =>
			(await Promise.all(ids.map((id) => store.getUser(id)))).map((u) => u!.displayName).sort();
		expect(await names(filled.memberIds)).toEqual(['Ana Bell', 'Ben Cole', 'Cai Dunn']);
		expect(await names(filled.instructorIds)).toEqual(['Dr Ford', 'Dr Lee']);
		const [audit] = await store.listAudit({ limit: 1 });
		expect(audit).toMatchObject({
			action: 'lti.roster.sync',
			actorId: actor.id,
			targetId: cohort.id,
			detail: { addedMembers: 3, addedInstructors: 1, created: 4 }
		});

		// Linked by issuer and sub: the learner's own launch later finds the same account.
		const ana = await store.findIdentity('lti', lms.issuer, 's-1');
		const anaLaunch = await launch(store, {
			user: { sub: 's-1', roles: [`${LIS}Learner`] },
			...tinyLink
		});
		expect(anaLaunch.user.id).toBe(ana!.userId);
		// Ben leaves the course: he keeps his place and work, and the sync says so.
		lms.members = lms.members.map((m) =>
			m.sub === 's-2' ? { ...m, status: 'Deleted' as const } : m
		);
		const again = await syncRoster(ctx, actor as PublicUser, {
			platformId: platform.id,
			contextId: 'course-101',
			cohort: filled
		});
		expect(again).toMatchObject({ created: 0, addedMembers: 0, addedInstructors: 0 });
		expect(again.notInCourse).toEqual(['Ben Cole']);
		expect((await store.getCohort(cohort.id))!.memberIds).toHaveLength(3);
	});

	it('refuses a course the instructor never launched from; follows only a Link header’s next page', async () => {
		const store = await getStore();
		await register(store);
		const outsider = await makeUser('outsider', 'instructor');
		const cohort = await store.createCohort({
			name: 'C',
			instructorIds: [outsider.id],
			memberIds: []
		});
		const ctx = context(store, () => new Date());
		await expect(
			syncRoster(ctx, outsider, { platformId: 'x', contextId: 'course-101', cohort })
		).rejects.toMatchObject({ status: 404 });
		expect(nextPage('<https://l/m?page=2>; rel="next", <https://l/m?page=1>; rel="first"')).toBe(
			'https://l/m?page=2'
		);
		expect(nextPage('<https://l/m?page=1>; rel="first"')).toBeUndefined();
	});
});
