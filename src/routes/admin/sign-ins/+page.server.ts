import { requireUser } from '$lib/server/auth/guard';
import { signInLog } from '$lib/server/auth/sign-in-log';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireUser(event, ['admin']);
	return { items: await signInLog(await getStore()) };
};
