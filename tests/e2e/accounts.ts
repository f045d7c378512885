// Accounts the end-to-end server starts with (tests/e2e/server.ts seeds them before the build
// starts). Specs sign in with these; each spec that changes an account's state (throttling)
// uses a username of its own so specs and projects stay independent.
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openLowdbStore } from '../../src/lib/server/store/lowdb/open';
import type { Role } from '../../src/lib/server/store/types';

export interface E2eAccount {
	username: string;
	password: string;
	role: Role;
	displayName: string;
}

export const ACCOUNTS = {
	trainee: {
		username: 'e2e-trainee',
		password: 'e2e-trainee-password',
		role: 'trainee',
		displayName: 'Test Trainee'
	},
	instructor: {
		username: 'e2e-instructor',
		password: 'e2e-instructor-password',
		role: 'instructor',
		displayName: 'Test Instructor'
	},
	admin: {
		username: 'e2e-admin',
		password: 'e2e-admin-password',
		role: 'admin',
		displayName: 'Test Admin'
	},
	/** For the sign-in/out flow specs (js and no-js projects each sign in and out). */
	auth: {
		username: 'e2e-auth',
		password: 'e2e-auth-password',
		role: 'trainee',
		displayName: 'Auth Flow'
	}
} satisfies Record<string, E2eAccount>;

/** Creates every account above that is missing. The server must not be running yet. */
export async function seedAccounts(dataDir: string): Promise<void> {
	const store = await openLowdbStore({ dataDir, purpose: 'e2e seed', backupOnOpen: false });
	try {
		for (const account of Object.values(ACCOUNTS)) {
			if (!(await store.getUserByUsername(account.username))) await createAccount(store, account);
		}
	} finally {
		await store.close();
	}
}
