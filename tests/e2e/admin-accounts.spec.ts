import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { signIn, signInCookie } from './player-helpers';

// Admins look after accounts: a new account is a trainee unless chosen otherwise; a person's
// name and email can be changed; an account can be suspended (signed out at once, no sign-in,
// data kept) and restored. Suspending is destructive: red, confirmed by typing the username,
// and a refusal appears beside its button.

const DANGER_RED = 'rgb(161, 38, 45)';

test('new accounts default to Trainee @nojs', async ({ page, axe }) => {
	await signIn(page, ACCOUNTS.admin, '/admin');
	await expect(page.getByRole('combobox', { name: 'Role' })).toHaveValue('trainee');
	await axe.expectNoAxeViolations();
});

test('an admin renames, suspends and restores an account @nojs', async ({
	page,
	axe,
	baseURL
}, testInfo) => {
	test.setTimeout(90_000);
	const js = testInfo.project.use.javaScriptEnabled !== false;
	const account = js ? ACCOUNTS.suspendJs : ACCOUNTS.suspendNoJs;
	const theirs = await signInCookie(baseURL!, account);
	const signedIn = async () =>
		(await fetch(`${baseURL}/me`, { headers: { cookie: theirs }, redirect: 'manual' })).status;
	expect(await signedIn()).toBe(200);

	await signIn(page, ACCOUNTS.admin, '/admin');
	await page.getByRole('link', { name: account.username, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1, name: account.displayName })).toBeVisible();

	// Name and email.
	const newName = `${account.displayName} Renamed`;
	await page.getByLabel('Display name').fill(newName);
	await page.getByLabel(/^Email/).fill(`${account.username}@example.org`);
	await page.getByRole('button', { name: 'Save name and email' }).click();
	await expect(page.getByRole('status')).toContainText('Name and email saved');
	await expect(page.getByRole('heading', { level: 1, name: newName })).toBeVisible();
	await expect(page.getByText(`${account.username}@example.org`)).toBeVisible();

	// Suspending: a red button; the wrong name is refused beside it, and nothing changes.
	const suspend = page.getByRole('form', { name: `Suspend ${account.username}` });
	const button = suspend.getByRole('button', { name: `Suspend ${account.username}` });
	expect(await button.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(DANGER_RED);
	await suspend.getByLabel(/^Type the username/).fill('someone-else');
	await button.click();
	const refusal = page
		.getByRole('form', { name: `Suspend ${account.username}` })
		.getByRole('alert');
	await expect(refusal).toContainText('Not suspended: type the username');
	await expect(refusal).toBeInViewport();
	await axe.expectNoAxeViolations();
	expect(await signedIn()).toBe(200);

	await page
		.getByRole('form', { name: `Suspend ${account.username}` })
		.getByLabel(/^Type the username/)
		.fill(account.username);
	await page.getByRole('button', { name: `Suspend ${account.username}` }).click();
	await expect(page.getByRole('status')).toContainText('The account is suspended');
	await expect(page.getByText(/^Suspended on /)).toBeVisible();
	await axe.expectNoAxeViolations();

	// Their session ended at once, and they cannot sign in; their attempts are untouched.
	expect(await signedIn()).toBe(303);
	const other = await (await page.context().browser()!.newContext()).newPage();
	await other.goto('/signin');
	await other.getByLabel('Username').fill(account.username);
	await other.getByLabel('Password').fill(account.password);
	await other.getByRole('button', { name: 'Sign in' }).click();
	await expect(other.getByRole('alert')).toContainText('This account is suspended');

	// Restored: they can sign in again.
	await page.getByRole('button', { name: 'Lift the suspension' }).click();
	await expect(page.getByRole('status')).toContainText('The suspension is lifted');
	await signIn(other, account, '/me');
	await other.context().close();
});

test('the same scenario cannot be assigned twice to a cohort with the same dates @nojs', async ({
	page,
	axe
}, testInfo) => {
	await signIn(page, ACCOUNTS.instructor, '/cohorts/new');
	const name = `Twice ${testInfo.project.name} ${Date.now().toString(36)}`;
	await page.getByLabel('Name').fill(name);
	await page.getByRole('button', { name: 'Create the cohort' }).click();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	const assign = async () => {
		await page.getByRole('link', { name: 'Assign scenarios' }).first().click();
		await page.getByRole('checkbox', { name: /^Camera off/ }).check();
		await page.getByLabel(/^Due date/).fill('2099-06-30');
		await page.getByRole('button', { name: 'Assign' }).click();
	};
	await assign();
	await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
	await assign();
	await expect(page.getByRole('alert')).toContainText(
		'“Camera off” is already assigned to this cohort with the same dates'
	);
	await axe.expectNoAxeViolations();
	await page.getByRole('link', { name, exact: true }).click();
	await expect(page.getByRole('row').filter({ hasText: 'Camera off' })).toHaveCount(1);

	// Removing it is destructive: the same red confirmation, by the scenario's title.
	await page
		.locator('summary')
		.filter({ hasText: /^Remove\s*Camera off$/ })
		.click();
	const remove = page.getByRole('form', { name: 'Remove Camera off' });
	await remove.getByLabel(/^Type the scenario’s title/).fill('Camera on');
	await remove.getByRole('button', { name: 'Remove Camera off' }).click();
	const refusal = page.getByRole('form', { name: 'Remove Camera off' }).getByRole('alert');
	await expect(refusal).toContainText('Not removed: type the scenario’s title');
	await expect(refusal).toBeInViewport();
	await axe.expectNoAxeViolations();
	await page
		.getByRole('form', { name: 'Remove Camera off' })
		.getByLabel(/^Type the scenario’s title/)
		.fill('camera off');
	await page.getByRole('button', { name: 'Remove Camera off' }).click();
	await expect(page.getByRole('status')).toContainText('The assignment was removed');
	await expect(page.getByRole('row').filter({ hasText: 'Camera off' })).toHaveCount(0);
});
