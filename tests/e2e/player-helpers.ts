// Helpers the player, security, XSS and concurrency specs share: signing in over HTTP, form posts
// as a browser without JavaScript sends them, scenario files in the e2e SCENARIOS_DIR, and
// keyboard-only navigation.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';
import type { E2eAccount } from './accounts';

/** The scenario folder of the shared web server (set by playwright.config.ts). */
export function e2eScenariosDir(): string {
	const dir = process.env.RAPPORT_E2E_SCENARIOS_DIR;
	if (!dir) throw new Error('e2eScenariosDir: RAPPORT_E2E_SCENARIOS_DIR is unset.');
	return dir;
}

/** Writes `<id>.md` into the e2e SCENARIOS_DIR; the server notices within a second. */
export function writeScenarioFile(id: string, source: string): void {
	writeFileSync(join(e2eScenariosDir(), `${id}.md`), source);
}

/** Waits until the server offers the scenario (it rescans the folder at most once a second). */
export async function waitForScenario(baseURL: string, id: string, text?: string): Promise<void> {
	await expect
		.poll(
			async () => {
				const response = await fetch(`${baseURL}/scenarios/${id}`);
				return response.ok && (!text || (await response.text()).includes(text));
			},
			{ timeout: 10_000, intervals: [200, 300, 500] }
		)
		.toBe(true);
}

/** Signs in over HTTP and returns the Cookie header value for later requests. */
export async function signInCookie(baseURL: string, account: E2eAccount): Promise<string> {
	const response = await fetch(`${baseURL}/signin`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: baseURL,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ username: account.username, password: account.password, next: '/' })
	});
	const cookie = /rapport_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
	if (response.status !== 303 || !cookie)
		throw new Error(`signInCookie: ${account.username} got ${response.status}`);
	return cookie;
}

/** A form post like a browser without JavaScript makes: urlencoded, same origin, no redirects. */
export function formPost(
	baseURL: string,
	path: string,
	cookie: string,
	fields: Record<string, string>,
	origin = baseURL
): Promise<Response> {
	return fetch(`${baseURL}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			cookie,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields)
	});
}

/** Starts an attempt through the intro page's form and returns its id. */
export async function startAttemptOver(
	baseURL: string,
	cookie: string,
	scenarioId: string,
	mode: 'practice' | 'assessment' = 'practice'
): Promise<string> {
	const response = await formPost(baseURL, `/scenarios/${scenarioId}?/start`, cookie, { mode });
	const id = /^\/attempts\/([^/?#]+)$/.exec(response.headers.get('location') ?? '')?.[1];
	if (response.status !== 303 || !id)
		throw new Error(`startAttemptOver: ${scenarioId} got ${response.status}`);
	return id;
}

/** The hidden fields the play page's choice form carries (event id and seq). */
export async function playFormFields(baseURL: string, attemptId: string, cookie: string) {
	const html = await (
		await fetch(`${baseURL}/attempts/${attemptId}`, { headers: { cookie } })
	).text();
	return playFormOf(html);
}

/** A play page's choice form: hidden fields and the choices offered (none once it has ended). */
export function playFormOf(html: string) {
	const value = (name: string) =>
		new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
	const choices = [...html.matchAll(/name="choiceId" value="([^"]+)"/g)].map((m) => m[1]);
	return { eventId: value('eventId'), seq: value('seq'), choices, html };
}

/** Signs in through the form in the page (works with and without JavaScript). */
export async function signIn(page: Page, account: E2eAccount, next = '/scenarios'): Promise<void> {
	await page.goto(`/signin?next=${encodeURIComponent(next)}`);
	await page.getByLabel('Username').fill(account.username);
	await page.getByLabel('Password').fill(account.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByRole('navigation', { name: 'Main' })).toContainText(account.displayName);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would. */
export async function tabTo(page: Page, target: Locator, { backwards = false, max = 80 } = {}) {
	const handle = await target.elementHandle();
	if (!handle) throw new Error('tabTo: no such element');
	for (let i = 0; i < max; i++) {
		if (await handle.evaluate((el) => el === document.activeElement)) return;
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
	}
	throw new Error(`tabTo: ${max} presses of Tab did not reach the element`);
}

/** The page's horizontal overflow in CSS pixels (0 means nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
}

/**
 * With JavaScript, a practice choice shows at once and is saved in the background: waits until it
 * is saved, or until the debrief shows (it comes once the last choice is saved and scored).
 */
export function savedOrDebrief(page: Page): Promise<void> {
	return expect(
		page
			.getByRole('status')
			.filter({ hasText: /^Saved$/ })
			.or(page.getByRole('region', { name: /^Debrief: / }))
	).toBeVisible();
}
