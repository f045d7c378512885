import { expect, test } from './fixtures';
import { ACCOUNTS } from './accounts';
import { formPost, signIn, signInCookie } from './player-helpers';

// An admin promotes a trainee to instructor from the account page; the change is audited by the
// server, applies on the next request, and an admin cannot demote themselves.

test('an admin changes a trainee into an instructor @nojs', async ({
	page,
	axe,
	baseURL
}, testInfo) => {
	const account = testInfo.project.name === 'js' ? ACCOUNTS.promotedJs : ACCOUNTS.promotedNoJs;
	const before = await signInCookie(baseURL!, account);
	expect(
		(await fetch(`${baseURL}/cohorts`, { headers: { cookie: before }, redirect: 'manual' })).status
	).toBe(403);

	await signIn(page, ACCOUNTS.admin, '/admin');
	await page.getByRole('link', { name: account.username, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: account.displayName })).toBeVisible();
	await page.getByRole('combobox', { name: 'Role' }).selectOption('instructor');
	await page.getByRole('button', { name: 'Change role' }).click();
	await expect(page.getByRole('status')).toContainText('Role saved: instructor');
	await axe.expectNoAxeViolations();

	// The same session now reaches the instructors' area.
	expect(
		(await fetch(`${baseURL}/cohorts`, { headers: { cookie: before }, redirect: 'manual' })).status
	).toBe(200);
});

test('an admin cannot take away their own admin role', async ({ baseURL }) => {
	const cookie = await signInCookie(baseURL!, ACCOUNTS.admin);
	const accounts = await (await fetch(`${baseURL}/admin`, { headers: { cookie } })).text();
	const id = new RegExp(`/admin/users/([A-Za-z0-9_-]+)">${ACCOUNTS.admin.username}<`).exec(
		accounts
	)![1];
	const response = await formPost(baseURL!, `/admin/users/${id}?/role`, cookie, {
		role: 'trainee'
	});
	expect(response.status).toBe(400);
	expect(
		(await fetch(`${baseURL}/admin`, { headers: { cookie }, redirect: 'manual' })).status
	).toBe(200);
});
