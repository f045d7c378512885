import { error, fail, redirect } from '@sveltejs/kit';
import { AttemptError, branch, choose, loadAttempt, reflect, rewind } from '$lib/server/attempts';
import { attemptPage } from '$lib/server/attempt-view';
import { predict } from '$lib/server/prediction';
import { requireUser } from '$lib/server/auth/guard';
import { ownWordsView, sayOwnWords, setSayFirst, shareOwnWords } from '$lib/server/own-words';
import { attemptVerdict } from '$lib/server/pass-mark';
import { getStore } from '$lib/server/store';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = await requireUser(event);
	try {
		const store = await getStore();
		const loaded = await loadAttempt(store, user, event.params.id);
		return {
			...(await attemptPage(loaded, await attemptVerdict(store, loaded.attempt), user.id)),
			ownWords: ownWordsView(user, loaded, await store.listOwnWords(loaded.attempt.id))
		};
	} catch (e) {
		if (e instanceof AttemptError) error(e.status, e.message);
		throw e;
	}
};

/** Runs an attempt operation, turning its refusals into 4xx answers that change nothing. */
async function guarded<T>(work: () => Promise<T>) {
	try {
		return await work();
	} catch (e) {
		if (e instanceof AttemptError) return fail(e.status, { message: e.message });
		throw e;
	}
}

const text = (form: FormData, key: string) => {
	const value = form.get(key);
	return typeof value === 'string' ? value : '';
};

export const actions: Actions = {
	choose: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		return guarded(async () => {
			await choose(await getStore(), user, event.params.id, {
				choiceId: text(form, 'choiceId'),
				eventId: text(form, 'eventId'),
				seq: text(form, 'seq')
			});
			return { done: 'choose' as const };
		});
	},
	rewind: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		return guarded(async () => {
			await rewind(await getStore(), user, event.params.id, {
				eventId: text(form, 'eventId'),
				seq: text(form, 'seq')
			});
			return { done: 'rewind' as const };
		});
	},
	reflect: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		return guarded(async () => {
			await reflect(await getStore(), user, event.params.id, text(form, 'reflection'));
			return { done: 'reflect' as const };
		});
	},
	predict: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		try {
			await predict(await getStore(), user, event.params.id, {
				intent: text(form, 'intent'),
				overall: text(form, 'overall')
			});
			return { done: 'predict' as const };
		} catch (e) {
			// Shown in the prediction form itself (`field`), not above the page.
			if (e instanceof AttemptError)
				return fail(e.status, { message: e.message, field: 'prediction' as const });
			throw e;
		}
	},
	/** "Say it your way first": the trainee's own words, or a skip, before the choices appear. */
	say: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		const typed = text(form, 'ownWords');
		try {
			await sayOwnWords(await getStore(), user, event.params.id, {
				text: typed,
				skip: form.has('skip'),
				step: text(form, 'step'),
				beat: text(form, 'beat')
			});
			return { done: 'say' as const };
		} catch (e) {
			// The typed text comes back with the refusal, so a too-long response is not lost.
			if (e instanceof AttemptError) return fail(e.status, { message: e.message, ownWords: typed });
			throw e;
		}
	},
	sayFirst: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		return guarded(async () => {
			await setSayFirst(await getStore(), user, event.params.id, text(form, 'sayFirst') === 'on');
			return { done: 'sayFirst' as const };
		});
	},
	shareOwnWords: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		return guarded(async () => {
			await shareOwnWords(await getStore(), user, event.params.id, text(form, 'share') === 'on');
			return { done: 'shareOwnWords' as const };
		});
	},
	branch: async (event) => {
		const user = await requireUser(event);
		const form = await event.request.formData();
		// Digits only: Number('') is 0, so a post without a step would otherwise replay from the start.
		const step = text(form, 'step');
		const store = await getStore();
		const result = await guarded(() =>
			branch(store, user, event.params.id, /^\d{1,4}$/.test(step) ? Number(step) : Number.NaN)
		);
		if ('id' in result) redirect(303, `/attempts/${result.id}`);
		return result;
	}
};
