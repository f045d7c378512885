import { fail, type RequestEvent } from '@sveltejs/kit';
import { accountState } from '$lib/server/auth/accounts';
import { mailSettings } from '$lib/server/mail';
import { requireCohort } from '$lib/server/programmes/access';
import {
	addTrainee,
	importRoster,
	mailWaitingLinks,
	planRosterImport,
	relinkTrainee,
	removeTrainee,
	tellJoined,
	type RosterResult,
	type NewAccountLink,
	type RosterPlan
} from '$lib/server/programmes/roster';
import {
	ROSTER_MAX_BYTES,
	ROSTER_MAX_ROWS,
	rosterText,
	type RosterSource
} from '$lib/server/programmes/roster-file';
import type { Cohort, PublicUser, Store } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

/** Rows shown in a preview; the counts and every problem are always complete. */
const PREVIEW_ROWS = 200;
/**
 * Set-password links shown on the page after an import; more than this are handed out as a
 * CSV download or by mail instead, so a 5,000-row import does not answer with 5,000 links.
 */
const LINKS_SHOWN = 50;

export const load: PageServerLoad = async (event) => {
	const { store, cohort } = await requireCohort(event);
	const members = new Set(cohort.memberIds);
	const trainees = (await store.listUsers())
		.filter((u) => members.has(u.id))
		.map((u) => ({
			id: u.id,
			username: u.username,
			displayName: u.displayName,
			email: u.email ?? '',
			state: accountState(u)
		}))
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		cohort: { id: cohort.id, name: cohort.name },
		trainees,
		waiting: trainees.filter((t) => t.state === 'waiting').length,
		mail: mailSettings() !== undefined,
		limits: { bytes: ROSTER_MAX_BYTES, rows: ROSTER_MAX_ROWS }
	};
};

// adapter-node refuses bodies over 512 KiB by default (BODY_SIZE_LIMIT); answer larger uploads
// with the roster's own limit before touching the body, so a 20 MB file gets a clear message.
const BODY_LIMIT = 512 * 1024;

async function readForm(event: RequestEvent): Promise<FormData | string> {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	const tooBig = `The file is too large: the limit is ${Math.round(ROSTER_MAX_BYTES / 1000)} KB (about ${ROSTER_MAX_ROWS.toLocaleString('en')} rows). Split it into smaller files.`;
	if (length > BODY_LIMIT) return tooBig;
	try {
		return await event.request.formData();
	} catch {
		return tooBig;
	}
}

/**
 * Mails trainees who already had an account that they joined this roster. Not awaited: the page
 * answers at once, and their home page lists the cohort whether or not the mail arrives.
 */
function tell(
	store: Store,
	cohort: Cohort,
	result: RosterResult,
	actor: PublicUser,
	origin: string
) {
	tellJoined(store, cohort, result.joined, actor, origin)
		.then((report) => {
			for (const f of report.failed)
				console.error(`rapport: roster notice not sent to ${f.to}: ${f.error}`);
		})
		.catch((e) => console.error('rapport: roster notices failed:', e));
}

function withUrls(links: NewAccountLink[], origin: string) {
	return links.map((l) => ({
		username: l.username,
		displayName: l.displayName,
		url: `${origin}${l.path}`,
		expiresAt: l.expiresAt
	}));
}

function previewOf(plan: RosterPlan) {
	return {
		rows: plan.rows.slice(0, PREVIEW_ROWS),
		hidden: Math.max(0, plan.rows.length - PREVIEW_ROWS),
		problems: plan.problems.slice(0, 1000),
		moreProblems: Math.max(0, plan.problems.length - 1000),
		counts: plan.counts
	};
}

/** The uploaded file, read as a stream by the roster reader, or the pasted text. */
function rosterSource(form: FormData): RosterSource | undefined {
	const file = form.get('file');
	if (file instanceof File && file.size > 0) return file.stream();
	const pasted = form.get('text');
	if (typeof pasted === 'string' && pasted.trim() !== '') return pasted;
	return undefined;
}

export const actions: Actions = {
	add: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const form = await event.request.formData();
		const input = {
			username: String(form.get('username') ?? ''),
			displayName: String(form.get('displayName') ?? ''),
			email: String(form.get('email') ?? '')
		};
		const result = await addTrainee(store, cohort.id, input, user);
		if (!result.written)
			return fail(400, {
				action: 'add',
				input,
				errors: result.plan.problems.map((p) => p.message)
			});
		tell(store, cohort, result, user, event.url.origin);
		const row = result.plan.rows[0];
		return {
			action: 'add',
			done:
				row.action === 'unchanged'
					? `${row.username} is already on the roster.`
					: row.action === 'add'
						? `${row.username} already had an account and is now on the roster. Their home page says so, with who teaches this cohort.`
						: `An account for ${row.username} was created and added.`,
			links: withUrls(result.links, event.url.origin)
		};
	},
	preview: async (event) => {
		const { store, cohort } = await requireCohort(event);
		const form = await readForm(event);
		if (typeof form === 'string') return fail(413, { action: 'preview', errors: [form] });
		const input = rosterSource(form);
		if (input === undefined)
			return fail(400, { action: 'preview', errors: ['Choose a CSV file, or paste its text.'] });
		const plan = await planRosterImport(store, cohort, input);
		// The confirmation posts the accepted rows back; they are planned again before writing.
		const text = plan.problems.length === 0 ? rosterText(plan.rows) : '';
		// A file with problems is a form error: nothing can be imported from it as it is.
		if (plan.problems.length > 0)
			return fail(400, { action: 'preview', preview: previewOf(plan), text });
		return { action: 'preview', preview: previewOf(plan), text };
	},
	import: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const form = await readForm(event);
		if (typeof form === 'string') return fail(413, { action: 'import', errors: [form] });
		const text = String(form.get('text') ?? '');
		if (text.trim() === '')
			return fail(400, {
				action: 'import',
				errors: ['There was nothing to import. Preview a file first.']
			});
		const result = await importRoster(store, cohort.id, text, user);
		if (!result.written)
			return fail(400, { action: 'import', preview: previewOf(result.plan), text: '' });
		tell(store, cohort, result, user, event.url.origin);
		const { create, add, unchanged } = result.plan.counts;
		const shown = result.links.length <= LINKS_SHOWN;
		return {
			action: 'import',
			done: `Imported: ${create} account${create === 1 ? '' : 's'} created, ${add} existing added, ${unchanged} already on the roster.`,
			links: shown ? withUrls(result.links, event.url.origin) : [],
			linksHidden: shown ? 0 : result.links.length
		};
	},
	remove: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const userId = String((await event.request.formData()).get('userId') ?? '');
		if (!(await removeTrainee(store, cohort.id, userId, user)))
			return fail(404, { action: 'remove', errors: ['That trainee is not on this roster.'] });
		return { action: 'remove', done: 'The trainee was taken off the roster. Their work is kept.' };
	},
	mail: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const settings = mailSettings();
		if (!settings)
			return fail(409, { action: 'mail', errors: ['Mail is not set up on this server.'] });
		const { report, withoutEmail } = await mailWaitingLinks(
			store,
			cohort,
			user,
			event.url.origin,
			settings
		);
		const errors = [
			...report.failed.map((f) => `Not sent to ${f.to}: ${f.error}`),
			...(withoutEmail.length > 0
				? [
						`No email address, so no mail: ${withoutEmail.join(', ')}. Download their links instead.`
					]
				: [])
		];
		const sent = report.sent.length;
		return {
			action: 'mail',
			done: `${sent} trainee${sent === 1 ? '' : 's'} were sent their own set-password link.`,
			mailProblems: errors
		};
	},
	relink: async (event) => {
		const { user, store, cohort } = await requireCohort(event);
		const userId = String((await event.request.formData()).get('userId') ?? '');
		const link = await relinkTrainee(store, cohort, userId, user);
		if (!link)
			return fail(409, {
				action: 'relink',
				errors: ['Only an account that has not set its password yet can get a new link here.']
			});
		return {
			action: 'relink',
			done: `A new link for ${link.username}; the earlier one no longer works.`,
			links: withUrls([link], event.url.origin)
		};
	}
};
