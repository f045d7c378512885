import { error, fail } from '@sveltejs/kit';
import { accountState, changeDetails, setSuspended } from '$lib/server/auth/accounts';
import { confirmed } from '$lib/server/confirm';
import { accountProblems } from '$lib/server/programmes/roster-file';
import { requireUser } from '$lib/server/auth/guard';
import { issueLinks } from '$lib/server/programmes/password-links';
import { eraseTrainee } from '$lib/server/programmes/privacy';
import { getStore } from '$lib/server/store';
import { ROLES, type Role } from '$lib/server/store/types';
import type { Actions, PageServerLoad } from './$types';

async function userOr404(id: string) {
	const store = await getStore();
	const user = await store.getUser(id);
	if (!user) error(404, 'No such account.');
	return { store, user };
}

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	const { store, user } = await userOr404(event.params.id);
	const cohorts = (await store.listCohorts())
		.filter((c) => c.memberIds.includes(user.id) || c.instructorIds.includes(user.id))
		.map((c) => ({
			id: c.id,
			name: c.name,
			as: c.memberIds.includes(user.id) ? 'Trainee' : 'Instructor'
		}));
	const attempts = (await store.listAttemptsByUser(user.id)).length;
	return {
		account: {
			id: user.id,
			username: user.username,
			displayName: user.displayName,
			email: user.email ?? '',
			role: user.role,
			pseudonym: user.pseudonym,
			createdAt: user.createdAt,
			erasedAt: user.erasedAt ?? null,
			suspendedAt: user.suspendedAt ?? null,
			state: accountState(user)
		},
		cohorts,
		attempts
	};
};

export const actions: Actions = {
	role: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, user } = await userOr404(event.params.id);
		const form = await event.request.formData();
		const role = String(form.get('role') ?? '');
		if (!ROLES.includes(role as Role))
			return fail(400, { error: 'Choose trainee, instructor or admin.' });
		if (user.erasedAt) return fail(409, { error: 'This account was erased.' });
		// An admin who demoted themselves could leave the programme with nobody to manage it.
		if (user.id === admin.id && role !== 'admin')
			return fail(400, { error: 'You cannot take away your own admin role; ask another admin.' });
		if (role === user.role) return { roleChanged: role };
		await store.updateUser(user.id, { role: role as Role });
		await store.appendAudit({
			actorId: admin.id,
			action: 'user.role',
			targetType: 'user',
			targetId: user.id,
			detail: { from: user.role, to: role }
		});
		return { roleChanged: role };
	},
	details: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, user } = await userOr404(event.params.id);
		if (user.erasedAt) return fail(409, { error: 'This account was erased.' });
		const form = await event.request.formData();
		const details = {
			displayName: String(form.get('displayName') ?? '').trim(),
			email: String(form.get('email') ?? '').trim()
		};
		const problems = accountProblems({ username: user.username, ...details });
		if (problems.length) return fail(400, { error: problems.join(' ') });
		await changeDetails(store, admin.id, user, details);
		return { detailsSaved: true };
	},
	suspend: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, user } = await userOr404(event.params.id);
		if (user.erasedAt) return fail(409, { error: 'This account was erased.' });
		// As with the role: an admin who locked themselves out could leave nobody to manage it.
		if (user.id === admin.id)
			return fail(400, { error: 'You cannot suspend your own account.', errorFor: 'suspend' });
		const form = await event.request.formData();
		if (!confirmed(form, user.username))
			return fail(400, {
				error: `Not suspended: type the username, ${user.username}, to confirm.`,
				errorFor: 'suspend'
			});
		if (!user.suspendedAt) await setSuspended(store, admin.id, user.id, true);
		return { suspended: true };
	},
	unsuspend: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, user } = await userOr404(event.params.id);
		if (user.suspendedAt) await setSuspended(store, admin.id, user.id, false);
		return { suspended: false };
	},
	link: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, user } = await userOr404(event.params.id);
		if (user.erasedAt) return fail(409, { error: 'This account was erased.' });
		const [link] = await issueLinks(store, [user.id], admin.id);
		await store.appendAudit({
			actorId: admin.id,
			action: 'user.passwordLink',
			targetType: 'user',
			targetId: user.id
		});
		return { link: { url: `${event.url.origin}${link.path}`, expiresAt: link.expiresAt } };
	},
	erase: async (event) => {
		const admin = requireUser(event, ['admin']);
		const { store, user } = await userOr404(event.params.id);
		const form = await event.request.formData();
		if (user.role !== 'trainee')
			return fail(400, { error: 'Only trainee accounts can be erased here.' });
		if (user.erasedAt) return fail(409, { error: 'This account was already erased.' });
		if (!confirmed(form, user.username))
			return fail(400, {
				error: `Nothing was erased: type the username, ${user.username}, to confirm.`,
				errorFor: 'erase'
			});
		const report = await eraseTrainee(store, admin.id, user.id);
		if (!report) return fail(409, { error: 'This account cannot be erased.', errorFor: 'erase' });
		return {
			erased: {
				backupsRemoved: report.backupsRemoved.length,
				backupTaken: report.backupTaken ?? null,
				remaining: report.remaining,
				ownWordsRemoved: report.ownWordsRemoved,
				drafts: report.drafts
			}
		};
	}
};
