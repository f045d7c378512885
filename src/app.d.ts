// See https://svelte.dev/docs/kit/types#app.d.ts
import type { PublicUser } from '$lib/server/store/types';

declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** Resolved once per request in hooks.server.ts; null when nobody is signed in. */
			user: PublicUser | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
