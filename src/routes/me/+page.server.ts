import { requireUser } from '$lib/server/auth/guard';
import { passMarksFor } from '$lib/server/pass-mark';
import { calibration } from '$lib/practice/prediction';
import { calibrationEntries } from '$lib/server/prediction';
import { progressOf } from '$lib/server/progress';
import { getStore } from '$lib/server/store';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	const store = await getStore();
	const attempts = await store.listAttemptsByUser(user.id);
	return {
		...progressOf(attempts, await passMarksFor(store, attempts)),
		calibration: calibration(await calibrationEntries(attempts)) ?? null
	};
};
