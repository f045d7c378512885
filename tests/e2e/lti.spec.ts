import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openStore } from '../../src/lib/server/store';
import { LIS, startTestPlatform, type TestPlatform } from '../support/lti-platform';
import { expect, startServer, test, type RunningServer } from './fixtures';

// A test LMS (tests/support/lti-platform.ts) launches a trainee into an assigned scenario in a
// real browser, through the production server's /lti/login and /lti/launch; a spoiled launch
// ends on a clear error page; the admin sees the platform and Rapport's addresses.

const ADMIN = {
	username: 'lti-admin',
	password: 'lti-admin-password-1',
	role: 'admin' as const,
	displayName: 'LTI Admin'
};
const TRAINEE = { sub: 'lms-user-1', name: 'Robin Ash', roles: [`${LIS}Learner`] };

test.describe('LTI 1.3 launch from an LMS', { tag: '@own-store' }, () => {
	test.describe.configure({ mode: 'serial' });
	let lms: TestPlatform;
	let server: RunningServer;
	let dataDir = '';

	test.beforeAll(async () => {
		test.setTimeout(90_000);
		lms = await startTestPlatform();
		dataDir = mkdtempSync(join(tmpdir(), 'rapport-lti-'));
		const store = await openStore({ dataDir }, { backupOnOpen: false });
		try {
			const admin = await createAccount(store, ADMIN);
			const cohort = await store.createCohort({ name: 'PSY101', instructorIds: [], memberIds: [] });
			const assignment = await store.createAssignment({
				cohortId: cohort.id,
				scenarioId: 'coat-still-on',
				mode: 'assessment',
				createdBy: admin.id
			});
			const platform = await store.createLtiPlatform({
				...lms.registration({ name: 'Test LMS' }),
				createdBy: admin.id
			});
			await store.saveLtiResourceLink({
				platformId: platform.id,
				deploymentId: lms.deploymentId,
				resourceLinkId: 'week-3',
				target: { kind: 'assignment', assignmentId: assignment.id },
				mode: 'assessment'
			});
		} finally {
			await store.close();
		}
		server = await startServer({ dataDir });
	});

	test.afterAll(async () => {
		await server?.stop();
		await lms?.close();
		if (dataDir) rmSync(dataDir, { recursive: true, force: true });
	});

	test('the LMS launches a trainee into the assigned scenario; a spoiled launch is refused', async ({
		page,
		axe
	}) => {
		const hint = lms.plan({ user: TRAINEE, resourceLinkId: 'week-3' });
		await page.goto(lms.loginUrl(`${server.url}/lti/login`, hint, `${server.url}/lti/launch`));
		// Through the platform's auto-submitted form post, signed in, on the trainee's home page.
		await expect(page).toHaveURL(`${server.url}/`);
		await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Robin Ash');
		await axe.expectNoAxeViolations();
		await page.getByRole('button', { name: /Start/ }).first().click();
		await expect(page).toHaveURL(/\/attempts\//);
		await axe.expectNoAxeViolations();

		const now = Math.floor(Date.now() / 1000);
		const expired = lms.plan({
			user: TRAINEE,
			resourceLinkId: 'week-3',
			tamper: (p) => ({ ...p, iat: now - 900, exp: now - 300 })
		});
		await page.goto(lms.loginUrl(`${server.url}/lti/login`, expired, `${server.url}/lti/launch`));
		await expect(
			page.getByText('The launch has expired. Open the link in your course again.')
		).toBeVisible();
		await axe.expectNoAxeViolations();
	});

	test('the admin sees the platform and the addresses to paste into the LMS', async ({
		page,
		axe
	}) => {
		await page.goto(`${server.url}/signin?next=/admin/lti`);
		await page.getByLabel('Username').fill(ADMIN.username);
		await page.getByLabel('Password').fill(ADMIN.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(
			page.getByRole('heading', { level: 1, name: 'LMS connections (LTI 1.3)' })
		).toBeVisible();
		await expect(page.getByRole('link', { name: 'Test LMS' })).toBeVisible();
		await expect(page.getByText(`${server.url}/lti/login`)).toBeVisible();
		await expect(page.getByText(`${server.url}/lti/jwks`)).toBeVisible();
		await axe.expectNoAxeViolations();
		// A registration with problems is refused with every one listed.
		await page.getByRole('button', { name: 'Add the platform' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'Enter the client ID the platform gave Rapport.'
		);
	});
});
