/**
 * Whether a destructive action's form carries the name the person was asked to type (see
 * DangerButton.svelte). Case and surrounding spaces do not matter; anything else must match.
 */
export function confirmed(form: FormData, expected: string): boolean {
	const typed = form.get('confirm');
	return typeof typed === 'string' && typed.trim().toLowerCase() === expected.trim().toLowerCase();
}
