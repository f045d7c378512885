// The web server the end-to-end tests share (playwright.config.ts starts it): the production
// build on a throwaway store, so tests never touch ./data and every run starts empty. The store
// is PostgreSQL when DATABASE_URL is set (a fresh database scripts/test.js made for the run),
// else the embedded store in DATA_DIR.
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_BODY_SIZE_LIMIT } from '../../scripts/body-size-limit.js';
import { describeStore, storeSettings } from '../../src/lib/server/store';
import { seedAccounts } from './accounts';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const buildEntry = join(root, 'build', 'index.js');

if (!existsSync(buildEntry)) {
	console.error(`${buildEntry} is missing: run \`npm run build\` first (npm run test:e2e does).`);
	process.exit(1);
}

process.env.DATA_DIR ||= mkdtempSync(join(tmpdir(), 'rapport-e2e-'));
mkdirSync(process.env.DATA_DIR, { recursive: true });
// Tests create the accounts they need; demo accounts would make "empty store" tests lie.
process.env.RAPPORT_DEMO_ACCOUNTS = '0';
process.env.HOST ||= '127.0.0.1';
// As `npm start` sets it, so the studio's 1 MB texts reach the studio.
process.env.BODY_SIZE_LIMIT ||= DEFAULT_BODY_SIZE_LIMIT;
process.env.PORT ||= '4173';
process.env.ORIGIN ||= `http://127.0.0.1:${process.env.PORT}`;

const settings = storeSettings();
console.log(`e2e server: ${process.env.ORIGIN}, store in ${describeStore(settings)}`);

// The accounts the specs sign in with (tests/e2e/accounts.ts), created before the server opens
// the store.
await seedAccounts(settings);

// Imported by URL at run time so that type checking never reaches into the generated build.
await import(pathToFileURL(buildEntry).href);
