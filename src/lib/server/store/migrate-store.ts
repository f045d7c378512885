import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { namesIn } from './lowdb/layout';
import { openLowdbStore } from './lowdb/open';
import { openPostgresStore, type StoreCounts, type StoreRecords } from './postgres/postgres-store';
import type { ScenarioVersion } from './scenario-versions';
import type { AttemptEvent, OwnWords, ScenarioDraft } from './types';

/**
 * `npm run admin -- migrate-store --to "$DATABASE_URL"`: copies an embedded data folder into an
 * empty PostgreSQL database, records as they are (ids, times, choice order), in one transaction,
 * then checks the counts (typed responses included). Sessions and set-password links are not copied: people sign in again,
 * and unused links are made again. The scenario versions in DATA_DIR/scenario-versions and the
 * studio's drafts (every revision) go too, and the LTI platforms, signing keys (private halves
 * included, database to database, never printed), resource links, launch links and the LMS score
 * outbox.
 */

/** Every archived scenario version in the data folder. */
async function fileVersions(dataDir: string): Promise<ScenarioVersion[]> {
	const dir = join(dataDir, 'scenario-versions');
	const versions: ScenarioVersion[] = [];
	for (const name of (await namesIn(dir)).sort()) {
		if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
		versions.push(JSON.parse(await readFile(join(dir, name), 'utf-8')) as ScenarioVersion);
	}
	return versions;
}

export class MigrateStoreError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MigrateStoreError';
	}
}

export interface MigrateStoreResult {
	counts: StoreCounts;
	/** False for `--dry-run`: read and checked, nothing written. */
	copied: boolean;
}

function countsOf(records: StoreRecords): StoreCounts {
	return {
		users: records.users.length,
		cohorts: records.cohorts.length,
		assignments: records.assignments.length,
		attempts: records.attempts.length,
		events: records.events.length,
		audit: records.audit.length,
		scenarioVersions: records.scenarioVersions.length,
		drillCards: records.drillCards.length,
		ownWords: records.ownWords.length,
		drafts: records.drafts.length,
		identities: records.identities.length,
		ltiPlatforms: records.ltiPlatforms.length,
		ltiKeys: records.ltiKeys.length,
		ltiResourceLinks: records.ltiResourceLinks.length,
		ltiLaunchLinks: records.ltiLaunchLinks.length,
		ltiScores: records.ltiScores.length
	};
}

export async function migrateStore(options: {
	dataDir: string;
	to: string;
	dryRun?: boolean;
	log?: (line: string) => void;
}): Promise<MigrateStoreResult> {
	const log = options.log ?? (() => {});
	// A normal open: takes the folder's lock (so Rapport must be stopped) and a backup first.
	const source = await openLowdbStore({ dataDir: options.dataDir, purpose: 'migrate-store' });
	let records: StoreRecords;
	try {
		const attempts = await source.listAttempts({ kind: 'any' });
		const events: AttemptEvent[] = [];
		const ownWords: OwnWords[] = [];
		for (const attempt of attempts) {
			events.push(...(await source.listEvents(attempt.id)));
			ownWords.push(...(await source.listOwnWords(attempt.id)));
		}
		const users = await source.listUsers();
		const drillCards = [];
		const identities = [];
		const ltiLaunchLinks = [];
		for (const user of users) {
			drillCards.push(...(await source.listDrillCards(user.id)));
			identities.push(...(await source.listIdentities(user.id)));
			ltiLaunchLinks.push(...(await source.listLtiLaunchLinks({ userId: user.id })));
		}
		const drafts: ScenarioDraft[] = [];
		for (const { id } of await source.listDrafts()) drafts.push((await source.getDraft(id))!);
		records = {
			users,
			cohorts: await source.listCohorts(),
			assignments: await source.listAssignments(),
			attempts,
			events,
			// Oldest first, so the database keeps the log in the order it was written.
			audit: (await source.listAudit({ limit: Number.MAX_SAFE_INTEGER })).reverse(),
			scenarioVersions: await fileVersions(options.dataDir),
			drillCards,
			ownWords,
			drafts,
			identities,
			// Used launch nonces are not copied: they expire within minutes.
			ltiPlatforms: await source.listLtiPlatforms(),
			ltiKeys: await source.listLtiKeys(),
			ltiResourceLinks: await source.listLtiResourceLinks(),
			// What launches told the LMS services, and the grade passback outbox (pending rows go
			// on being sent from the database).
			ltiLaunchLinks,
			ltiScores: await source.listLtiScores()
		};
	} finally {
		await source.close();
	}
	const expected = countsOf(records);
	log(`Read ${describe(expected)} from ${options.dataDir}.`);

	const target = await openPostgresStore({ url: options.to });
	try {
		const before = await target.counts();
		if (Object.values(before).some((n) => n > 0)) {
			throw new MigrateStoreError(
				`The target database is not empty (${describe(before)}); nothing was copied. ` +
					'migrate-store only copies into an empty database.'
			);
		}
		if (options.dryRun) {
			log('Dry run: the target is empty and reachable; nothing was written.');
			return { counts: expected, copied: false };
		}
		await target.importRecords(records);
		const after = await target.counts();
		const differs = (Object.keys(expected) as (keyof StoreCounts)[]).filter(
			(k) => after[k] !== expected[k]
		);
		if (differs.length > 0) {
			throw new MigrateStoreError(
				`The copy does not match: ${differs.map((k) => `${k} ${after[k]} of ${expected[k]}`).join(', ')}.`
			);
		}
		log(`Copied and checked: ${describe(after)}.`);
		return { counts: after, copied: true };
	} finally {
		await target.close();
	}
}

function describe(c: StoreCounts): string {
	return `${c.users} users, ${c.cohorts} cohorts, ${c.assignments} assignments, ${c.attempts} attempts, ${c.events} events, ${c.audit} audit entries, ${c.scenarioVersions} scenario versions, ${c.drillCards} drill cards, ${c.ownWords} typed responses, ${c.drafts} studio drafts, ${c.identities} linked outside accounts, ${c.ltiPlatforms} LTI platforms, ${c.ltiKeys} LTI signing keys, ${c.ltiResourceLinks} LTI resource links, ${c.ltiLaunchLinks} LTI launch links, ${c.ltiScores} LMS scores`;
}
