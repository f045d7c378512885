import { describe, expect, it } from 'vitest';
import { StoreNotFoundError } from '../../../src/lib/server/store/errors';
import type { NewLtiScore, Store } from '../../../src/lib/server/store/types';
import { storeBackend } from './backend';
import { openTestStore, reopenTestStore, seedTrainee } from './helpers';

/** LTI services: launch links (AGS and NRPS claims per user) and the score outbox. */
const backend = storeBackend();

async function newPlatform(store: Store, createdBy: string, clientId = 'client-1') {
	return store.createLtiPlatform({
		name: 'Moodle',
		issuer: 'https://moodle.example.edu',
		clientId,
		authEndpoint: 'https://moodle.example.edu/mod/lti/auth.php',
		tokenEndpoint: 'https://moodle.example.edu/mod/lti/token.php',
		jwksUrl: 'https://moodle.example.edu/mod/lti/certs.php',
		deploymentIds: ['1'],
		trustInstructorRoles: false,
		createdBy
	});
}

function score(
	attemptId: string,
	userId: string,
	platformId: string,
	over: Partial<NewLtiScore> = {}
): NewLtiScore {
	return {
		attemptId,
		userId,
		platformId,
		deploymentId: '1',
		resourceLinkId: 'link-1',
		lineItemUrl: 'https://moodle.example.edu/lineitems/7',
		score: { userId: 'sub-1', scoreGiven: 80, scoreMaximum: 100 },
		nextTryAt: '2026-05-01T09:00:00.000Z',
		...over
	};
}

describe(`${backend} store: LTI services`, () => {
	it('keeps one launch link per user and resource link, replaced by each launch', async () => {
		let now = new Date('2026-05-01T09:00:00.000Z');
		const store = await openTestStore({ clock: () => now });
		const { user } = await seedTrainee(store, 'ada');
		const platform = await newPlatform(store, user.id);
		const base = {
			userId: user.id,
			platformId: platform.id,
			deploymentId: '1',
			resourceLinkId: 'link-1',
			subject: 'sub-1',
			target: { kind: 'scenario' as const, scenarioId: 'first-session' },
			mode: 'assessment' as const,
			agsScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score']
		};
		const first = await store.saveLtiLaunchLink(base);
		expect(first.createdAt).toBe('2026-05-01T09:00:00.000Z');
		now = new Date('2026-05-02T09:00:00.000Z');
		const again = await store.saveLtiLaunchLink({ ...base, lineItemUrl: 'https://l/7' });
		expect(again).toMatchObject({
			createdAt: '2026-05-01T09:00:00.000Z',
			updatedAt: '2026-05-02T09:00:00.000Z',
			lineItemUrl: 'https://l/7'
		});
		await store.saveLtiLaunchLink({ ...base, resourceLinkId: 'link-2' });
		const reopened = await reopenTestStore(store);
		expect(await reopened.listLtiLaunchLinks({ userId: user.id })).toHaveLength(2);
		expect(await reopened.listLtiLaunchLinks({ platformId: platform.id })).toHaveLength(2);
		expect(await reopened.listLtiLaunchLinks({ userId: 'nobody' })).toEqual([]);
		await expect(
			reopened.saveLtiLaunchLink({ ...base, platformId: 'nope' })
		).rejects.toBeInstanceOf(StoreNotFoundError);
	});

	it('queues a score once, hands each due score to one sender, and keeps it across a reopen', async () => {
		const store = await openTestStore({ clock: () => new Date('2026-05-01T08:00:00.000Z') });
		const { user } = await seedTrainee(store, 'ada');
		const platform = await newPlatform(store, user.id);
		const [queued] = await store.queueLtiScores([score('a1', user.id, platform.id)]);
		expect(queued).toMatchObject({ status: 'pending', tries: 0, attemptId: 'a1' });
		// Queueing the same attempt and link again changes nothing.
		const [same] = await store.queueLtiScores([
			score('a1', user.id, platform.id, { nextTryAt: '2030-01-01T00:00:00.000Z' })
		]);
		expect(same).toEqual(queued);
		await store.queueLtiScores([
			score('a2', user.id, platform.id, { nextTryAt: '2026-05-01T10:00:00.000Z' })
		]);

		expect(await store.claimDueLtiScores('2026-05-01T08:59:59.000Z', 'x', 10)).toEqual([]);
		const lease = '2026-05-01T09:05:00.000Z';
		const claimed = await store.claimDueLtiScores('2026-05-01T09:00:00.000Z', lease, 10);
		expect(claimed.map((s) => [s.attemptId, s.nextTryAt])).toEqual([['a1', lease]]);
		// A second sender at the same moment finds nothing: the row is leased.
		expect(await store.claimDueLtiScores('2026-05-01T09:00:00.000Z', lease, 10)).toEqual([]);

		const failed = await store.updateLtiScore(queued.id, {
			tries: 1,
			lastError: 'HTTP 500',
			lastTriedAt: '2026-05-01T09:00:01.000Z',
			nextTryAt: '2026-05-01T09:00:31.000Z'
		});
		expect(failed).toMatchObject({ status: 'pending', tries: 1, lastError: 'HTTP 500' });
		const reopened = await reopenTestStore(store);
		expect(await reopened.listLtiScores({ attemptIds: ['a1'] })).toEqual([failed]);
		const due = await reopened.claimDueLtiScores('2026-05-01T11:00:00.000Z', 'z', 1);
		expect(due.map((s) => s.attemptId)).toEqual(['a1']);
		await reopened.updateLtiScore(queued.id, {
			status: 'sent',
			sentAt: '2026-05-01T11:00:01.000Z',
			tries: 2
		});
		// Sent rows are never claimed again; the other is.
		const rest = await reopened.claimDueLtiScores('2030-01-01T00:00:00.000Z', 'z', 10);
		expect(rest.map((s) => s.attemptId)).toEqual(['a2']);
		expect((await reopened.listLtiScores({ platformId: platform.id })).length).toBe(2);
		expect(await reopened.listLtiScores({ attemptIds: [] })).toEqual([]);
		await expect(reopened.updateLtiScore('nope', { tries: 1 })).rejects.toBeInstanceOf(
			StoreNotFoundError
		);
	});

	it('forgets a user’s launch links and scores when the user is erased, and a platform’s when it goes', async () => {
		const store = await openTestStore();
		const { user: ada } = await seedTrainee(store, 'ada');
		const { user: bo } = await seedTrainee(store, 'bo');
		const platform = await newPlatform(store, ada.id);
		const other = await newPlatform(store, ada.id, 'client-2');
		const link = {
			platformId: platform.id,
			deploymentId: '1',
			resourceLinkId: 'link-1',
			subject: 'sub',
			target: { kind: 'scenario' as const, scenarioId: 's' },
			mode: 'assessment' as const,
			agsScopes: []
		};
		await store.saveLtiLaunchLink({ ...link, userId: ada.id });
		await store.saveLtiLaunchLink({ ...link, userId: bo.id });
		await store.saveLtiLaunchLink({ ...link, userId: bo.id, platformId: other.id });
		await store.queueLtiScores([
			score('a1', ada.id, platform.id),
			score('b1', bo.id, platform.id),
			score('b2', bo.id, other.id)
		]);
		await store.eraseUser(ada.id);
		expect(await store.listLtiLaunchLinks({ userId: ada.id })).toEqual([]);
		expect((await store.listLtiScores()).map((s) => s.attemptId).sort()).toEqual(['b1', 'b2']);
		await store.deleteLtiPlatform(other.id);
		expect((await store.listLtiScores()).map((s) => s.attemptId)).toEqual(['b1']);
		expect(await store.listLtiLaunchLinks({ userId: bo.id })).toHaveLength(1);
		await store.deleteUser(bo.id);
		expect(await store.listLtiScores()).toEqual([]);
		expect(await store.listLtiLaunchLinks({ platformId: platform.id })).toEqual([]);
	});
});
