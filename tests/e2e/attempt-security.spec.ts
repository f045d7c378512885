import { ACCOUNTS } from './accounts';
import { expect, test } from './fixtures';
import {
	formPost,
	signInCookie,
	startAttemptOver,
	waitForScenario,
	writeScenarioFile
} from './player-helpers';

// Attempts over plain HTTP, as a hostile client would send them: another trainee's attempt by
// URL and by form post, tampered and stale posts, a scenario changed under an attempt, and a
// post from another origin. Each must get a 4xx (never a 500) and leave every attempt as it was.

const LIBRARY = 'coat-still-on';

function tinyScenario(intro: string): string {
	return `---
title: Security check
summary: A small scenario for the security spec.
client: { name: Sam }
difficulty: 1
minutes: 2
principles: [safe-space]
meters:
  trust: { start: 1, min: 0, max: 3 }
---

${intro}

## Start {#start}

**Sam:** Hello.

- "Hello, Sam." -> middle
  id: warm
  scores: safe-space +1
  effects: trust +1
  feedback: Warm.
- "Let's begin." -> middle
  id: cold
  scores: safe-space -1
  feedback: Rushed.
  better: "Hello, Sam."

## Middle {#middle}

**Sam:** Where do I start?

- "Anywhere you like." -> end
  id: anywhere
  scores: safe-space +1
  feedback: Open.

## End {#end .ending outcome=stalled}

### Debrief

The end.
`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The attempt page as its owner sees it, minus what changes on every render (nonce, event id). */
async function attemptPage(baseURL: string, cookie: string, attemptId: string): Promise<string> {
	const response = await fetch(`${baseURL}/attempts/${attemptId}`, { headers: { cookie } });
	expect(response.status, `the owner loads attempt ${attemptId}`).toBe(200);
	return (await response.text())
		.replace(UUID, 'EVENT-ID')
		.replace(/nonce="[^"]*"/g, 'nonce=""')
		.replace(/nonce-[A-Za-z0-9+/=]+/g, 'nonce-');
}

/** The hidden fields and offered choices in the owner's play page. */
async function playForm(baseURL: string, cookie: string, attemptId: string) {
	const html = await (
		await fetch(`${baseURL}/attempts/${attemptId}`, { headers: { cookie } })
	).text();
	const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
	return {
		eventId: field('eventId') ?? crypto.randomUUID(),
		seq: field('seq') ?? '',
		choices: [...html.matchAll(/name="choiceId" value="([^"]+)"/g)].map((m) => m[1])
	};
}

async function choose(baseURL: string, cookie: string, attemptId: string, choiceId: string) {
	const form = await playForm(baseURL, cookie, attemptId);
	const response = await formPost(baseURL, `/attempts/${attemptId}?/choose`, cookie, {
		choiceId,
		eventId: form.eventId,
		seq: form.seq
	});
	expect(response.status, `choose ${choiceId}`).toBe(200);
}

/** The number of attempts on a scenario, from the trainee's progress page. */
async function attemptsOn(baseURL: string, cookie: string, title: string): Promise<number> {
	const html = await (await fetch(`${baseURL}/me`, { headers: { cookie } })).text();
	const row = new RegExp(`>${title}</a>[\\s\\S]*?</th>\\s*<td[^>]*>(\\d+)</td>`).exec(html);
	if (!row) throw new Error(`attemptsOn: no row for ${title}`);
	return Number(row[1]);
}

const isRefusal = (status: number) => status >= 400 && status < 500;

test.describe('attempts over HTTP', () => {
	let alice = '';
	let bob = '';

	test.beforeAll(async ({ baseURL }) => {
		[alice, bob] = await Promise.all([
			signInCookie(baseURL!, ACCOUNTS.alice),
			signInCookie(baseURL!, ACCOUNTS.bob)
		]);
	});

	test('another trainee can neither read nor change an attempt', async ({ baseURL }) => {
		const url = baseURL!;
		const attemptId = await startAttemptOver(url, alice, LIBRARY, 'practice');
		await choose(url, alice, attemptId, 'opening.hand-over');
		const before = await attemptPage(url, alice, attemptId);
		expect(before).toContain('Session with Maya');
		const form = await playForm(url, alice, attemptId);

		// By URL: the same answer as for an attempt that does not exist, with nothing of it inside.
		const read = await fetch(`${url}/attempts/${attemptId}`, { headers: { cookie: bob } });
		expect(read.status).toBe(404);
		const body = await read.text();
		for (const secret of ['Maya', 'Alice', 'hand-over', 'this hour to be yours', form.choices[0]])
			expect(body, secret).not.toContain(secret);
		const missing = await fetch(`${url}/attempts/no-such-attempt`, { headers: { cookie: bob } });
		expect(missing.status).toBe(404);

		// By form post, with fields exactly as Alice's own page would send them.
		const posts: Record<string, Record<string, string>> = {
			choose: { choiceId: form.choices[0], eventId: form.eventId, seq: form.seq },
			rewind: { eventId: form.eventId, seq: form.seq },
			reflect: { reflection: 'Written by someone else' },
			branch: { step: '0' },
			say: { ownWords: 'Written by someone else', step: '1', beat: 'confidentiality' },
			sayFirst: { sayFirst: 'on' },
			shareOwnWords: { share: 'on' }
		};
		for (const [action, fields] of Object.entries(posts)) {
			const response = await formPost(url, `/attempts/${attemptId}?/${action}`, bob, fields);
			expect(isRefusal(response.status), `${action}: ${response.status}`).toBe(true);
			expect(await response.text(), action).not.toContain('this hour to be yours');
		}

		expect(await attemptPage(url, alice, attemptId)).toBe(before);
		// Bob's branch made him no attempt of his own.
		const progress = await (await fetch(`${url}/me`, { headers: { cookie: bob } })).text();
		expect(progress).toContain('You have not played a scenario yet');
	});

	test('tampered and stale posts get a 4xx and change nothing', async ({ baseURL }) => {
		const url = baseURL!;
		const attemptId = await startAttemptOver(url, alice, LIBRARY, 'practice');
		await choose(url, alice, attemptId, 'opening.hand-over');
		const before = await attemptPage(url, alice, attemptId);
		const form = await playForm(url, alice, attemptId);
		expect(form.seq).toBe('2');
		const attemptsBefore = await attemptsOn(url, alice, 'Coat still on');

		const tampered: [string, string, Record<string, string>, number][] = [
			[
				'unknown choice',
				'choose',
				{ choiceId: 'confidentiality.no-such', eventId: form.eventId, seq: '2' },
				400
			],
			[
				'choice from an earlier beat',
				'choose',
				{ choiceId: 'opening.real-chance', eventId: form.eventId, seq: '2' },
				400
			],
			[
				'choice from a later beat',
				'choose',
				{ choiceId: 'last-time.reflect', eventId: form.eventId, seq: '2' },
				400
			],
			[
				'choice from another scenario',
				'choose',
				{ choiceId: 'start.warm', eventId: form.eventId, seq: '2' },
				400
			],
			['no choice', 'choose', { eventId: form.eventId, seq: '2' }, 400],
			['stale seq', 'choose', { choiceId: form.choices[0], eventId: form.eventId, seq: '1' }, 409],
			['future seq', 'choose', { choiceId: form.choices[0], eventId: form.eventId, seq: '7' }, 409],
			['bad seq', 'choose', { choiceId: form.choices[0], eventId: form.eventId, seq: 'x' }, 400],
			['bad event id', 'choose', { choiceId: form.choices[0], eventId: '<script>', seq: '2' }, 400],
			['stale rewind', 'rewind', { eventId: form.eventId, seq: '1' }, 409],
			['what-if past the end', 'branch', { step: '5' }, 400],
			['what-if of nonsense', 'branch', { step: 'first' }, 400],
			['what-if without a step', 'branch', {}, 400],
			['what-if of an empty step', 'branch', { step: '' }, 400],
			['reflection before the end', 'reflect', { reflection: 'Too early' }, 409],
			[
				'own words in an attempt that does not ask for them',
				'say',
				{ ownWords: 'Unasked', step: '1', beat: 'confidentiality' },
				409
			]
		];
		for (const [what, action, fields, status] of tampered) {
			const response = await formPost(url, `/attempts/${attemptId}?/${action}`, alice, fields);
			expect(response.status, what).toBe(status);
		}
		expect(await attemptPage(url, alice, attemptId)).toBe(before);
		// No what-if was made either.
		expect(await attemptsOn(url, alice, 'Coat still on')).toBe(attemptsBefore);

		// The page's own post still works afterwards: the refusals left the attempt intact.
		await choose(url, alice, attemptId, form.choices[0]);
		expect(await attemptPage(url, alice, attemptId)).not.toBe(before);
	});

	test('an ended attempt takes no more choices', async ({ baseURL }) => {
		const url = baseURL!;
		writeScenarioFile('security-ended', tinyScenario('A short session.'));
		await waitForScenario(url, 'security-ended');
		const attemptId = await startAttemptOver(url, alice, 'security-ended', 'assessment');
		await choose(url, alice, attemptId, 'start.warm');
		await choose(url, alice, attemptId, 'middle.anywhere');
		const before = await attemptPage(url, alice, attemptId);
		expect(before).toContain('Debrief');

		for (const [action, fields] of [
			['choose', { choiceId: 'start.cold', eventId: crypto.randomUUID(), seq: '3' }],
			['choose', { choiceId: 'middle.anywhere', eventId: crypto.randomUUID(), seq: '3' }],
			['rewind', { eventId: crypto.randomUUID(), seq: '3' }]
		] as const) {
			const response = await formPost(url, `/attempts/${attemptId}?/${action}`, alice, fields);
			expect(isRefusal(response.status), `${action}: ${response.status}`).toBe(true);
		}
		expect(await attemptPage(url, alice, attemptId)).toBe(before);
	});

	test('a scenario edited under an attempt refuses further choices', async ({ baseURL }) => {
		const url = baseURL!;
		writeScenarioFile('security-versioned', tinyScenario('The first version.'));
		await waitForScenario(url, 'security-versioned', 'The first version.');
		const attemptId = await startAttemptOver(url, alice, 'security-versioned', 'practice');
		await choose(url, alice, attemptId, 'start.warm');
		const form = await playForm(url, alice, attemptId);

		writeScenarioFile('security-versioned', tinyScenario('The second version.'));
		await waitForScenario(url, 'security-versioned', 'The second version.');
		const before = await attemptPage(url, alice, attemptId);
		expect(before).toContain('This scenario was updated after you started');

		for (const [action, fields] of [
			['choose', { choiceId: 'middle.anywhere', eventId: form.eventId, seq: form.seq }],
			['rewind', { eventId: form.eventId, seq: form.seq }],
			['branch', { step: '0' }]
		] as const) {
			const response = await formPost(url, `/attempts/${attemptId}?/${action}`, alice, fields);
			expect(response.status, action).toBe(409);
		}
		expect(await attemptPage(url, alice, attemptId)).toBe(before);
	});

	test('a choice posted from another origin or without a session is refused', async ({
		baseURL
	}) => {
		const url = baseURL!;
		const attemptId = await startAttemptOver(url, alice, LIBRARY, 'practice');
		const before = await attemptPage(url, alice, attemptId);
		const form = await playForm(url, alice, attemptId);
		const fields = { choiceId: form.choices[0], eventId: form.eventId, seq: form.seq };

		const forged = await formPost(
			url,
			`/attempts/${attemptId}?/choose`,
			alice,
			fields,
			'https://evil.example'
		);
		expect(forged.status).toBe(403);
		const anonymous = await formPost(url, `/attempts/${attemptId}?/choose`, '', fields);
		expect(anonymous.status).toBe(303);
		expect(anonymous.headers.get('location')).toMatch(/^\/signin\?next=/);
		expect(await attemptPage(url, alice, attemptId)).toBe(before);

		// The same post from the site itself is accepted, so the 403 above was the origin check.
		const genuine = await formPost(url, `/attempts/${attemptId}?/choose`, alice, fields);
		expect(genuine.status).toBe(200);
		expect(await attemptPage(url, alice, attemptId)).not.toBe(before);
	});
});
