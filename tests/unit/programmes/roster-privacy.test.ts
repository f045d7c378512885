import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import type { Cohort, PublicUser, Store } from '../../../src/lib/server/store/types';
import { canViewAttempt } from '../../../src/lib/server/programmes/access';
import { traineeCohorts } from '../../../src/lib/server/programmes/cohorts';
import { addTrainee, importRoster, tellJoined } from '../../../src/lib/server/programmes/roster';
import { traineeDetail } from '../../../src/lib/server/analytics/trainee-detail';
import { startMailServer, type MailServer } from '../../support/mail-server';

// Issue 18, defect 2: an instructor put another cohort's trainee on their own roster by username
// and could then read that trainee's whole history. Now they see only work for their own
// cohort's assignments, the trainee is told, and the audit log records the join.

let mail: MailServer;
beforeEach(async () => {
	mail = await startMailServer();
});
afterEach(async () => {
	await mail.close();
});

async function cohortOf(store: Store, name: string, instructor: PublicUser, members: string[]) {
	return store.createCohort({ name, instructorIds: [instructor.id], memberIds: members });
}

async function twoCohorts() {
	const store = await getStore();
	const ivy = await makeUser('ivy', 'instructor', 'Ivy Instructor');
	const otto = await makeUser('otto', 'instructor', 'Otto Other');
	const tess = await makeUser('tess', 'trainee', 'Tess Trainee');
	await store.updateUser(tess.id, { email: 'tess@example.org' });
	const theirs = await cohortOf(store, 'Group B', otto, [tess.id]);
	const mine = await cohortOf(store, 'Group A', ivy, []);
	const assign = (cohort: Cohort, mode: 'practice' | 'assessment') =>
		store.createAssignment({
			cohortId: cohort.id,
			scenarioId: 'coat-still-on',
			mode,
			createdBy: cohort.instructorIds[0]
		});
	const theirAssessment = await assign(theirs, 'assessment');
	const myPractice = await assign(mine, 'practice');
	// Before Ivy adds her: free practice, and an assessment for group B still in progress.
	const attempt = (assignmentId?: string, mode: 'practice' | 'assessment' = 'practice') =>
		store.createAttempt({
			userId: tess.id,
			scenarioId: 'coat-still-on',
			scenarioHash: 'h',
			mode,
			...(assignmentId ? { assignmentId } : {})
		});
	const ownPractice = await attempt();
	const inProgress = await attempt(theirAssessment.id, 'assessment');
	return { store, ivy, otto, tess, mine, theirs, myPractice, ownPractice, inProgress, attempt };
}

describe('adding an existing trainee to a roster', () => {
	it('shows the new instructor only work for their own cohort’s assignments', async () => {
		const { store, ivy, otto, tess, mine, theirs, myPractice, ownPractice, inProgress, attempt } =
			await twoCohorts();
		const result = await addTrainee(
			store,
			mine.id,
			{ username: 'tess', displayName: 'anything' },
			ivy
		);
		expect(result.plan.rows[0].action).toBe('add');

		expect(await canViewAttempt(store, ivy, inProgress)).toBe(false);
		expect(await canViewAttempt(store, ivy, ownPractice)).toBe(false);
		expect(await canViewAttempt(store, otto, inProgress)).toBe(true);
		const forMe = await attempt(myPractice.id);
		expect(await canViewAttempt(store, ivy, forMe)).toBe(true);
		expect(await canViewAttempt(store, otto, forMe)).toBe(false);

		const detail = await traineeDetail(store, (await store.getCohort(mine.id))!, tess.id);
		expect(detail.attempts.map((a) => a.id)).toEqual([forMe.id]);
		// Group B's trainee page (Otto's) still shows the assessment in progress.
		const theirsDetail = await traineeDetail(store, theirs, tess.id);
		expect(theirsDetail.attempts.map((a) => a.id)).toEqual([inProgress.id]);
	});

	it('records the join against the trainee and lists the cohort on their home page', async () => {
		const { store, ivy, tess, mine } = await twoCohorts();
		await addTrainee(store, mine.id, { username: 'tess', displayName: 'x' }, ivy);
		const audit = await store.listAudit();
		expect(audit).toContainEqual(
			expect.objectContaining({
				actorId: ivy.id,
				action: 'roster.join',
				targetType: 'user',
				targetId: tess.id,
				detail: { cohortId: mine.id }
			})
		);
		expect(await traineeCohorts(store, tess)).toEqual([
			{ id: mine.id, name: 'Group A', instructors: ['Ivy Instructor'] },
			{ id: expect.any(String), name: 'Group B', instructors: ['Otto Other'] }
		]);
	});

	it('mails the trainee when mail is set up, and nobody for new accounts or unchanged rows', async () => {
		const { store, ivy, mine } = await twoCohorts();
		const result = await importRoster(
			store,
			mine.id,
			'username,display name,email\ntess,Tess,\nnewbie,New Bie,newbie@example.org\n',
			ivy
		);
		expect(result.joined.map((u) => u.username)).toEqual(['tess']);
		const settings = { url: mail.url, from: 'Rapport <rapport@example.org>' };
		const report = await tellJoined(store, mine, result.joined, ivy, 'https://r.example', settings);
		expect(report).toEqual({ sent: ['tess@example.org'], failed: [] });
		expect(mail.received).toHaveLength(1);
		expect(mail.received[0].to).toEqual(['tess@example.org']);
		expect(mail.received[0].text).toContain('Ivy Instructor added you to the cohort "Group A"');
		expect(mail.received[0].text).toContain('stay private to you');
		// Without SMTP_URL nothing is sent.
		expect(
			await tellJoined(store, mine, result.joined, ivy, 'https://r.example', undefined)
		).toEqual({ sent: [], failed: [] });
		expect(mail.received).toHaveLength(1);
	});
});
