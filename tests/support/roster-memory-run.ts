// Run in a child process of its own (node --expose-gc --import tsx) by
// tests/unit/programmes/roster-memory.test.ts: imports a 5,000-row roster the way the roster page
// does (the file as a stream, a plan, the import, the links as a CSV) and prints the heap in use,
// after full garbage collections, before and after, as JSON.
import { openLowdbStore } from '../../src/lib/server/store/lowdb/open';
import { importRoster, linksCsv, planRosterImport } from '../../src/lib/server/programmes/roster';
import { rosterText } from '../../src/lib/server/programmes/roster-file';
import type { PublicUser } from '../../src/lib/server/store/types';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

function heapMb(): number {
	for (let i = 0; i < 4; i++) gc!();
	return process.memoryUsage().heapUsed / 2 ** 20;
}

async function* fileStream(text: string) {
	const bytes = new TextEncoder().encode(text);
	for (let i = 0; i < bytes.length; i += 64 * 1024) yield bytes.subarray(i, i + 64 * 1024);
}

const dataDir = process.argv[2];
const store = await openLowdbStore({ dataDir, purpose: 'memory test', backupOnOpen: false });
const teacher = await store.createUser({
	username: 'teacher',
	displayName: 'Teacher',
	role: 'instructor',
	passwordHash: 'x'
});
const actor: PublicUser = { ...teacher };
async function importOnce(tag: string, rows: number) {
	const cohort = await store.createCohort({
		name: `Group ${tag}`,
		instructorIds: [teacher.id],
		memberIds: []
	});
	const lines = Array.from(
		{ length: rows },
		(_, i) => `${tag}-user-${i},Trainee Number ${i} of ${tag},${tag}.${i}@example.org`
	);
	const file = ['username,display name,email', ...lines].join('\r\n');
	const plan = await planRosterImport(store, cohort, fileStream(file));
	const result = await importRoster(store, cohort.id, rosterText(plan.rows), actor);
	return linksCsv(result.links, 'https://rapport.example').length;
}

// A small import first, so code loaded on first use (csv-parse, the store's files) is counted in
// the baseline, as on a server that has been running a while.
await importOnce('warm', 10);
const before = heapMb();
const csvBytes = await importOnce('big', 5000);
const after = heapMb();
// What a 5,000-account import must keep: the accounts and their link hashes, in the store.
const usersFile = JSON.stringify(await store.listUsers()).length / 2 ** 20;
await store.close();
console.log(JSON.stringify({ before, after, csvBytes, usersFileMb: usersFile }));
