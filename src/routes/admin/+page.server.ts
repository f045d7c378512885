import { fail } from '@sveltejs/kit';
import { normaliseUsername, usernameProblem } from '$lib/server/auth/accounts';
import { requireUser } from '$lib/server/auth/guard';
import { issueLinks } from '$lib/server/programmes/password-links';
import { displayNameProblem, emailProblem } from '$lib/server/programmes/roster-file';
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
			state: u.erasedAt ? 'Erased' : u.passwordHash === '' ? 'Waiting for a password' : 'Active',
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
			input.username ? usernameProblem(input.username) : 'Enter a username.',
			displayNameProblem(input.displayName),
			input.email ? emailProblem(input.email) : undefined,
			ROLES.includes(input.role as Role) ? undefined : 'Choose a role.'
		].filter((e): e is string => e !== undefined);
		if (errors.length) return fail(400, { input, errors });
		const store = await getStore();
		let userId: string;
		try {
			const [user] = await store.createUsers([
				{
					username: input.username,
					displayName: input.displayName,
					...(input.email ? { email: input.email } : {}),
					role: input.role as Role,
					passwordHash: ''
				}
			]);
			userId = user.id;
		} catch (e) {
			if (e instanceof StoreConflictError)
				return fail(409, { input, errors: [`The username ${input.username} is taken.`] });
			throw e;
		}
		await store.appendAudit({
			actorId: admin.id,
			action: 'user.create',
			targetType: 'user',
			targetId: userId,
			detail: { role: input.role }
		});
		const [link] = await issueLinks(store, [userId], admin.id);
		return {
			created: {
				username: input.username,
				url: `${event.url.origin}${link.path}`,
				expiresAt: link.expiresAt
			}
		};
	}
};
