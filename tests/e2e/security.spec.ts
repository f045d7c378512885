import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACCOUNTS } from './accounts';
import { expect, startServer, test } from './fixtures';

// Posts say they accept HTML, as a browser does; otherwise SvelteKit answers form actions with
// JSON for use:enhance, always with status 200.
const form = (username: string, password: string) => ({ username, password, next: '/' });

test('a form post from another origin is refused with 403', async ({ request, baseURL }) => {
	const account = ACCOUNTS.auth;
	const forged = await request.post('/signin', {
		headers: { origin: 'https://evil.example', accept: 'text/html' },
		form: form(account.username, account.password),
		maxRedirects: 0
	});
	expect(forged.status()).toBe(403);
	expect(forged.headers()['set-cookie']).toBeUndefined();

	// The same post from the site itself goes through (a redirect with a session cookie), so the
	// 403 above is the origin check and nothing else.
	const genuine = await request.post('/signin', {
		headers: { origin: baseURL!, accept: 'text/html' },
		form: form(account.username, account.password),
		maxRedirects: 0
	});
	expect(genuine.status()).toBe(303);
	expect(genuine.headers()['set-cookie']).toMatch(/rapport_session=/);
});

test('pages carry a content security policy with a nonce and the required directives', async ({
	request
}) => {
	const response = await request.get('/signin');
	const csp = response.headers()['content-security-policy'];
	expect(csp).toBeTruthy();
	const directives = new Map(
		csp.split(';').map((d) => {
			const [name, ...values] = d.trim().split(/\s+/);
			return [name, values] as const;
		})
	);
	expect(directives.get('object-src')).toEqual(["'none'"]);
	expect(directives.get('base-uri')).toEqual(["'none'"]);
	expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
	expect(directives.get('form-action')).toEqual(["'self'"]);
	const scriptSrc = directives.get('script-src') ?? [];
	expect(scriptSrc).not.toContain("'unsafe-inline'");
	const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
	expect(nonce).toBeTruthy();
	// The page's own inline script carries that nonce, so the policy allows exactly it.
	expect(await response.text()).toContain(`nonce="${nonce}"`);
	expect(response.headers()['x-content-type-options']).toBe('nosniff');
});

test('session cookies are HttpOnly and SameSite=Lax, and a signed-out token is dead', async ({
	request,
	baseURL,
	playwright
}) => {
	const account = ACCOUNTS.trainee;
	const signIn = await request.post('/signin', {
		headers: { origin: baseURL!, accept: 'text/html' },
		form: form(account.username, account.password),
		maxRedirects: 0
	});
	const setCookie = signIn.headers()['set-cookie'];
	expect(setCookie).toMatch(/rapport_session=[A-Za-z0-9_-]{43};/);
	expect(setCookie).toMatch(/HttpOnly/i);
	expect(setCookie).toMatch(/SameSite=Lax/i);
	expect(setCookie).toMatch(/Path=\//i);
	const token = /rapport_session=([^;]+)/.exec(setCookie)![1];

	const signedIn = await request.get('/');
	expect(await signedIn.text()).toContain(account.displayName);
	expect(signedIn.headers()['cache-control']).toBe('private, no-store');

	const signOut = await request.post('/signout', {
		headers: { origin: baseURL!, accept: 'text/html' },
		form: {},
		maxRedirects: 0
	});
	expect(signOut.status()).toBe(303);

	// Replaying the old cookie from a fresh client: the server deleted the session.
	const replay = await playwright.request.newContext({
		baseURL,
		extraHTTPHeaders: { cookie: `rapport_session=${token}` }
	});
	const after = await replay.get('/');
	expect(await after.text()).not.toContain(account.displayName);
	await replay.dispose();
});

test('repeated failed sign-ins for one username get 429 with Retry-After', async ({
	request,
	baseURL
}) => {
	// A username of its own: the throttle is per username, known or not.
	const username = `throttled-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
	const post = () =>
		request.post('/signin', {
			headers: { origin: baseURL!, accept: 'text/html' },
			form: form(username, 'wrong-password'),
			maxRedirects: 0
		});
	for (let i = 0; i < 5; i++) expect((await post()).status()).toBe(400);
	const refused = await post();
	expect(refused.status()).toBe(429);
	const retryAfter = Number(refused.headers()['retry-after']);
	expect(retryAfter).toBeGreaterThan(0);
	expect(retryAfter).toBeLessThanOrEqual(15 * 60);
	expect(await refused.text()).toContain('Too many failed sign-ins');
});

test.describe('the data folder, against the production server', { tag: '@own-store' }, () => {
	test('a first start creates demo accounts and prints their passwords once', async ({
		browser
	}) => {
		const dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-first-run-'));
		const server = await startServer({ dataDir, env: { RAPPORT_DEMO_ACCOUNTS: '1' } });
		try {
			const output = server.output();
			const password = /admin\s+username: admin\s+password: (\S+)/.exec(output)?.[1];
			expect(password, output).toBeTruthy();
			expect(output).toMatch(/trainee\s+username: trainee\s+password: \S+/);
			expect(output).toMatch(/instructor\s+username: instructor\s+password: \S+/);

			const page = await browser.newPage({ baseURL: server.url });
			await page.goto('/signin');
			await page.getByLabel('Username').fill('admin');
			await page.getByLabel('Password').fill(password!);
			await page.getByRole('button', { name: 'Sign in' }).click();
			await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Demo Admin');
			await page.close();
		} finally {
			await server.stop();
		}
		// A restart creates nothing more and prints no passwords.
		const again = await startServer({ dataDir, env: { RAPPORT_DEMO_ACCOUNTS: '1' } });
		await again.stop();
		expect(again.output()).not.toContain('password:');
		rmSync(dataDir, { recursive: true, force: true });
	});

	test('a second server on the same data folder refuses to start and names the first', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-lock-'));
		const first = await startServer({ dataDir });
		try {
			const second = startServer({ dataDir });
			await expect(second).rejects.toThrow(/in use by another process \(server, pid \d+/);
			// The first one is unharmed.
			expect((await fetch(`${first.url}/signin`)).status).toBe(200);
		} finally {
			await first.stop();
		}
		// A clean stop releases the folder.
		expect(existsSync(join(dataDir, 'rapport.lock'))).toBe(false);
		rmSync(dataDir, { recursive: true, force: true });
	});

	test('a damaged data file stops the server with the file, a backup and the restore command', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-corrupt-'));
		const first = await startServer({ dataDir, env: { RAPPORT_DEMO_ACCOUNTS: '1' } });
		await first.stop();
		await (await startServer({ dataDir })).stop(); // a start with data: takes a backup
		const users = join(dataDir, 'users.json');
		writeFileSync(users, readFileSync(users, 'utf-8').slice(0, 100));

		const failed = await startServer({ dataDir }).catch((e: Error) => e.message);

		expect(failed).toContain(`${users}: not valid JSON`);
		expect(failed).toMatch(/npm run admin -- restore \d{4}-\d\d-\d\dT/);
		expect(readFileSync(users, 'utf-8')).toHaveLength(100);
		rmSync(dataDir, { recursive: true, force: true });
	});
});
