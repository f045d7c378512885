import { expect, test } from './fixtures';
import { ACCOUNTS } from './accounts';
import { signIn, signInCookie, writeScenarioFile } from './player-helpers';

// A file dropped into SCENARIOS_DIR with a mistake is shown to authors with its diagnostics, and
// is not offered to trainees.

const BROKEN = `---
title: Dropped in with a typo
summary: A scenario whose first choice leads nowhere.
client: { name: Sam }
difficulty: 1
minutes: 2
principles: [safe-space]
---

## Hello {#hello}

- "Hi." -> helo
  scores: safe-space +1
  feedback: Fine.

## Goodbye {#goodbye .ending outcome=stalled}

Done.
`;

test('an instructor sees a broken file with its diagnostics; trainees never see it @nojs', async ({
	page,
	axe,
	baseURL
}, testInfo) => {
	const id = `broken-${testInfo.project.name}`;
	writeScenarioFile(id, BROKEN);

	await signIn(page, ACCOUNTS.instructor, '/library');
	await expect(page.getByRole('heading', { level: 1, name: 'Scenario files' })).toBeVisible();
	const row = page.getByRole('row').filter({ hasText: `${id}.md` });
	// The files page scans the folder afresh, so the file just written is there on the first load.
	await expect(row).toContainText('Not playable: 2 errors');
	await expect(row).toContainText('RAP005');
	await expect(row).toContainText('did you mean `hello`?');
	// How a file gets here, truthfully: there is no upload, the server reads a folder.
	await expect(page.getByText(/upload/i)).toHaveText(/There is no upload here/);
	await expect(
		page.getByText(/copying its markdown file into the SCENARIOS_DIR folder/)
	).toBeVisible();
	await axe.expectNoAxeViolations();

	// Not in the catalogue, and its page does not exist for anyone.
	const response = await page.request.get(`/scenarios/${id}`);
	expect(response.status()).toBe(404);

	// Trainees cannot open the author's page at all.
	const cookie = await signInCookie(baseURL!, ACCOUNTS.trainee);
	const asTrainee = await fetch(`${baseURL}/library`, { headers: { cookie }, redirect: 'manual' });
	expect(asTrainee.status).toBe(403);
});

// Issue 18: a 4 KB file of 2,000 nested quotes linted clean, then every page that rendered it
// answered 500. The compiler now renders prose as the pages do and refuses it (RAP032).
const DEEP = `---
title: Two thousand quotes
summary: The file an outside security test dropped in.
client: { name: Sam }
difficulty: 1
minutes: 2
principles: [safe-space]
---

## Hello {#hello}

${'> '.repeat(2_000)}Deep.

- "Hi." -> goodbye
  scores: safe-space +1
  feedback: Fine.

## Goodbye {#goodbye .ending outcome=stalled}

### Debrief

Done.
`;

test('prose nested 2,000 deep is refused with RAP032, and no page answers 500 @nojs', async ({
	page,
	axe,
	baseURL
}, testInfo) => {
	const id = `deep-quotes-${testInfo.project.name}`;
	writeScenarioFile(id, DEEP);

	await signIn(page, ACCOUNTS.instructor, '/library');
	const row = page.getByRole('row').filter({ hasText: `${id}.md` });
	await expect(row).toContainText('Not playable: 1 error');
	await expect(row).toContainText('RAP032');
	await expect(row).toContainText('this narration cannot be shown');
	await axe.expectNoAxeViolations();

	// Not offered, so its page is a plain 404 for anyone, signed in or not.
	expect((await page.request.get(`/scenarios/${id}`)).status()).toBe(404);
	expect((await fetch(`${baseURL}/scenarios/${id}`)).status).toBe(404);
	// And the catalogue still works.
	const catalogue = await page.request.get('/scenarios');
	expect(catalogue.status()).toBe(200);
	expect(await catalogue.text()).not.toContain('Two thousand quotes');
});
