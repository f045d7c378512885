import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import { formPost, playFormFields, signInCookie, startAttemptOver } from './player-helpers';

// Many choices at once, as a class of trainees would send them: every one lands exactly once,
// a retried post (same event id) records once, and of several different posts racing for the
// same step exactly one wins. Checked through the app's own pages: the next seq a play page
// offers is the number of events stored plus one.

const SCENARIO = 'coat-still-on';
const TRAINEES = [ACCOUNTS.load1, ACCOUNTS.load2, ACCOUNTS.load3, ACCOUNTS.load4];
const ATTEMPTS = 200;
const RETRIES = 50;
const RACERS = 20;

test('200 concurrent choices, 50 copies of one post and a race for one step', async ({
	baseURL
}) => {
	test.setTimeout(120_000);
	const url = baseURL!;
	const cookies = await Promise.all(TRAINEES.map((t) => signInCookie(url, t)));
	const owner = (i: number) => cookies[i % cookies.length];

	// 200 attempts spread over four trainees, plus one for the retries and one for the race.
	const attempts = await Promise.all(
		Array.from({ length: ATTEMPTS + 2 }, (_, i) => startAttemptOver(url, owner(i), SCENARIO))
	);
	expect(new Set(attempts).size).toBe(ATTEMPTS + 2);
	const first = await playFormFields(url, attempts[0], owner(0));
	expect(first.seq).toBe('1');
	const offered = first.choices;
	expect(offered.length).toBeGreaterThan(1);

	const retryEvent = crypto.randomUUID();
	const choose = (i: number, fields: Record<string, string>) =>
		formPost(url, `/attempts/${attempts[i]}?/choose`, owner(i), fields);
	const posts = [
		...Array.from({ length: ATTEMPTS }, (_, i) =>
			choose(i, { choiceId: offered[i % offered.length], eventId: crypto.randomUUID(), seq: '1' })
		),
		...Array.from({ length: RETRIES }, () =>
			choose(ATTEMPTS, { choiceId: offered[0], eventId: retryEvent, seq: '1' })
		),
		...Array.from({ length: RACERS }, (_, r) =>
			choose(ATTEMPTS + 1, {
				choiceId: offered[r % offered.length],
				eventId: crypto.randomUUID(),
				seq: '1'
			})
		)
	];
	const statuses = (await Promise.all(posts)).map((r) => r.status);

	expect(statuses.slice(0, ATTEMPTS).filter((s) => s !== 200)).toEqual([]);
	// A retry is answered like the first post: it was recorded, once.
	expect(statuses.slice(ATTEMPTS, ATTEMPTS + RETRIES).filter((s) => s !== 200)).toEqual([]);
	const race = statuses.slice(ATTEMPTS + RETRIES);
	expect(race.filter((s) => s === 200)).toHaveLength(1);
	expect(race.filter((s) => s !== 200 && s !== 409)).toEqual([]);

	// What the pages say now: every attempt holds exactly one event, the one that was sent.
	const pages = await Promise.all(attempts.map((id, i) => playFormFields(url, id, owner(i))));
	const wrong = pages
		.map((page, i) => ({ attempt: attempts[i], seq: page.seq, responses: responses(page.html) }))
		.filter((p) => p.seq !== '2' || p.responses !== 1);
	expect(wrong).toEqual([]);
	for (let i = 0; i < ATTEMPTS; i += 37) {
		// The recorded response is the one posted to this attempt, not another's.
		const text = choiceText(first.html, offered[i % offered.length]);
		expect(pages[i].html).toContain(text);
	}
});

/** How many of the trainee's own lines ("You:") the play page shows. */
function responses(html: string): number {
	return html.match(/<span class="speaker[^"]*">You:<\/span>/g)?.length ?? 0;
}

/** The text of a choice button in a play page, by the choice's id. */
function choiceText(html: string, choiceId: string): string {
	const button = new RegExp(
		`value="${choiceId.replace('.', '\\.')}"[^>]*>([\\s\\S]*?)</button>`
	).exec(html)?.[1];
	const text = /“([^”]+)”/.exec(button ?? '')?.[1];
	if (!text) throw new Error(`choiceText: no button for ${choiceId}`);
	return text;
}
