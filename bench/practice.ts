/**
 * Practice in the browser (issue 13, section 2), on the production build (`npm run build`
 * first): (a) from a click on a choice to its feedback painted, median under 50 ms; (b) the
 * play page's initial JavaScript, gzipped, still at most 100 KB. For comparison it also prints
 * how long the background post takes until the page says "Saved" (a server round trip and a
 * reload of the page data: what a click used to wait for). A benchmark, not a timed test.
 */

import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { kb, pageJs, SCENARIO, signedInTrainee, TARGETS as PAGE_TARGETS } from './pages';
import { median } from './stats';

export const TARGETS = {
	/** Click to feedback painted, median, in milliseconds. */
	clickToFeedbackMs: 50,
	playJsGzip: PAGE_TARGETS.playJsGzip
} as const;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRAINEE = {
	username: 'bench-practice',
	password: 'bench-practice-password',
	displayName: 'Bench Practice'
};
const SAMPLES = 24;

interface Sample {
	/** From the click event to the first frame painted after the feedback appeared. */
	feedback: number;
	/** From the click event to the page saying "Saved". */
	saved: number;
}

/**
 * Clicks the longest response offered (a real Playwright click) and times, in the page, from
 * the click event's timestamp to the frame after the new feedback is in the DOM, and to "Saved".
 */
async function timedChoice(page: Page): Promise<Sample> {
	await page.evaluate(() => {
		const state = { clickAt: 0, feedback: 0, saved: 0 };
		(window as unknown as { __bench: typeof state }).__bench = state;
		const before = document.querySelectorAll('#latest-feedback').length
			? document.getElementById('latest-feedback')
			: null;
		addEventListener('click', (e) => (state.clickAt = e.timeStamp), { capture: true, once: true });
		const observer = new MutationObserver(() => {
			const now = document.getElementById('latest-feedback');
			if (state.clickAt && !state.feedback && now && now !== before) {
				state.feedback = -1;
				// The next animation frame runs just before paint; the task after it, after paint.
				requestAnimationFrame(() =>
					setTimeout(() => (state.feedback = performance.now() - state.clickAt))
				);
			}
			const status = document.querySelector('[role=status].save-status');
			// At an ending the debrief replaces the status once the choice is saved.
			const saved =
				status?.textContent?.trim() === 'Saved' || !!document.getElementById('debrief-heading');
			if (state.feedback && !state.saved && saved) state.saved = performance.now() - state.clickAt;
		});
		observer.observe(document.body, { childList: true, subtree: true, characterData: true });
	});
	const buttons = page.locator('#choices button[name=choiceId]');
	const texts = await buttons.allInnerTexts();
	await buttons.nth(texts.indexOf([...texts].sort((a, b) => b.length - a.length)[0])).click();
	const handle = await page.waitForFunction(
		() => {
			const s = (window as unknown as { __bench: { feedback: number; saved: number } }).__bench;
			return s.feedback > 0 && s.saved > 0 ? { feedback: s.feedback, saved: s.saved } : null;
		},
		undefined,
		{ timeout: 30_000 }
	);

	return (await handle.jsonValue()) as Sample;
}

async function startPractice(page: Page) {
	await page.goto(`/scenarios/${SCENARIO}`);
	await page.locator('input[name=mode][value=practice]').check();
	await page.getByRole('button', { name: 'Start the session' }).click();
	await page.waitForURL(/\/attempts\/[^/?]+$/);
	await page.waitForLoadState('networkidle');
}

export async function benchPractice(): Promise<{ passed: boolean }> {
	if (!existsSync(join(ROOT, 'build', 'index.js'))) {
		console.error('bench practice: build/index.js is missing; run `npm run build` first.');
		return { passed: false };
	}
	console.log(`Node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
	const { context, page, close } = await signedInTrainee('practice', TRAINEE);
	let passed = true;
	try {
		await startPractice(page);
		const { jsBytes, inlineBytes } = await pageJs(context, page.url());

		const samples: Sample[] = [];
		// A warm-up click, untimed, then choices until enough samples, a new attempt at each ending.
		await timedChoice(page);
		while (samples.length < SAMPLES) {
			if ((await page.locator('#choices button[name=choiceId]').count()) === 0) {
				await startPractice(page);
				continue;
			}
			samples.push(await timedChoice(page));
		}
		const feedback = median(samples.map((s) => s.feedback));
		const saved = median(samples.map((s) => s.saved));
		const feedbackOk = feedback < TARGETS.clickToFeedbackMs;
		const jsOk = jsBytes <= TARGETS.playJsGzip;
		passed = feedbackOk && jsOk;
		console.log(
			`\nClick to feedback painted, practice, ${samples.length} clicks: median ${feedback.toFixed(1)} ms ` +
				`(target < ${TARGETS.clickToFeedbackMs} ms): ${feedbackOk ? 'PASS' : 'FAIL'}`
		);
		console.log(
			`  for comparison, click to "Saved" (post, then page data reloaded): median ${saved.toFixed(1)} ms`
		);
		console.log(
			`Play page initial JavaScript (practice), gzipped: ${kb(jsBytes)}, of which inline ` +
				`bootstrap and page data ${kb(inlineBytes)} (target <= ${kb(TARGETS.playJsGzip)}): ` +
				`${jsOk ? 'PASS' : 'FAIL'}`
		);
	} finally {
		await close();
	}
	console.log(`\npractice: ${passed ? 'PASS' : 'FAIL'}`);
	return { passed };
}
