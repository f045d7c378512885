import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { AttemptError } from '../../../src/lib/server/attempts';
import { currentEntries, resetScenarioLibrary } from '../../../src/lib/server/scenario-library';
import { closeStore, getStore, type PublicUser } from '../../../src/lib/server/store';
import { freshDatabaseUrl, storeBackend } from '../store/backend';

/**
 * Each test gets a fresh DATA_DIR and SCENARIOS_DIR under the OS temp folder; the process-wide
 * store (`getStore`) opens there lazily and is closed after the test. In the `postgres` test
 * project, DATABASE_URL names a fresh schema instead, so `getStore` opens PostgreSQL there.
 */

export const dirs = { data: '', scenarios: '' };

beforeEach(async () => {
	dirs.data = await mkdtemp(path.join(os.tmpdir(), 'rapport-attempts-data-'));
	dirs.scenarios = await mkdtemp(path.join(os.tmpdir(), 'rapport-attempts-scenarios-'));
	process.env.DATA_DIR = dirs.data;
	process.env.SCENARIOS_DIR = dirs.scenarios;
	if (storeBackend() === 'postgres') process.env.DATABASE_URL = await freshDatabaseUrl();
	resetScenarioLibrary();
});

afterEach(async () => {
	await closeStore();
	delete process.env.SCENARIOS_DIR;
	delete process.env.DATABASE_URL;
	resetScenarioLibrary();
	await rm(dirs.data, { recursive: true, force: true });
	await rm(dirs.scenarios, { recursive: true, force: true });
});

export async function makeUser(
	username: string,
	role: PublicUser['role'] = 'trainee',
	displayName = username
): Promise<PublicUser> {
	const store = await getStore();
	const { passwordHash: _hash, ...user } = await store.createUser({
		username,
		displayName,
		role,
		passwordHash: 'not-a-real-hash'
	});
	return user;
}

/** Writes a scenario into SCENARIOS_DIR and makes the library see it at once. */
export async function writeScenario(id: string, source: string): Promise<void> {
	await writeFile(path.join(dirs.scenarios, `${id}.md`), source);
	// The folder is rescanned at most once a second; a test does not wait for that, only for the
	// compile on the worker thread.
	resetScenarioLibrary();
	await currentEntries();
}

/** A small scenario: two decisions, then an ending decided by trust. */
export function tinyScenario(extraLine = ''): string {
	return `---
title: Tiny
summary: A tiny scenario for tests.
client: { name: Sam }
difficulty: 1
minutes: 2
principles: [safe-space, listen-carefully]
meters:
  trust: { start: 1, min: 0, max: 4 }
---

Sam has come in.${extraLine}

## Start {#start}

**Sam:** Hello.

- "Hello, Sam. Take your time." -> middle
  id: warm
  scores: safe-space +2
  effects: trust +1
  feedback: Warm and unhurried.
- "Let's get going." -> middle
  id: cold
  scores: safe-space -1
  effects: trust -1
  feedback: Rushed.
  better: "Hello, Sam. Take your time."

## Middle {#middle}

**Sam:** I don't know where to start.

- "Anywhere is fine." -> check
  id: anywhere
  scores: listen-carefully +1
  effects: trust +1
  feedback: Leaves the choice with Sam.
- "Start with your childhood." -> check
  id: childhood
  scores: listen-carefully -1
  effects: trust -1
  feedback: Directive.
  better: "Anywhere is fine."

## Check {#check}

-> good if trust >= 3
-> meh

## Good {#good .ending outcome=strengthened}

Sam smiles.

### Debrief

Well done.

## Meh {#meh .ending outcome=stalled}

### Debrief

Sam stays guarded.
`;
}

/** The AttemptError a refused operation throws (failing the test if it was not refused). */
export async function refusal(work: Promise<unknown>): Promise<AttemptError> {
	const error = await work.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error, 'expected the operation to be refused').toBeInstanceOf(AttemptError);
	return error as AttemptError;
}
