import { StoreConflictError } from './store/errors';
import type { Role, Store } from './store/types';
import { createAccount, generatePassword } from './auth/accounts';

/**
 * Demo accounts are on unless turned off, except under NODE_ENV=production, where they are off
 * unless turned on: RAPPORT_DEMO_ACCOUNTS=1 or 0.
 */
export function demoAccountsEnabled(
	env: Record<string, string | undefined> = process.env
): boolean {
	const setting = env.RAPPORT_DEMO_ACCOUNTS?.trim().toLowerCase();
	if (setting) return ['1', 'true', 'yes', 'on'].includes(setting);
	return env.NODE_ENV !== 'production';
}

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role }[] = [
	{ username: 'trainee', displayName: 'Demo Trainee', role: 'trainee' },
	{ username: 'instructor', displayName: 'Demo Instructor', role: 'instructor' },
	{ username: 'admin', displayName: 'Demo Admin', role: 'admin' }
];

export interface FirstRunResult {
	demo: { username: string; password: string; role: Role }[];
}

/**
 * On a store with no users at all: create the demo accounts (with fresh random passwords, shown
 * this once) or explain how to create the first admin. Does nothing once anyone exists.
 */
export async function firstRun(
	store: Store,
	options: { env?: Record<string, string | undefined>; log?: (text: string) => void } = {}
): Promise<FirstRunResult> {
	const log = options.log ?? ((text: string) => console.log(text));
	if ((await store.listUsers()).length > 0) return { demo: [] };
	if (!demoAccountsEnabled(options.env)) {
		log(
			[
				'[rapport] No accounts yet, and demo accounts are off.',
				'[rapport] Create the first admin with:',
				'[rapport]   npm run admin -- create-user --username <name> --role admin'
			].join('\n')
		);
		return { demo: [] };
	}
	const demo: FirstRunResult['demo'] = [];
	for (const account of DEMO_ACCOUNTS) {
		const password = generatePassword();
		try {
			await createAccount(store, { ...account, password });
		} catch (e) {
			// Another instance on the same database is making them at this moment: leave it to that.
			if (e instanceof StoreConflictError && e.code === 'username-taken' && demo.length === 0) {
				return { demo: [] };
			}
			throw e;
		}
		demo.push({ username: account.username, password, role: account.role });
	}
	log(
		[
			'',
			'[rapport] First run: demo accounts created. These passwords are shown only now.',
			...demo.map(
				(d) =>
					`[rapport]   ${d.role.padEnd(10)} username: ${d.username.padEnd(10)} password: ${d.password}`
			),
			'[rapport] Turn demo accounts off with RAPPORT_DEMO_ACCOUNTS=0 (see docs/operations.md).',
			''
		].join('\n')
	);
	return { demo };
}
