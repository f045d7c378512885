import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn, signInCookie, startAttemptOver } from './player-helpers';

// The catalogue's cards tell a signed-in trainee where they stand on each scenario; signed out,
// the cards say nothing about anyone.

test(
	'catalogue cards show the trainee’s status',
	{ tag: '@nojs' },
	async ({ page, axe, baseURL }, testInfo) => {
		const js = testInfo.project.use.javaScriptEnabled !== false;
		const account = js ? ACCOUNTS.uxPlayerJs : ACCOUNTS.uxPlayerNoJs;
		await startAttemptOver(baseURL!, await signInCookie(baseURL!, account), 'camera-off');

		await page.goto('/scenarios');
		await expect(page.getByText('Your status:')).toHaveCount(0);

		await signIn(page, account, '/scenarios');
		const card = (title: string) =>
			page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
		await expect(card('Camera off')).toContainText('Your status: In progress');
		await expect(card('The waiting list')).toContainText('Your status: Not started');
		await axe.expectNoAxeViolations();
	}
);
