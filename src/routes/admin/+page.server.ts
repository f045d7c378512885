import { fail } from '@sveltejs/kit';
import { accountState, normaliseUsername } from '$lib/server/auth/accounts';
import { requireUser } from '$lib/server/auth/guard';
import { inviteAccount } from '$lib/server/programmes/password-links';
import { accountProblems } from '$lib/server/programmes/roster-file';
import { getStore, StoreConflictError } from '$lib/server/store';
import { ROLES, type Role } from '$lib/server/store/types';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const store = await getStore();
	const cohorts = await store.listCohorts();
	const users = (await store.listUsers())
		.map((u) => ({
			id: u.id,
			username: u.username,
			displayName: u.displayName,
			role: u.role,
			state: accountState(u),
			cohorts: cohorts.filter((c) => c.memberIds.includes(u.id) || c.instructorIds.includes(u.id))
				.length
		}))
		.sort((a, b) => a.role.localeCompare(b.role) || a.username.localeCompare(b.username));
	return { users };
};

export const actions: Actions = {
	create: async (event) => {
		const admin = requireUser(event, ['admin']);
		const form = await event.request.formData();
		const input = {
			username: normaliseUsername(String(form.get('username') ?? '')),
			displayName: String(form.get('displayName') ?? '').trim(),
			email: String(form.get('email') ?? '').trim(),
			role: String(form.get('role') ?? '')
		};
		const errors = [
			...accountProblems(input, 'Enter a username.'),
			...(ROLES.includes(input.role as Role) ? [] : ['Choose a role.'])
		];
		if (errors.length) return fail(400, { input, errors });
		let link;
		try {
			link = await inviteAccount(await getStore(), { ...input, role: input.role as Role }, admin);
		} catch (e) {
			if (e instanceof StoreConflictError)
				return fail(409, { input, errors: [`The username ${input.username} is taken.`] });
			throw e;
		}
		return {
			created: {
				username: input.username,
				url: `${event.url.origin}${link.path}`,
				expiresAt: link.expiresAt
			}
		};
	}
};
