// oidc-provider ships no types; these are the parts tests/oidc-peer.ts uses.
declare module 'oidc-provider' {
	import type { IncomingMessage, ServerResponse } from 'node:http';

	interface Grant {
		addOIDCScope(scope: string): void;
		save(): Promise<string>;
	}
	interface Context {
		path: string;
		body: unknown;
		oidc: {
			provider: Provider;
			client?: { clientId: string };
			session?: { accountId?: string };
			params?: Record<string, unknown>;
		};
	}
	interface Account {
		accountId: string;
		claims(): Record<string, unknown>;
	}
	interface Configuration {
		clients: Record<string, unknown>[];
		jwks: { keys: Record<string, unknown>[] };
		cookies: { keys: string[] };
		claims: Record<string, string[]>;
		features: Record<string, { enabled: boolean }>;
		interactions: { url(ctx: Context, interaction: { uid: string }): string };
		findAccount(ctx: Context, sub: string): Account | undefined;
		loadExistingGrant(ctx: Context): Promise<Grant | undefined>;
	}
	export default class Provider {
		constructor(issuer: string, configuration: Configuration);
		Grant: new (init: { clientId: string; accountId: string }) => Grant;
		use(middleware: (ctx: Context, next: () => Promise<void>) => Promise<void>): void;
		callback(): (req: IncomingMessage, res: ServerResponse) => void;
		interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<unknown>;
		interactionFinished(
			req: IncomingMessage,
			res: ServerResponse,
			result: Record<string, unknown>,
			options?: { mergeWithLastSubmission?: boolean }
		): Promise<void>;
	}
}
