// See https://svelte.dev/docs/kit/types#app.d.ts
import type { PublicUser } from '$lib/server/store/types';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Set when the store could not be reached: the page says to try again shortly. */
			unavailable?: boolean;
		}
		interface Locals {
			/** Resolved once per request in hooks.server.ts; null when nobody is signed in. */
			user: PublicUser | null;
			/**
			 * Origins that may frame this response: set only by the LTI deep-linking picker for its
			 * request's platform (hooks.server.ts writes them into the CSP's frame-ancestors).
			 */
			frameAncestors?: string[];
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
