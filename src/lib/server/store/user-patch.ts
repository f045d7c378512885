import type { User, UserPatch } from './types';

/**
 * A user record with a patch applied, the same way in every store: a field set to `null` is
 * removed (an email taken away, a suspension lifted), `undefined` leaves it as it was.
 */
export function patchedUser(user: User, patch: UserPatch): User {
	const next: Record<string, unknown> = { ...user };
	for (const [key, value] of Object.entries(patch))
		if (value === null) delete next[key];
		else if (value !== undefined) next[key] = value;
	return next as unknown as User;
}
