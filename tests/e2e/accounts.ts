// Accounts the end-to-end server starts with (tests/e2e/server.ts seeds them before the build
// starts), in whichever store the server uses: created through the Store interface, so the same
// seeding serves the embedded store and PostgreSQL. Specs sign in with these; each spec that changes an account's state (throttling)
// uses a username of its own so specs and projects stay independent.
import { createAccount } from '../../src/lib/server/auth/accounts';
import { openStore, type StoreSettings } from '../../src/lib/server/store';
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
	},
	/** The player specs (tests/e2e/player*.spec.ts). */
	player: {
		username: 'e2e-player',
		password: 'e2e-player-password',
		role: 'trainee',
		displayName: 'Player Trainee'
	},
	/** Two trainees for tests/e2e/attempt-security.spec.ts: B tries to reach A's attempts. */
	alice: {
		username: 'e2e-alice',
		password: 'e2e-alice-password',
		role: 'trainee',
		displayName: 'Alice Trainee'
	},
	bob: {
		username: 'e2e-bob',
		password: 'e2e-bob-password',
		role: 'trainee',
		displayName: 'Bob Trainee'
	},
	/** tests/e2e/scenario-constructs.spec.ts */
	constructs: {
		username: 'e2e-constructs',
		password: 'e2e-constructs-password',
		role: 'trainee',
		displayName: 'Constructs Trainee'
	},
	/** tests/e2e/library-scenario.spec.ts */
	library: {
		username: 'e2e-library',
		password: 'e2e-library-password',
		role: 'trainee',
		displayName: 'Library Trainee'
	},
	/** tests/e2e/visual.spec.ts */
	visual: {
		username: 'e2e-visual',
		password: 'e2e-visual-password',
		role: 'trainee',
		displayName: 'Visual Trainee'
	},
	/** tests/e2e/xss.spec.ts */
	xss: {
		username: 'e2e-xss',
		password: 'e2e-xss-password',
		role: 'trainee',
		displayName: 'XSS Trainee'
	},
	/** tests/e2e/own-words.spec.ts: typed responses, the XSS corpus in them, and sharing. */
	ownWords: {
		username: 'e2e-own-words',
		password: 'e2e-own-words-password',
		role: 'trainee',
		displayName: 'Own Words Trainee'
	},
	/** tests/e2e/concurrency.spec.ts spreads its attempts over these. */
	load1: {
		username: 'e2e-load-1',
		password: 'e2e-load-password',
		role: 'trainee',
		displayName: 'Load 1'
	},
	load2: {
		username: 'e2e-load-2',
		password: 'e2e-load-password',
		role: 'trainee',
		displayName: 'Load 2'
	},
	load3: {
		username: 'e2e-load-3',
		password: 'e2e-load-password',
		role: 'trainee',
		displayName: 'Load 3'
	},
	load4: {
		username: 'e2e-load-4',
		password: 'e2e-load-password',
		role: 'trainee',
		displayName: 'Load 4'
	},
	/** Programmes: tests/e2e/programmes-*.spec.ts (the flow's trainees come from its roster import). */
	progInstructor: {
		username: 'e2e-prog-instructor',
		password: 'e2e-prog-instructor-password',
		role: 'instructor',
		displayName: 'Programme Instructor'
	},
	/** tests/e2e/authz.spec.ts: the cohort's instructor and trainee, and one of each outside it. */
	authzInstructor: {
		username: 'e2e-authz-instructor',
		password: 'e2e-authz-password',
		role: 'instructor',
		displayName: 'Authz Instructor'
	},
	authzOtherInstructor: {
		username: 'e2e-authz-other-instructor',
		password: 'e2e-authz-password',
		role: 'instructor',
		displayName: 'Authz Other Instructor'
	},
	/** Promoted to instructor by the admin-role spec (one per project). */
	promotedJs: {
		username: 'e2e-promoted-js',
		password: 'e2e-promoted-password',
		role: 'trainee',
		displayName: 'Promoted Js'
	},
	promotedNoJs: {
		username: 'e2e-promoted-no-js',
		password: 'e2e-promoted-password',
		role: 'trainee',
		displayName: 'Promoted NoJs'
	},
	/** tests/e2e/play-position.spec.ts and tests/e2e/what-if.spec.ts (one per project). */
	uxPlayerJs: {
		username: 'e2e-ux-player-js',
		password: 'e2e-ux-player-password',
		role: 'trainee',
		displayName: 'Ux Player Js'
	},
	uxPlayerNoJs: {
		username: 'e2e-ux-player-no-js',
		password: 'e2e-ux-player-password',
		role: 'trainee',
		displayName: 'Ux Player NoJs'
	},
	/** tests/e2e/practice.spec.ts: a day's drills (one per project: the day is used up). */
	drillsJs: {
		username: 'e2e-drills-js',
		password: 'e2e-drills-password',
		role: 'trainee',
		displayName: 'Drills Js'
	},
	drillsNoJs: {
		username: 'e2e-drills-no-js',
		password: 'e2e-drills-password',
		role: 'trainee',
		displayName: 'Drills NoJs'
	},
	/** tests/e2e/practice-local.spec.ts: practice stepped in the browser. */
	localPractice: {
		username: 'e2e-local-practice',
		password: 'e2e-local-practice-password',
		role: 'trainee',
		displayName: 'Local Practice'
	},
	/** tests/e2e/admin-accounts.spec.ts: renamed, suspended and restored (one per project). */
	suspendJs: {
		username: 'e2e-suspend-js',
		password: 'e2e-suspend-password',
		role: 'trainee',
		displayName: 'Suspend Js'
	},
	suspendNoJs: {
		username: 'e2e-suspend-no-js',
		password: 'e2e-suspend-password',
		role: 'trainee',
		displayName: 'Suspend NoJs'
	},
	authzTrainee: {
		username: 'e2e-authz-trainee',
		password: 'e2e-authz-password',
		role: 'trainee',
		displayName: 'Authz Trainee'
	},
	authzOtherTrainee: {
		username: 'e2e-authz-other-trainee',
		password: 'e2e-authz-password',
		role: 'trainee',
		displayName: 'Authz Other Trainee'
	},
	/** tests/e2e/authz.spec.ts: on the other instructor's cohort, then added to the instructor's. */
	authzSharedTrainee: {
		username: 'e2e-authz-shared-trainee',
		password: 'e2e-authz-password',
		role: 'trainee',
		displayName: 'Authz Shared Trainee'
	},
	/** tests/e2e/predict.spec.ts: predicts the client's rating (one per project), and practises. */
	predictJs: {
		username: 'e2e-predict-js',
		password: 'e2e-predict-password',
		role: 'trainee',
		displayName: 'Predict Js'
	},
	predictNoJs: {
		username: 'e2e-predict-no-js',
		password: 'e2e-predict-password',
		role: 'trainee',
		displayName: 'Predict NoJs'
	},
	/** tests/e2e/predict.spec.ts: makes a cohort and reads its practice figures. */
	predictInstructor: {
		username: 'e2e-predict-instructor',
		password: 'e2e-predict-password',
		role: 'instructor',
		displayName: 'Predict Instructor'
	},
	/** tests/e2e/studio.spec.ts: writes and publishes a scenario; the trainee plays it. */
	studioAuthor: {
		username: 'e2e-studio-author',
		password: 'e2e-studio-password',
		role: 'instructor',
		displayName: 'Studio Author'
	},
	studioCoAuthor: {
		username: 'e2e-studio-coauthor',
		password: 'e2e-studio-password',
		role: 'instructor',
		displayName: 'Studio Co-author'
	},
	studioTrainee: {
		username: 'e2e-studio-trainee',
		password: 'e2e-studio-password',
		role: 'trainee',
		displayName: 'Studio Trainee'
	},
	/** tests/e2e/studio-history.spec.ts: history, files, autosave and unpublishing. */
	historyAuthor: {
		username: 'e2e-history-author',
		password: 'e2e-history-password',
		role: 'instructor',
		displayName: 'History Author'
	},
	historyTrainee: {
		username: 'e2e-history-trainee',
		password: 'e2e-history-password',
		role: 'trainee',
		displayName: 'History Trainee'
	},
	/** tests/e2e/studio-journey.spec.ts: the whole studio journey, keyboard only. */
	journeyAuthor: {
		username: 'e2e-journey-author',
		password: 'e2e-journey-password',
		role: 'instructor',
		displayName: 'Journey Author'
	},
	journeyTrainee: {
		username: 'e2e-journey-trainee',
		password: 'e2e-journey-password',
		role: 'trainee',
		displayName: 'Journey Trainee'
	}
} satisfies Record<string, E2eAccount>;

/**
 * Creates every account above that is missing, in the store the settings name (PostgreSQL when
 * `databaseUrl` is set). On the embedded store the server must not be running yet.
 */
export async function seedAccounts(settings: StoreSettings): Promise<void> {
	const store = await openStore(settings, { purpose: 'e2e seed', backupOnOpen: false });
	try {
		for (const account of Object.values(ACCOUNTS)) {
			if (!(await store.getUserByUsername(account.username))) await createAccount(store, account);
		}
	} finally {
		await store.close();
	}
}
