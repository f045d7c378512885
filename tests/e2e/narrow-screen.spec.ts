import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, test } from './fixtures';
import { ACCOUNTS } from './accounts';
import { horizontalOverflow, signIn } from './player-helpers';
import { FLOW_SCENARIOS, setUpProgramme } from './programmes-setup';

// A 360 px phone: no page scrolls sideways (a wide table scrolls inside its own region), and no
// table header, score or figure breaks in the middle of a word.

const PHONE = { width: 360, height: 740 };

/**
 * Words in the elements matching `selector` that the layout split over two lines, e.g. "Attem-
 * pts" or "100/10" + "0". Each word is measured with a Range: one word on one line has all its
 * boxes at one height.
 */
function brokenWords(page: Page, selector: string): Promise<string[]> {
	return page.evaluate((selector) => {
		const broken: string[] = [];
		for (const element of document.querySelectorAll(selector)) {
			const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const text = node.textContent ?? '';
				// A break after a hyphen ("I-" / "statements") is a break between words.
				for (const match of text.matchAll(/[^\s-]+/g)) {
					const range = document.createRange();
					range.setStart(node, match.index);
					range.setEnd(node, match.index + match[0].length);
					const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
					if (tops.size > 1) broken.push(match[0]);
				}
			}
		}
		return broken;
	}, selector);
}

async function expectFits(page: Page, path: string, what: string) {
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	expect(await horizontalOverflow(page), `${what}: sideways scroll`).toBe(0);
	expect(await brokenWords(page, 'th, .num, .big, .filters'), `${what}: words broken`).toEqual([]);
	await expectNoAxeViolations(page);
}

test(
	'at 360 px no page scrolls sideways and no header or score breaks mid-word',
	{ tag: '@one-pass' },
	async ({ browser }) => {
		test.setTimeout(180_000);
		const setup = await setUpProgramme(browser);
		const trainee = setup.traineePage;
		const staff = setup.instructorPage;
		try {
			await trainee.setViewportSize(PHONE);
			await staff.setViewportSize(PHONE);

			// The debrief the trainee has just reached: its score and figures.
			await trainee.reload();
			await expect(trainee.getByRole('region', { name: /^Debrief: / })).toBeVisible();
			expect(await horizontalOverflow(trainee), 'debrief: sideways scroll').toBe(0);
			expect(await brokenWords(trainee, '.num, .big'), 'debrief: figures broken').toEqual([]);

			await expectFits(trainee, '/scenarios', 'catalogue');
			await expectFits(trainee, '/scenarios?principle=safe-space', 'catalogue, filtered');
			await expectFits(trainee, '/me', 'my progress');
			await expectFits(trainee, '/', 'home');

			await expectFits(staff, '/library', 'library');
			const cohort = `/cohorts/${setup.cohortId}`;
			await expectFits(staff, '/cohorts', 'cohorts');
			await expectFits(staff, cohort, 'cohort');
			await expectFits(
				staff,
				`${cohort}/assignments/${setup.assignmentIds[FLOW_SCENARIOS[0].id]}`,
				'assignment'
			);
			await expectFits(staff, `${cohort}/dashboard`, 'dashboard');
			await expectFits(staff, `${cohort}/items`, 'items');
			await expectFits(staff, `${cohort}/practice`, 'practice figures');
			await expectFits(staff, `${cohort}/items/${FLOW_SCENARIOS[0].id}`, 'item analysis');
			await expectFits(
				staff,
				`${cohort}/trainees/${await traineeId(staff, setup.cohortId)}`,
				'trainee'
			);

			// An admin's pages: every account, and one account with its destructive forms.
			const admin = await (await browser.newContext({ viewport: PHONE })).newPage();
			await signIn(admin, ACCOUNTS.admin, '/admin');
			await expectFits(admin, '/admin', 'accounts');
			await admin.getByRole('link', { name: setup.trainees[0].username, exact: true }).click();
			await expect(admin.getByRole('form', { name: /^Erase / })).toBeVisible();
			await expectFits(admin, admin.url(), 'account');
			await admin.context().close();
		} finally {
			await trainee.context().close();
			await staff.context().close();
		}
	}
);

/** The first trainee's id, from the dashboard's link to their record. */
async function traineeId(page: Page, cohortId: string): Promise<string> {
	await page.goto(`/cohorts/${cohortId}/dashboard`);
	const href = await page
		.getByRole('link', { name: /^Ada Lovelace/ })
		.first()
		.getAttribute('href');
	return /\/trainees\/([^/?#]+)/.exec(href ?? '')![1];
}
