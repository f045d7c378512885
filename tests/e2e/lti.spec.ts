import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openStore } from '../../src/lib/server/store';
import { LIS, startTestPlatform, type TestPlatform } from '../support/lti-platform';
import { expect, startServer, test, type RunningServer } from './fixtures';

// A test LMS (tests/support/lti-platform.ts) launches a trainee into an assigned scenario in a
// real browser, through the production server's /lti/login and /lti/launch; a spoiled launch
// ends on a clear error page; an instructor picks a scenario inside the LMS's frame with no
// Rapport cookie; the admin sees the platform and Rapport's addresses.

const ADMIN = {
	username: 'lti-admin',
	password: 'lti-admin-password-1',
	role: 'admin' as const,
	displayName: 'LTI Admin'
};
const TRAINEE = { sub: 'lms-user-1', name: 'Robin Ash', roles: [`${LIS}Learner`] };
const TEACHER = { sub: 'lms-teacher-1', name: 'Dr Lee', roles: [`${LIS}Instructor`] };

/** A response's `frame-ancestors` sources. */
function frameAncestors(csp: string | undefined): string[] | undefined {
	const directive = csp?.split(';').find((d) => d.trim().startsWith('frame-ancestors '));
	return directive?.trim().split(/\s+/).slice(1);
}

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
				...lms.registration({ name: 'Test LMS', trustInstructorRoles: true }),
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
		// The test LMS checks Rapport's deep-linking responses against Rapport's published keys.
		lms.toolJwksUrl = `${server.url}/lti/jwks`;
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

	test('an instructor picks a scenario in the LMS frame with no Rapport cookie; only the platform may frame the picker', async ({
		page,
		axe
	}) => {
		const hint = lms.plan({ user: TEACHER, messageType: 'LtiDeepLinkingRequest' });
		const login = lms.loginUrl(`${server.url}/lti/login`, hint, `${server.url}/lti/launch`);
		await page.goto(`${lms.url}/course?tool=${encodeURIComponent(login)}`);
		const frame = page.frameLocator('iframe[title="Rapport"]');
		// Shown inside the LMS page: the browser would show nothing here if framing were refused.
		await expect(
			frame.getByRole('heading', { level: 1, name: 'Choose a scenario for your course' })
		).toBeVisible();
		await axe.expectNoAxeViolations();

		// No Rapport cookie at all, as in a browser that keeps them out of other sites' frames.
		await page.context().clearCookies();
		const picker = page.frames().find((f) => f.url().includes('/lti/deep-link?'))!;
		const pickerUrl = picker.url();
		await picker.goto(pickerUrl);
		expect(await page.context().cookies(server.url)).toEqual([]);
		await frame.getByLabel('Scenario', { exact: true }).selectOption({ label: 'Coat still on' });
		await frame.getByLabel('Mode').selectOption('practice');
		await frame.getByRole('button', { name: 'Add to the course' }).click();
		await expect(frame.getByRole('heading', { name: 'Link added to the course' })).toBeVisible();
		const [returned] = lms.recorded.deepLinkReturns;
		const [item] = returned.payload[
			'https://purl.imsglobal.org/spec/lti-dl/claim/content_items'
		] as { custom: Record<string, string> }[];
		expect(item.custom).toMatchObject({
			rapport_scenario: 'coat-still-on',
			rapport_mode: 'practice'
		});

		// The picker may be framed by the platform's origin only; every other page by nobody.
		const lmsOrigin = new URL(lms.url).origin;
		const framed = await page.request.get(pickerUrl);
		expect(frameAncestors(framed.headers()['content-security-policy'])).toEqual([lmsOrigin]);
		const spoiled = await page.request.get(`${server.url}/lti/deep-link?request=spoiled`);
		expect(spoiled.status()).toBe(400);
		expect(await spoiled.text()).toContain('Add Rapport from your course again.');
		expect(frameAncestors(spoiled.headers()['content-security-policy'])).toEqual([lmsOrigin]);
		const spoiledReturn = await page.request.post(`${server.url}/lti/deep-link/return`, {
			form: { request: 'spoiled', scenario: 'coat-still-on', mode: 'practice' },
			headers: { origin: server.url }
		});
		expect(spoiledReturn.status()).toBe(400);
		expect(lms.recorded.deepLinkReturns).toHaveLength(1);
		expect(frameAncestors(spoiledReturn.headers()['content-security-policy'])).toEqual([lmsOrigin]);
		const signin = await page.request.get(`${server.url}/signin`);
		expect(frameAncestors(signin.headers()['content-security-policy'])).toEqual(["'none'"]);
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
