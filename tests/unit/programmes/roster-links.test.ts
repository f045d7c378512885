import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import {
	importRoster,
	linksCsv,
	mailWaitingLinks,
	relinkWaiting
} from '../../../src/lib/server/programmes/roster';
import { openLink, redeemLink } from '../../../src/lib/server/programmes/password-links';
import { startMailServer, type MailServer } from '../../support/mail-server';

// Issue 13 (set-password links after a roster import: download as CSV, send by email) and
// issue 18 defect 4 (links as a download rather than thousands of links in a page).

let mail: MailServer;
beforeEach(async () => {
	mail = await startMailServer();
});
afterEach(async () => {
	await mail.close();
});

const FILE = [
	'username,display name,email',
	'ann,"Archer, Ann",ann@example.org',
	'ben,=Ben Bell,',
	'cat,Cat Cole,cat@example.org'
].join('\n');

async function imported() {
	const store = await getStore();
	const teacher = await makeUser('teacher', 'instructor');
	const cohort = await store.createCohort({
		name: 'Group A',
		instructorIds: [teacher.id],
		memberIds: []
	});
	const result = await importRoster(store, cohort.id, FILE, teacher);
	return { store, teacher, cohort: (await store.getCohort(cohort.id))!, result };
}

describe('set-password links for a roster', () => {
	it('downloads fresh links for everyone still waiting, as a spreadsheet-safe CSV', async () => {
		const { store, teacher, cohort, result } = await imported();
		// Ann sets her password with the import's link: she is no longer waiting.
		const annToken = result.links
			.find((l) => l.username === 'ann')!
			.path.split('/')
			.pop()!;
		expect(
			await redeemLink(store, annToken, 'a long passphrase', 'a long passphrase')
		).toMatchObject({ ok: true });
		const links = await relinkWaiting(store, cohort, teacher);
		expect(links.map((l) => l.username)).toEqual(['ben', 'cat']);
		const csv = linksCsv(links, 'https://r.example');
		const lines = csv.trimEnd().split('\r\n');
		expect(lines[0]).toBe('username,display name,email,set-password link,works until');
		expect(lines[1]).toMatch(/^ben,'=Ben Bell,,https:\/\/r\.example\/set-password\/[\w-]{43},20/);
		expect(lines[2]).toMatch(/^cat,Cat Cole,cat@example\.org,https:\/\/r\.example\/set-password\//);
		// The import's links for them no longer work; the new ones do.
		const oldCat = result.links
			.find((l) => l.username === 'cat')!
			.path.split('/')
			.pop()!;
		expect(await openLink(store, oldCat)).toBeUndefined();
		expect(await openLink(store, links[1].path.split('/').pop()!)).toBeDefined();
		expect(await store.listAudit()).toContainEqual(
			expect.objectContaining({ action: 'roster.links', detail: { links: 2, mailed: 0 } })
		);
	});

	it('mails each waiting trainee with an address their own link, and names those without', async () => {
		const { store, teacher, cohort } = await imported();
		const settings = { url: mail.url, from: 'Rapport <rapport@example.org>' };
		const { report, withoutEmail } = await mailWaitingLinks(
			store,
			cohort,
			teacher,
			'https://r.example',
			settings
		);
		expect(report).toEqual({ sent: ['ann@example.org', 'cat@example.org'], failed: [] });
		expect(withoutEmail).toEqual(['ben']);
		expect(mail.received.map((m) => m.to)).toEqual([['ann@example.org'], ['cat@example.org']]);
		const annMail = mail.received[0].text;
		expect(annMail).toContain('Your username is ann.');
		const url = /https:\/\/r\.example(\/set-password\/[\w-]{43})/.exec(annMail)![1];
		const opened = await openLink(store, url.split('/').pop()!);
		expect(opened?.user.username).toBe('ann');
	});

	it('reports every address as not sent when the mail server cannot be reached', async () => {
		const { store, teacher, cohort } = await imported();
		await mail.close();
		const { report } = await mailWaitingLinks(store, cohort, teacher, 'https://r.example', {
			url: mail.url,
			from: 'rapport@example.org'
		});
		expect(report.sent).toEqual([]);
		expect(report.failed.map((f) => f.to)).toEqual(['ann@example.org', 'cat@example.org']);
		mail = await startMailServer();
	});
});
