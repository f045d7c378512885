import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';

const account = ACCOUNTS.auth;

test(
	'signing in returns to the page asked for, and signing out ends the session',
	{ tag: '@nojs' },
	async ({ page, axe }) => {
		// A protected page sends an anonymous visitor to sign in, remembering where they were going.
		await page.goto('/attempts/not-a-real-attempt');
		await expect(page).toHaveURL(/\/signin\?next=%2Fattempts%2Fnot-a-real-attempt$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
		await axe.expectNoAxeViolations();

		await page.getByLabel('Username').fill(account.username.toUpperCase());
		await page.getByLabel('Password').fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();

		// Back where they wanted to go (that attempt does not exist: a 404, but as a signed-in user).
		await expect(page).toHaveURL(/\/attempts\/not-a-real-attempt$/);
		await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(account.displayName);
		const cookie = (await page.context().cookies()).find((c) => c.name === 'rapport_session');
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/\/signin$/);
		await expect(page.getByRole('navigation', { name: 'Main' })).not.toContainText(
			account.displayName
		);
		expect(
			(await page.context().cookies()).find((c) => c.name === 'rapport_session')
		).toBeUndefined();
	}
);

test(
	'a wrong password and an unknown user get the same message',
	{ tag: '@nojs' },
	async ({ page, axe }) => {
		const messages: string[] = [];
		for (const username of [account.username, `nobody-${Date.now()}`]) {
			await page.goto('/signin');
			await page.getByLabel('Username').fill(username);
			await page.getByLabel('Password').fill('not-the-password');
			await page.getByRole('button', { name: 'Sign in' }).click();
			const alert = page.getByRole('alert');
			await expect(alert).toContainText('do not match an account');
			messages.push((await alert.innerText()).trim());
			// The username stays filled in; the password does not.
			await expect(page.getByLabel('Username')).toHaveValue(username);
			await expect(page.getByLabel('Password')).toHaveValue('');
			await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
		}
		expect(messages[0]).toBe(messages[1]);
		await axe.expectNoAxeViolations();
	}
);

test(
	'the sign-in page sends a signed-in user on, and never to another site',
	{ tag: '@nojs' },
	async ({ page }) => {
		await page.goto('/signin?next=//evil.example/steal');
		await page.getByLabel('Username').fill(account.username);
		await page.getByLabel('Password').fill(account.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);

		await page.goto('/signin?next=/principles');
		await expect(page).toHaveURL(/\/principles$/);
	}
);
