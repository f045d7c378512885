import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin, type AdminIo } from '../../../src/lib/server/admin/commands';
import { openPostgresStore } from '../../../src/lib/server/store/postgres/postgres-store';
import type { Store } from '../../../src/lib/server/store/types';
import { freshDatabaseUrl, storeBackend } from './backend';
import { openStore, seedTrainee, tempDataDir } from './helpers';

function capture(env: Record<string, string | undefined> = {}) {
	const lines: string[] = [];
	const io: AdminIo = { out: (l) => lines.push(l), err: (l) => lines.push(l), env };
	return { io, text: () => lines.join('\n') };
}

/** Everything `migrate-store` promises to carry over, read through the Store interface. */
async function contents(store: Store) {
	const attempts = await store.listAttempts();
	return {
		users: await store.listUsers(),
		cohorts: await store.listCohorts(),
		assignments: await store.listAssignments(),
		attempts,
		events: await Promise.all(attempts.map((a) => store.listEvents(a.id))),
		ownWords: await Promise.all(attempts.map((a) => store.listOwnWords(a.id))),
		audit: await store.listAudit({ limit: 1000 }),
		drafts: await Promise.all((await store.listDrafts()).map((d) => store.getDraft(d.id))),
		ltiPlatforms: await store.listLtiPlatforms(),
		ltiKeys: await store.listLtiKeys(),
		ltiResourceLinks: await store.listLtiResourceLinks(),
		ltiLaunchLinks: await store.listLtiLaunchLinks({}),
		ltiScores: await store.listLtiScores()
	};
}

describe.runIf(storeBackend() === 'postgres')('admin migrate-store', () => {
	it('copies a data folder into an empty database exactly, and refuses a non-empty one', async () => {
		const dir = await tempDataDir();
		const source = await openStore(dir);
		const a = await seedTrainee(source, 'ana');
		const b = await seedTrainee(source, 'ben');
		const cohort = await source.createCohort({
			name: 'Autumn',
			instructorIds: [],
			memberIds: [a.user.id, b.user.id]
		});
		await source.createAssignment({
			cohortId: cohort.id,
			scenarioId: 'coat-still-on',
			mode: 'assessment',
			createdBy: a.user.id,
			passMark: 60
		});
		for (let i = 0; i < 3; i++) {
			await source.recordEvent(a.attempt.id, {
				id: randomUUID(),
				type: 'choice',
				choiceId: `c${i}`,
				at: new Date().toISOString()
			});
		}
		await source.saveOwnWords({
			attemptId: a.attempt.id,
			step: 0,
			beat: 'opening',
			text: 'It sounds like a lot.',
			skipped: false
		});
		await source.updateAttempt(a.attempt.id, {
			status: 'completed',
			result: { total: 3 },
			sayFirst: true,
			ownWordsShared: true
		});
		await source.appendAudit({ actorId: null, action: 'user.create', targetId: a.user.id });
		const draft = await source.createDraft({ ownerId: a.user.id, title: 'Draft', source: 'one' });
		await source.saveDraft(draft.id, {
			source: 'two',
			authorId: a.user.id,
			title: 'D',
			basedOn: 1
		});
		await source.publishDraft(draft.id, {
			revision: 2,
			hash: 'b'.repeat(64),
			publishedBy: a.user.id
		});
		const platform = await source.createLtiPlatform({
			name: 'Moodle',
			issuer: 'https://moodle.example.ac.uk',
			clientId: 'c1',
			authEndpoint: 'https://moodle.example.ac.uk/auth',
			tokenEndpoint: 'https://moodle.example.ac.uk/token',
			jwksUrl: 'https://moodle.example.ac.uk/jwks',
			deploymentIds: ['1'],
			trustInstructorRoles: false,
			createdBy: a.user.id
		});
		const secret = 'private-exponent-never-printed';
		for (const kid of ['k1', 'k2']) {
			await source.rotateLtiKey({
				kid,
				privateJwk: { kty: 'RSA', kid, d: secret },
				publicJwk: { kty: 'RSA', kid }
			});
		}
		await source.saveLtiResourceLink({
			platformId: platform.id,
			deploymentId: '1',
			resourceLinkId: 'r1',
			target: { kind: 'scenario', scenarioId: 'coat-still-on' },
			mode: 'assessment'
		});
		await source.saveLtiLaunchLink({
			userId: a.user.id,
			platformId: platform.id,
			deploymentId: '1',
			resourceLinkId: 'r1',
			subject: 'lms-ana',
			target: { kind: 'scenario', scenarioId: 'coat-still-on' },
			mode: 'assessment',
			agsScopes: ['https://purl.imsglobal.org/spec/lti-ags/scope/score'],
			lineItemUrl: 'https://lms.example/lineitems/1'
		});
		await source.queueLtiScores([
			{
				attemptId: 'attempt-1',
				userId: a.user.id,
				platformId: platform.id,
				deploymentId: '1',
				resourceLinkId: 'r1',
				lineItemUrl: 'https://lms.example/lineitems/1',
				score: { userId: 'lms-ana', scoreGiven: 80, scoreMaximum: 100 },
				nextTryAt: '2026-05-01T09:00:00.000Z'
			}
		]);
		const expected = await contents(source);
		await source.close();
		const version = {
			hash: 'a'.repeat(64),
			scenarioId: 'coat-still-on',
			file: 'coat-still-on.md',
			source: '# a scenario',
			savedAt: new Date().toISOString()
		};
		await mkdir(path.join(dir, 'scenario-versions'));
		await writeFile(
			path.join(dir, 'scenario-versions', `${version.hash}.json`),
			JSON.stringify(version)
		);

		const url = await freshDatabaseUrl();
		const dry = capture();
		expect(
			await runAdmin(['--data-dir', dir, 'migrate-store', '--to', url, '--dry-run'], dry.io)
		).toBe(0);
		expect(dry.text()).toContain('Dry run');
		const run = capture();
		expect(await runAdmin(['--data-dir', dir, 'migrate-store', '--to', url], run.io)).toBe(0);
		expect(run.text()).toContain(
			'Copied and checked: 2 users, 1 cohorts, 1 assignments, 2 attempts, 3 events, 1 audit entries, 1 scenario versions, 0 drill cards, 1 typed responses, 1 studio drafts, 0 linked outside accounts, 1 LTI platforms, 2 LTI signing keys, 1 LTI resource links, 1 LTI launch links, 1 LMS scores'
		);
		expect(run.text()).not.toContain(secret);

		const target = await openPostgresStore({ url });
		try {
			expect(await contents(target)).toEqual(expected);
			expect(await target.get(version.hash)).toEqual(version);
			// Versions are written once: saving one again changes nothing.
			await target.save({ ...version, source: 'changed' });
			expect((await target.get(version.hash))?.source).toBe('# a scenario');
			// The copy is a working store: the next choice follows on.
			const next = await target.recordEvent(b.attempt.id, {
				id: randomUUID(),
				type: 'choice',
				at: new Date().toISOString()
			});
			expect(next.event.seq).toBe(1);
		} finally {
			await target.close();
		}

		const again = capture();
		expect(await runAdmin(['--data-dir', dir, 'migrate-store', '--to', url], again.io)).toBe(1);
		expect(again.text()).toContain('not empty');
	});
});

describe.runIf(storeBackend() === 'postgres')('admin account commands with DATABASE_URL', () => {
	it('create the first admin in PostgreSQL, not in a data folder', async () => {
		const url = await freshDatabaseUrl();
		const dir = await tempDataDir();
		const env = { DATABASE_URL: url, DATA_DIR: dir };
		const created = capture(env);
		const args = [
			'create-user',
			'--username',
			'ada',
			'--role',
			'admin',
			'--password',
			'ada-password-1'
		];
		expect(await runAdmin(args, created.io)).toBe(0);
		expect(created.text()).toContain('in PostgreSQL');
		const listed = capture(env);
		expect(await runAdmin(['list-users'], listed.io)).toBe(0);
		expect(listed.text()).toMatch(/^ada\s+admin/m);
		const store = await openPostgresStore({ url });
		try {
			expect((await store.getUserByUsername('ada'))?.role).toBe('admin');
		} finally {
			await store.close();
		}
	});
});
