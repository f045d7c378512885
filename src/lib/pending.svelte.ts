import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A page's "a form is posting" flag for use:enhance: buttons read `busy` to disable themselves,
 * forms pass `submit`. `reset: false` keeps what was typed after a successful post, which a form
 * showing saved values needs. Without JavaScript neither runs and the forms post as usual.
 */
export function formPending(options: { reset?: boolean } = {}) {
	let busy = $state(false);
	const submit: SubmitFunction = () => {
		busy = true;
		return async ({ update }) => {
			await update({ reset: options.reset ?? true });
			busy = false;
		};
	};
	return {
		get busy() {
			return busy;
		},
		submit
	};
}
