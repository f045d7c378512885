import { parseArgs } from 'node:util';
import path from 'node:path';
import {
	AccountError,
	createAccount,
	generatePassword,
	normaliseUsername,
	resetPassword
} from '../auth/accounts';
import {
	StoreConflictError,
	StoreCorruptError,
	StoreLockedError,
	StoreUnavailableError,
	StoreVersionError
} from '../store/errors';
import { listBackups, restoreBackup } from '../store/lowdb/backups';
import { acquireLock } from '../store/lowdb/lock';
import { openLowdbStore } from '../store/lowdb/open';
import { migrateStore, MigrateStoreError } from '../store/migrate-store';
import { describeStore, openStore, type StoreSettings } from '../store';
import { rotateSigningKey } from '../lti/keys';
import { ROLES, type Role } from '../store/types';

export interface AdminIo {
	out(line: string): void;
	err(line: string): void;
	/** Asks for a password without echoing it; undefined when there is no terminal to ask on. */
	askPassword?(prompt: string): Promise<string>;
	env: Record<string, string | undefined>;
}

export const USAGE = `Rapport administration. Commands that change data need Rapport stopped.

  npm run admin -- create-user --username NAME --role trainee|instructor|admin
                   [--display-name "Full Name"] [--email ADDRESS] [--password PW | --generate-password]
  npm run admin -- reset-password --username NAME [--password PW | --generate-password]
  npm run admin -- set-role --username NAME --role trainee|instructor|admin
  npm run admin -- list-users
  npm run admin -- backups
  npm run admin -- restore BACKUP_ID
  npm run admin -- check
  npm run admin -- migrate-store --to POSTGRES_URL [--dry-run]
  npm run admin -- rotate-lti-key

Without --password, you are asked for one (or, with no terminal, one is generated and printed).
Options for every command: --data-dir DIR (default: $DATA_DIR, else ./data).`;

/** Exit code: 0 done, 1 refused or failed, 2 wrong usage. */
export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				'data-dir': { type: 'string' },
				username: { type: 'string' },
				role: { type: 'string' },
				'display-name': { type: 'string' },
				email: { type: 'string' },
				password: { type: 'string' },
				'generate-password': { type: 'boolean' },
				to: { type: 'string' },
				'dry-run': { type: 'boolean' },
				help: { type: 'boolean', short: 'h' }
			}
		});
	} catch (e) {
		io.err((e as Error).message);
		io.err(USAGE);
		return 2;
	}
	const { values, positionals } = parsed;
	const [command, ...rest] = positionals;
	const dataDir = path.resolve(values['data-dir'] ?? (io.env.DATA_DIR || './data'));
	// Account commands work on whichever store Rapport uses: PostgreSQL when DATABASE_URL is set.
	const settings: StoreSettings = { dataDir, databaseUrl: io.env.DATABASE_URL || undefined };
	if (!command || values.help || command === 'help') {
		io.out(USAGE);
		return command || values.help ? 0 : 2;
	}
	try {
		switch (command) {
			case 'create-user':
				return await createUser(settings, values, io);
			case 'reset-password':
				return await resetUserPassword(settings, values, io);
			case 'set-role':
				return await setRole(settings, values, io);
			case 'list-users':
				return await listUsers(settings, io);
			case 'backups':
				return await showBackups(dataDir, io);
			case 'restore':
				return await restore(dataDir, rest[0], io);
			case 'check':
				return await check(dataDir, io);
			case 'migrate-store':
				if (!values.to) {
					io.err('migrate-store needs --to POSTGRES_URL (the empty database to copy into).');
					return 2;
				}
				await migrateStore({ dataDir, to: values.to, dryRun: values['dry-run'], log: io.out });
				return 0;
			case 'rotate-lti-key':
				return await rotateLtiKey(settings, io);
			default:
				io.err(`Unknown command "${command}".`);
				io.err(USAGE);
				return 2;
		}
	} catch (e) {
		if (e instanceof StoreLockedError) {
			io.err(e.message);
			io.err(
				'Admin commands that change data need Rapport stopped; read-only ones (list-users, backups, check) work while it runs.'
			);
			return 1;
		}
		if (
			e instanceof StoreCorruptError ||
			e instanceof StoreVersionError ||
			e instanceof AccountError ||
			e instanceof StoreConflictError ||
			e instanceof StoreUnavailableError ||
			e instanceof MigrateStoreError
		) {
			io.err(e.message.replace(/^rapport store: /, ''));
			return 1;
		}
		throw e;
	}
}

interface Values {
	username?: string;
	role?: string;
	'display-name'?: string;
	email?: string;
	password?: string;
	'generate-password'?: boolean;
}

/** The password given, asked for, or generated (and then shown once). */
async function choosePassword(
	values: Values,
	io: AdminIo
): Promise<{ password: string; generated: boolean }> {
	if (values.password !== undefined) return { password: values.password, generated: false };
	if (!values['generate-password'] && io.askPassword) {
		const first = await io.askPassword('New password: ');
		const again = await io.askPassword('Same password again: ');
		if (first !== again) throw new AccountError('The two passwords differ; nothing was changed.');
		return { password: first, generated: false };
	}
	return { password: generatePassword(), generated: true };
}

async function createUser(settings: StoreSettings, values: Values, io: AdminIo): Promise<number> {
	if (!values.username || !values.role) {
		io.err('create-user needs --username and --role.');
		return 2;
	}
	if (!ROLES.includes(values.role as Role)) {
		io.err(`--role must be one of ${ROLES.join(', ')}.`);
		return 2;
	}
	const { password, generated } = await choosePassword(values, io);
	const store = await openStore(settings, { purpose: 'admin create-user', backupOnOpen: false });
	try {
		const user = await createAccount(store, {
			username: values.username,
			password,
			role: values.role as Role,
			displayName: values['display-name'],
			email: values.email
		});
		io.out(
			`Created ${user.role} "${user.username}" (${user.displayName}) in ${describeStore(settings)}.`
		);
		if (generated) io.out(`Password (shown only now): ${password}`);
		return 0;
	} finally {
		await store.close();
	}
}

/**
 * Changes an account's role from the shell: how the first admin is made when password sign-in
 * is off and people arrive through single sign-on (docs/sso.md).
 */
async function setRole(settings: StoreSettings, values: Values, io: AdminIo): Promise<number> {
	if (!values.username || !values.role) {
		io.err('set-role needs --username and --role.');
		return 2;
	}
	if (!ROLES.includes(values.role as Role)) {
		io.err(`--role must be one of ${ROLES.join(', ')}.`);
		return 2;
	}
	const store = await openStore(settings, { purpose: 'admin set-role', backupOnOpen: false });
	try {
		const user = await store.getUserByUsername(normaliseUsername(values.username));
		if (!user || user.erasedAt) {
			io.err(`No user "${values.username}" in ${describeStore(settings)}.`);
			return 1;
		}
		if (user.role !== values.role) {
			await store.updateUser(user.id, { role: values.role as Role });
			await store.appendAudit({
				actorId: null,
				action: 'user.role',
				targetType: 'user',
				targetId: user.id,
				detail: { from: user.role, to: values.role, via: 'admin-cli' }
			});
		}
		io.out(`"${user.username}" is now ${values.role}.`);
		return 0;
	} finally {
		await store.close();
	}
}

async function resetUserPassword(
	settings: StoreSettings,
	values: Values,
	io: AdminIo
): Promise<number> {
	if (!values.username) {
		io.err('reset-password needs --username.');
		return 2;
	}
	const { password, generated } = await choosePassword(values, io);
	const store = await openStore(settings, {
		purpose: 'admin reset-password',
		backupOnOpen: false
	});
	try {
		const user = await store.getUserByUsername(normaliseUsername(values.username));
		if (!user) {
			io.err(`No user "${values.username}" in ${describeStore(settings)}.`);
			return 1;
		}
		await resetPassword(store, user.id, password);
		io.out(`New password set for "${user.username}"; their sessions were ended.`);
		if (generated) io.out(`Password (shown only now): ${password}`);
		return 0;
	} finally {
		await store.close();
	}
}

async function listUsers(settings: StoreSettings, io: AdminIo): Promise<number> {
	const store = await openStore(settings, { readOnly: true });
	try {
		const users = await store.listUsers();
		if (users.length === 0) io.out(`No users in ${describeStore(settings)}.`);
		for (const u of users) {
			io.out(
				`${u.username.padEnd(24)} ${u.role.padEnd(11)} ${u.displayName}  (created ${u.createdAt.slice(0, 10)})`
			);
		}
		return 0;
	} finally {
		await store.close();
	}
}

/** A new LTI signing key; the old one stays published (never printed: only key ids are). */
async function rotateLtiKey(settings: StoreSettings, io: AdminIo): Promise<number> {
	const store = await openStore(settings, { purpose: 'admin rotate-lti-key', backupOnOpen: false });
	try {
		const { kid, stillPublished } = await rotateSigningKey(store);
		io.out(`New LTI signing key ${kid} in ${describeStore(settings)}; it signs from now on.`);
		for (const old of stillPublished) {
			io.out(`Key ${old.kid} is retired and stays published until ${old.until}.`);
		}
		return 0;
	} finally {
		await store.close();
	}
}

async function showBackups(dataDir: string, io: AdminIo): Promise<number> {
	const backups = await listBackups(dataDir);
	if (backups.length === 0) io.out(`No backups in ${path.join(dataDir, 'backups')}.`);
	for (const b of backups) {
		const state = b.problem ? `NOT RESTORABLE: ${b.problem}` : `${b.files} files, ${b.bytes} bytes`;
		io.out(`${b.id}  ${state}`);
	}
	if (backups.some((b) => !b.problem))
		io.out('Restore one with: npm run admin -- restore BACKUP_ID');
	return 0;
}

async function restore(dataDir: string, id: string | undefined, io: AdminIo): Promise<number> {
	if (!id) {
		io.err('restore needs a backup id; list them with: npm run admin -- backups');
		return 2;
	}
	const lock = await acquireLock(dataDir, 'admin restore');
	try {
		const { restored, replacedDir, moved } = await restoreBackup(dataDir, id);
		io.out(`Restored backup ${restored.id} (${restored.files} files) into ${dataDir}.`);
		if (moved.length > 0) io.out(`The files it replaced (${moved.length}) are in ${replacedDir}.`);
		return 0;
	} catch (e) {
		if (e instanceof StoreLockedError) throw e;
		io.err((e as Error).message);
		return 1;
	} finally {
		await lock.release();
	}
}

async function check(dataDir: string, io: AdminIo): Promise<number> {
	try {
		const store = await openLowdbStore({ dataDir, readOnly: true });
		const users = await store.listUsers();
		await store.close();
		io.out(`${dataDir}: every data file reads correctly (${users.length} users).`);
		return 0;
	} catch (e) {
		if (e instanceof StoreCorruptError || e instanceof StoreVersionError) {
			io.err(e.message);
			return 1;
		}
		throw e;
	}
}
