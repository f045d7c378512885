import { ACCOUNTS, type E2eAccount } from './accounts';
import { expect, expectNoAxeViolations, test } from './fixtures';
import { formPost, signInCookie } from './player-helpers';

// The authorisation matrix: every programme route and action (and the attempt and start routes
// they touch) against anonymous, the cohort's trainee, a trainee outside it, the cohort's
// instructor, another instructor, and an admin, against the production build. Actions are posted
// with input that reaches the action's own checks without changing anything that matters
// (invalid input, or a no-op), so the table can run in any order.

type Who = 'anonymous' | 'trainee' | 'otherTrainee' | 'instructor' | 'otherInstructor' | 'admin';
const WHO: Who[] = [
	'anonymous',
	'trainee',
	'otherTrainee',
	'instructor',
	'otherInstructor',
	'admin'
];
const ACCOUNT: Record<Exclude<Who, 'anonymous'>, E2eAccount> = {
	trainee: ACCOUNTS.authzTrainee,
	otherTrainee: ACCOUNTS.authzOtherTrainee,
	instructor: ACCOUNTS.authzInstructor,
	otherInstructor: ACCOUNTS.authzOtherInstructor,
	admin: ACCOUNTS.admin
};

interface Row {
	label: string;
	method: 'GET' | 'POST';
	path: () => string;
	fields?: () => Record<string, string>;
	/** Statuses in WHO order. */
	expect: [number, number, number, number, number, number];
}

const ids = {
	cohort: '',
	assignment: '',
	attempt: '',
	trainee: '',
	otherTrainee: '',
	instructorId: '',
	otherInstructorId: '',
	/** A studio draft of the cohort's instructor. */
	draft: ''
};
const cookies: Partial<Record<Who, string>> = {};

// Staff-only cohort pages: anonymous is sent to sign in, trainees are refused, another
// instructor is told the cohort does not exist.
const STAFF_PAGE: Row['expect'] = [303, 403, 403, 200, 404, 200];
const ADMIN_ONLY: Row['expect'] = [303, 403, 403, 403, 403, 200];

const cohort =
	(rest = '') =>
	() =>
		`/cohorts/${ids.cohort}${rest}`;

const ROWS: Row[] = [
	{ label: 'home', method: 'GET', path: () => '/', expect: [200, 200, 200, 200, 200, 200] },
	{
		label: 'scenario files (authors)',
		method: 'GET',
		path: () => '/library',
		expect: [303, 403, 403, 200, 200, 200]
	},
	{
		label: 'studio',
		method: 'GET',
		path: () => '/studio',
		expect: [303, 403, 403, 200, 200, 200]
	},
	{
		label: 'studio: duplicate an unknown scenario',
		method: 'POST',
		path: () => '/studio?/duplicate',
		fields: () => ({ scenario: 'no-such-scenario' }),
		expect: [303, 403, 403, 404, 404, 404]
	},
	{
		// Drafts are their authors' (and admins'): another instructor is told it does not exist.
		label: 'studio draft',
		method: 'GET',
		path: () => `/studio/${ids.draft}`,
		expect: [303, 403, 403, 200, 404, 200]
	},
	{
		label: 'studio draft: save without a base revision',
		method: 'POST',
		path: () => `/studio/${ids.draft}?/save`,
		fields: () => ({ source: 'unchanged', basedOn: '0' }),
		expect: [303, 403, 403, 400, 404, 400]
	},
	{
		label: 'studio draft: publish a revision that is not current',
		method: 'POST',
		path: () => `/studio/${ids.draft}?/publish`,
		fields: () => ({ source: 'unchanged', basedOn: '0' }),
		expect: [303, 403, 403, 400, 404, 400]
	},
	{
		label: 'studio draft: history',
		method: 'GET',
		path: () => `/studio/${ids.draft}/history`,
		expect: [303, 403, 403, 200, 404, 200]
	},
	{
		// Revision 1 is the current text: nothing to restore (409), and nothing changes.
		label: 'studio draft: restore the current revision',
		method: 'POST',
		path: () => `/studio/${ids.draft}/history?/restore`,
		fields: () => ({ revision: '1', basedOn: '1' }),
		expect: [303, 403, 403, 409, 404, 409]
	},
	{
		label: 'studio draft: download a revision',
		method: 'GET',
		path: () => `/studio/${ids.draft}/revisions/1.md`,
		expect: [303, 403, 403, 200, 404, 200]
	},
	{
		// Never published: nothing to unpublish.
		label: 'studio draft: unpublish',
		method: 'POST',
		path: () => `/studio/${ids.draft}?/unpublish`,
		fields: () => ({}),
		expect: [303, 403, 403, 409, 404, 409]
	},
	{
		// The autosave takes JSON only: a form post is refused once past the role check.
		label: 'studio draft: autosave as a form post',
		method: 'POST',
		path: () => `/studio/${ids.draft}/autosave`,
		fields: () => ({ source: 'x', basedOn: '1' }),
		expect: [303, 403, 403, 415, 415, 415]
	},
	{
		label: 'studio: import without a file',
		method: 'POST',
		path: () => '/studio?/import',
		fields: () => ({}),
		expect: [303, 403, 403, 400, 400, 400]
	},
	{
		label: 'studio: export all (zip)',
		method: 'GET',
		path: () => '/studio/export',
		expect: [303, 403, 403, 200, 200, 200]
	},
	{
		label: 'studio: a library scenario, read-only',
		method: 'GET',
		path: () => '/studio/library/coat-still-on',
		expect: [303, 403, 403, 200, 200, 200]
	},
	{
		label: 'studio: a library scenario, download',
		method: 'GET',
		path: () => '/studio/library/coat-still-on/source.md',
		expect: [303, 403, 403, 200, 200, 200]
	},
	{
		label: 'cohort list',
		method: 'GET',
		path: () => '/cohorts',
		expect: [303, 403, 403, 200, 200, 200]
	},
	{
		label: 'new cohort page',
		method: 'GET',
		path: () => '/cohorts/new',
		expect: [303, 403, 403, 200, 200, 200]
	},
	{
		label: 'create cohort (empty name)',
		method: 'POST',
		path: () => '/cohorts/new',
		fields: () => ({ name: '' }),
		expect: [303, 403, 403, 400, 400, 400]
	},
	{
		// The picker is shown only to admins; the hidden field posted anyway is refused for
		// instructors (naming oneself is allowed: that is who teaches a cohort one makes).
		label: 'create cohort naming an instructor (admins only)',
		method: 'POST',
		path: () => '/cohorts/new',
		fields: () => ({ name: 'Named instructor', instructorId: ids.otherInstructorId }),
		expect: [303, 403, 403, 403, 303, 303]
	},
	{ label: 'cohort overview', method: 'GET', path: cohort(), expect: STAFF_PAGE },
	{
		label: 'unknown cohort',
		method: 'GET',
		path: () => '/cohorts/no-such-cohort',
		expect: [303, 403, 403, 404, 404, 404]
	},
	{
		label: 'rename cohort (same name)',
		method: 'POST',
		path: cohort('?/rename'),
		fields: () => ({ name: 'Authz cohort' }),
		expect: STAFF_PAGE
	},
	{
		label: 'archive cohort (stays current)',
		method: 'POST',
		path: cohort('?/archive'),
		fields: () => ({ archived: 'false' }),
		expect: STAFF_PAGE
	},
	{
		label: 'set instructors (admin only)',
		method: 'POST',
		path: cohort('?/instructors'),
		fields: () => ({ instructorId: ids.instructorId }),
		expect: [303, 403, 403, 403, 403, 200]
	},
	{
		label: 'remove assignment that has attempts',
		method: 'POST',
		path: cohort('?/removeAssignment'),
		fields: () => ({ assignmentId: ids.assignment }),
		expect: [303, 403, 403, 409, 404, 409]
	},
	{ label: 'roster', method: 'GET', path: cohort('/roster'), expect: STAFF_PAGE },
	{
		label: 'roster add (already a member)',
		method: 'POST',
		path: cohort('/roster?/add'),
		fields: () => ({ username: ACCOUNTS.authzTrainee.username, displayName: 'Authz Trainee' }),
		expect: STAFF_PAGE
	},
	{
		label: 'roster preview',
		method: 'POST',
		path: cohort('/roster?/preview'),
		fields: () => ({ text: 'username,display name\nsomeone,Someone\n' }),
		expect: STAFF_PAGE
	},
	{
		label: 'roster import (nothing previewed)',
		method: 'POST',
		path: cohort('/roster?/import'),
		fields: () => ({ text: '' }),
		expect: [303, 403, 403, 400, 404, 400]
	},
	{
		label: 'roster remove (not on the roster)',
		method: 'POST',
		path: cohort('/roster?/remove'),
		fields: () => ({ userId: ids.otherTrainee }),
		expect: [303, 403, 403, 404, 404, 404]
	},
	{
		label: 'roster new link (password already set)',
		method: 'POST',
		path: cohort('/roster?/relink'),
		fields: () => ({ userId: ids.trainee }),
		expect: [303, 403, 403, 409, 404, 409]
	},
	{
		label: 'roster links download (nobody waiting: header only)',
		method: 'POST',
		path: cohort('/roster/links.csv'),
		expect: STAFF_PAGE
	},
	{
		label: 'roster links by mail (mail not set up here)',
		method: 'POST',
		path: cohort('/roster?/mail'),
		expect: [303, 403, 403, 409, 404, 409]
	},
	{ label: 'assign page', method: 'GET', path: cohort('/assignments'), expect: STAFF_PAGE },
	{
		label: 'assign (no scenario chosen)',
		method: 'POST',
		path: cohort('/assignments'),
		fields: () => ({ mode: 'practice' }),
		expect: [303, 403, 403, 400, 404, 400]
	},
	{
		label: 'assignment page',
		method: 'GET',
		path: () => `/cohorts/${ids.cohort}/assignments/${ids.assignment}`,
		expect: STAFF_PAGE
	},
	{
		label: 'unknown assignment',
		method: 'GET',
		path: cohort('/assignments/no-such-assignment'),
		expect: [303, 403, 403, 404, 404, 404]
	},
	{
		label: 'assignment settings (unchanged)',
		method: 'POST',
		path: () => `/cohorts/${ids.cohort}/assignments/${ids.assignment}?/update`,
		fields: () => ({ mode: 'practice', attemptLimit: '5' }),
		expect: STAFF_PAGE
	},
	{
		label: 'reset attempt (no reason)',
		method: 'POST',
		path: () => `/cohorts/${ids.cohort}/assignments/${ids.assignment}?/reset`,
		fields: () => ({ attemptId: ids.attempt, reason: '' }),
		expect: [303, 403, 403, 400, 404, 400]
	},
	{
		label: 'grant attempt (no reason)',
		method: 'POST',
		path: () => `/cohorts/${ids.cohort}/assignments/${ids.assignment}?/grant`,
		fields: () => ({ userId: ids.trainee, reason: '' }),
		expect: [303, 403, 403, 400, 404, 400]
	},
	// Part 2's reports.
	{ label: 'dashboard', method: 'GET', path: cohort('/dashboard'), expect: STAFF_PAGE },
	{ label: 'item analysis', method: 'GET', path: cohort('/items'), expect: STAFF_PAGE },
	{
		label: 'item analysis of a scenario',
		method: 'GET',
		path: cohort('/items/coat-still-on'),
		expect: STAFF_PAGE
	},
	{
		label: 'trainee detail',
		method: 'GET',
		path: () => `/cohorts/${ids.cohort}/trainees/${ids.trainee}`,
		expect: STAFF_PAGE
	},
	{
		label: 'trainee detail, not on the roster',
		method: 'GET',
		path: () => `/cohorts/${ids.cohort}/trainees/${ids.otherTrainee}`,
		expect: [303, 403, 403, 404, 404, 404]
	},
	{
		label: 'gradebook CSV',
		method: 'GET',
		path: cohort('/export/gradebook.csv'),
		expect: STAFF_PAGE
	},
	{ label: 'choices CSV', method: 'GET', path: cohort('/export/choices.csv'), expect: STAFF_PAGE },
	{ label: 'xAPI JSON', method: 'GET', path: cohort('/export/xapi.json'), expect: STAFF_PAGE },
	// Issue 16: the cohort's practice figures and their export.
	{ label: 'practice figures', method: 'GET', path: cohort('/practice'), expect: STAFF_PAGE },
	{
		label: 'practice CSV',
		method: 'GET',
		path: cohort('/export/practice.csv'),
		expect: STAFF_PAGE
	},
	// Admin.
	{ label: 'accounts', method: 'GET', path: () => '/admin', expect: ADMIN_ONLY },
	{
		label: 'create account (no username)',
		method: 'POST',
		path: () => '/admin?/create',
		fields: () => ({ username: '', displayName: '', role: 'trainee' }),
		expect: [303, 403, 403, 403, 403, 400]
	},
	{
		label: 'account page',
		method: 'GET',
		path: () => `/admin/users/${ids.otherTrainee}`,
		expect: ADMIN_ONLY
	},
	{ label: 'LMS connections', method: 'GET', path: () => '/admin/lti', expect: ADMIN_ONLY },
	{
		label: 'add LMS platform (no fields)',
		method: 'POST',
		path: () => '/admin/lti?/create',
		fields: () => ({ name: '' }),
		expect: [303, 403, 403, 403, 403, 400]
	},
	{
		label: 'unknown LMS platform',
		method: 'GET',
		path: () => '/admin/lti/no-such-platform',
		expect: [303, 403, 403, 403, 403, 404]
	},
	{
		// No session needed (the LMS frames it, cookieless): the signed request is the credential.
		label: 'deep-link picker without a request',
		method: 'GET',
		path: () => '/lti/deep-link',
		expect: [400, 400, 400, 400, 400, 400]
	},
	{
		label: 'unknown account',
		method: 'GET',
		path: () => '/admin/users/no-such-user',
		expect: [303, 403, 403, 403, 403, 404]
	},
	{
		label: 'new set-password link',
		method: 'POST',
		path: () => `/admin/users/${ids.otherTrainee}?/link`,
		expect: ADMIN_ONLY
	},
	{
		label: 'set role (unchanged)',
		method: 'POST',
		path: () => `/admin/users/${ids.otherTrainee}?/role`,
		fields: () => ({ role: 'trainee' }),
		expect: ADMIN_ONLY
	},
	{
		label: 'set role (not a role)',
		method: 'POST',
		path: () => `/admin/users/${ids.otherTrainee}?/role`,
		fields: () => ({ role: 'owner' }),
		expect: [303, 403, 403, 403, 403, 400]
	},
	{
		label: 'erase (wrong confirmation)',
		method: 'POST',
		path: () => `/admin/users/${ids.otherTrainee}?/erase`,
		fields: () => ({ confirm: 'not-the-username' }),
		expect: [303, 403, 403, 403, 403, 400]
	},
	{
		label: 'suspend (wrong confirmation)',
		method: 'POST',
		path: () => `/admin/users/${ids.otherTrainee}?/suspend`,
		fields: () => ({ confirm: 'not-the-username' }),
		expect: [303, 403, 403, 403, 403, 400]
	},
	{
		label: 'lift a suspension (none to lift)',
		method: 'POST',
		path: () => `/admin/users/${ids.otherTrainee}?/unsuspend`,
		expect: ADMIN_ONLY
	},
	{
		label: 'change name and email (empty name)',
		method: 'POST',
		path: () => `/admin/users/${ids.otherTrainee}?/details`,
		fields: () => ({ displayName: '', email: '' }),
		expect: [303, 403, 403, 403, 403, 400]
	},
	{
		label: 'export trainee data',
		method: 'GET',
		path: () => `/admin/users/${ids.trainee}/export`,
		expect: ADMIN_ONLY
	},
	// Attempts: the trainee plays; their instructor and admins may look; nobody else learns it exists.
	{
		label: 'attempt page',
		method: 'GET',
		path: () => `/attempts/${ids.attempt}`,
		expect: [303, 200, 404, 200, 404, 200]
	},
	{
		label: 'choose in an attempt (malformed)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/choose`,
		fields: () => ({ choiceId: 'x', eventId: '!', seq: '1' }),
		expect: [303, 400, 404, 400, 404, 400]
	},
	{
		label: 'choose in an attempt (well formed, no such choice)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/choose`,
		fields: () => ({ choiceId: 'no-such-choice', eventId: 'authz-event-0001', seq: '1' }),
		expect: [303, 400, 404, 403, 404, 403]
	},
	{
		label: 'start the assignment (continues the open attempt)',
		method: 'POST',
		path: () => '/scenarios/coat-still-on?/start',
		fields: () => ({ assignmentId: ids.assignment, mode: 'practice' }),
		expect: [303, 303, 404, 404, 404, 404]
	},
	{
		label: 'write a reflection (attempt not finished)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/reflect`,
		fields: () => ({ reflection: 'x' }),
		expect: [303, 409, 404, 403, 404, 403]
	},
	{
		label: 'predict the client’s rating (attempt not finished)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/predict`,
		fields: () => ({ intent: 'predict', overall: '5' }),
		expect: [303, 409, 404, 403, 404, 403]
	},
	{
		label: 'take back a choice (none made yet)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/rewind`,
		fields: () => ({ eventId: 'authz-event-0002', seq: '1' }),
		expect: [303, 400, 404, 403, 404, 403]
	},
	{
		label: 'what-if from a decision that does not exist',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/branch`,
		fields: () => ({ step: '99' }),
		expect: [303, 400, 404, 403, 404, 403]
	},
	// "Say it your way first": the attempt's trainee alone types, switches it and shares.
	{
		label: 'say it your way first (the attempt does not ask)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/say`,
		fields: () => ({ ownWords: 'x', step: '0', beat: 'opening' }),
		expect: [303, 409, 404, 403, 404, 403]
	},
	{
		label: 'switch say it your way first off (a no-op)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/sayFirst`,
		fields: () => ({ sayFirst: 'off' }),
		expect: [303, 200, 404, 403, 404, 403]
	},
	{
		label: 'stop sharing typed responses (a no-op)',
		method: 'POST',
		path: () => `/attempts/${ids.attempt}?/shareOwnWords`,
		fields: () => ({}),
		expect: [303, 200, 404, 403, 404, 403]
	},
	{
		label: 'unknown attempt',
		method: 'GET',
		path: () => '/attempts/no-such-attempt',
		expect: [303, 404, 404, 404, 404, 404]
	},
	{
		label: 'start outside an assignment (no mode)',
		method: 'POST',
		path: () => '/scenarios/coat-still-on?/start',
		fields: () => ({ mode: 'neither' }),
		expect: [303, 400, 400, 400, 400, 400]
	},
	// Pages for everyone, or every signed-in user.
	{
		label: 'my progress',
		method: 'GET',
		path: () => '/me',
		expect: [303, 200, 200, 200, 200, 200]
	},
	{
		label: 'download my own data',
		method: 'GET',
		path: () => '/me/export',
		expect: [303, 200, 200, 200, 200, 200]
	},
	{
		label: 'scenarios',
		method: 'GET',
		path: () => '/scenarios',
		expect: [200, 200, 200, 200, 200, 200]
	},
	{
		label: 'a scenario',
		method: 'GET',
		path: () => '/scenarios/coat-still-on',
		expect: [200, 200, 200, 200, 200, 200]
	},
	{
		label: 'unknown scenario',
		method: 'GET',
		path: () => '/scenarios/no-such-scenario',
		expect: [404, 404, 404, 404, 404, 404]
	},
	{
		label: 'principles',
		method: 'GET',
		path: () => '/principles',
		expect: [200, 200, 200, 200, 200, 200]
	},
	// Set-password links need no account; an unknown one is refused alike for everyone.
	{
		label: 'set-password page (unknown link)',
		method: 'GET',
		path: () => `/set-password/${'x'.repeat(43)}`,
		expect: [200, 200, 200, 200, 200, 200]
	},
	{
		label: 'set password (unknown link)',
		method: 'POST',
		path: () => `/set-password/${'x'.repeat(43)}`,
		fields: () => ({ password: 'a long passphrase', confirm: 'a long passphrase' }),
		expect: [410, 410, 410, 410, 410, 410]
	}
];

async function request(baseURL: string, row: Row, who: Who): Promise<number> {
	const cookie = cookies[who] ?? '';
	if (row.method === 'POST')
		return (await formPost(baseURL, row.path(), cookie, row.fields?.() ?? {})).status;
	const response = await fetch(`${baseURL}${row.path()}`, {
		redirect: 'manual',
		headers: { cookie, accept: 'text/html' }
	});
	await response.body?.cancel();
	return response.status;
}

function locationOf(response: Response): string {
	return response.headers.get('location') ?? '';
}

test.beforeAll(async ({ baseURL }) => {
	const base = baseURL!;
	for (const who of WHO)
		if (who !== 'anonymous') cookies[who] = await signInCookie(base, ACCOUNT[who]);
	// The instructor makes a cohort, puts the trainee on it, and assigns a scenario; the trainee
	// starts it.
	const made = await formPost(base, '/cohorts/new', cookies.instructor!, { name: 'Authz cohort' });
	ids.cohort = /^\/cohorts\/([^/?#]+)$/.exec(locationOf(made))![1];
	const added = await formPost(base, `/cohorts/${ids.cohort}/roster?/add`, cookies.instructor!, {
		username: ACCOUNTS.authzTrainee.username,
		displayName: 'Authz Trainee'
	});
	expect(added.status).toBe(200);
	const assigned = await formPost(base, `/cohorts/${ids.cohort}/assignments`, cookies.instructor!, {
		scenarioId: 'coat-still-on',
		mode: 'practice',
		attemptLimit: '5'
	});
	expect(assigned.status).toBe(303);
	const overview = await (
		await fetch(`${base}/cohorts/${ids.cohort}`, { headers: { cookie: cookies.instructor! } })
	).text();
	ids.assignment = new RegExp(`/cohorts/${ids.cohort}/assignments/([A-Za-z0-9_-]+)"`).exec(
		overview
	)![1];
	const started = await formPost(base, '/scenarios/coat-still-on?/start', cookies.trainee!, {
		assignmentId: ids.assignment,
		mode: 'practice'
	});
	ids.attempt = /^\/attempts\/([^/?#]+)$/.exec(locationOf(started))![1];
	const accounts = await (
		await fetch(`${base}/admin`, { headers: { cookie: cookies.admin! } })
	).text();
	const idOf = (username: string) =>
		new RegExp(`/admin/users/([A-Za-z0-9_-]+)">${username}<`).exec(accounts)![1];
	ids.trainee = idOf(ACCOUNTS.authzTrainee.username);
	ids.otherTrainee = idOf(ACCOUNTS.authzOtherTrainee.username);
	ids.instructorId = idOf(ACCOUNTS.authzInstructor.username);
	ids.otherInstructorId = idOf(ACCOUNTS.authzOtherInstructor.username);
	const drafted = await formPost(base, '/studio?/create', cookies.instructor!, {});
	ids.draft = /^\/studio\/([^/?#]+)$/.exec(locationOf(drafted))![1];
});

test('authorisation matrix: every programme route and action by every kind of user', async ({
	baseURL
}) => {
	test.setTimeout(120_000);
	const actual: string[] = [];
	const wanted: string[] = [];
	for (const row of ROWS) {
		const got: number[] = [];
		for (const who of WHO) got.push(await request(baseURL!, row, who));
		const line = (s: readonly number[]) =>
			`${row.method} ${row.label}: ${WHO.map((w, i) => `${w}=${s[i]}`).join(' ')}`;
		actual.push(line(got));
		wanted.push(line(row.expect));
	}
	expect(actual).toEqual(wanted);
});

test('an instructor who puts another cohort’s trainee on their roster sees none of that cohort’s work', async ({
	baseURL,
	page
}) => {
	// Issue 18, defect 2, exactly as reported: the other instructor's cohort has the trainee and
	// an assessment they have started; the instructor adds the trainee to their own roster by
	// username, then tries the attempt, the other cohort's trainee page and their own.
	const base = baseURL!;
	const shared = ACCOUNTS.authzSharedTrainee;
	const sharedCookie = await signInCookie(base, shared);
	const made = await formPost(base, '/cohorts/new', cookies.otherInstructor!, {
		name: 'Authz other cohort'
	});
	const otherCohort = /^\/cohorts\/([^/?#]+)$/.exec(locationOf(made))![1];
	const joined = await formPost(
		base,
		`/cohorts/${otherCohort}/roster?/add`,
		cookies.otherInstructor!,
		{
			username: shared.username,
			displayName: shared.displayName
		}
	);
	expect(joined.status).toBe(200);
	expect(
		(
			await formPost(base, `/cohorts/${otherCohort}/assignments`, cookies.otherInstructor!, {
				scenarioId: 'coat-still-on',
				mode: 'assessment'
			})
		).status
	).toBe(303);
	const overview = await (
		await fetch(`${base}/cohorts/${otherCohort}`, { headers: { cookie: cookies.otherInstructor! } })
	).text();
	const assessment = new RegExp(`/cohorts/${otherCohort}/assignments/([A-Za-z0-9_-]+)"`).exec(
		overview
	)![1];
	const started = await formPost(base, '/scenarios/coat-still-on?/start', sharedCookie, {
		assignmentId: assessment,
		mode: 'assessment'
	});
	const inProgress = /^\/attempts\/([^/?#]+)$/.exec(locationOf(started))![1];
	const accounts = await (
		await fetch(`${base}/admin`, { headers: { cookie: cookies.admin! } })
	).text();
	const sharedId = new RegExp(`/admin/users/([A-Za-z0-9_-]+)">${shared.username}<`).exec(
		accounts
	)![1];

	const added = await formPost(base, `/cohorts/${ids.cohort}/roster?/add`, cookies.instructor!, {
		username: shared.username,
		displayName: 'Anything'
	});
	expect(added.status).toBe(200);
	expect(await added.text()).toContain('already had an account and is now on the roster');

	const get = async (path: string, who: Who) => {
		const r = await fetch(`${base}${path}`, {
			redirect: 'manual',
			headers: { cookie: cookies[who]!, accept: 'text/html' }
		});
		return { status: r.status, body: await r.text() };
	};
	// The assessment in progress for the other cohort: as if it did not exist.
	expect((await get(`/attempts/${inProgress}`, 'instructor')).status).toBe(404);
	// The other cohort's trainee page: not theirs.
	expect((await get(`/cohorts/${otherCohort}/trainees/${sharedId}`, 'instructor')).status).toBe(
		404
	);
	// Their own cohort's trainee page: the trainee, but none of the other cohort's work.
	const own = await get(`/cohorts/${ids.cohort}/trainees/${sharedId}`, 'instructor');
	expect(own.status).toBe(200);
	expect(own.body).not.toContain(inProgress);
	// The other cohort's instructor and the trainee still see it.
	expect((await get(`/attempts/${inProgress}`, 'otherInstructor')).status).toBe(200);

	// The trainee is told on their home page, with who teaches the cohort.
	await page.context().addCookies([
		{
			name: 'rapport_session',
			value: sharedCookie.slice(sharedCookie.indexOf('=') + 1),
			url: base
		}
	]);
	await page.goto('/');
	const cohorts = page.getByRole('region', { name: 'Your cohorts' });
	await expect(cohorts).toContainText('Authz cohort: taught by Authz Instructor');
	await expect(cohorts).toContainText('Authz other cohort: taught by Authz Other Instructor');
	await expectNoAxeViolations(page);
});

test('anonymous users are sent to sign in and come back to where they were', async ({
	baseURL
}) => {
	const response = await fetch(`${baseURL}/cohorts/${ids.cohort}/roster`, { redirect: 'manual' });
	expect(response.status).toBe(303);
	expect(locationOf(response)).toBe(
		`/signin?next=${encodeURIComponent(`/cohorts/${ids.cohort}/roster`)}`
	);
});

test('another instructor’s cohort looks exactly like one that does not exist', async ({
	baseURL
}) => {
	const get = async (path: string) => {
		const r = await fetch(`${baseURL}${path}`, {
			headers: { cookie: cookies.otherInstructor!, accept: 'text/html' }
		});
		return {
			status: r.status,
			body: (await r.text()).replaceAll(ids.cohort, 'ID').replace('no-such-cohort', 'ID')
		};
	};
	const real = await get(`/cohorts/${ids.cohort}`);
	const missing = await get('/cohorts/no-such-cohort');
	expect(real.status).toBe(404);
	expect(real.body.replace(/nonce="[^"]*"/g, '')).toBe(missing.body.replace(/nonce="[^"]*"/g, ''));
});
