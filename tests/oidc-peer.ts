import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider (the `oidc-provider` package) for the tests: one confidential client,
 * accounts the test defines, and no login or consent screens: the interaction signs in
 * `peer.account` at once (or answers with `peer.interactionError`), and every client is granted
 * the scopes it asks for. `peer.tamperIdToken` re-signs the id_token the token endpoint returns
 * with changed claims, with the provider's own key, as a faulty or hostile provider would.
 *
 * oidc-provider 9 prints "Unsupported runtime. Use Node.js v22.x" on Node 20; it works.
 */

export interface PeerAccount {
	sub: string;
	[claim: string]: unknown;
}

export interface OidcPeer {
	issuer: string;
	clientId: string;
	clientSecret: string;
	/** Who the next interaction signs in. */
	account: PeerAccount;
	/** When set, the interaction ends with this OAuth error instead of a sign-in. */
	interactionError?: { error: string; error_description?: string };
	tamperIdToken?: (claims: Record<string, unknown>) => Record<string, unknown>;
	close(): Promise<void>;
}

export async function startOidcPeer(options: {
	redirectUri: string;
	account: PeerAccount;
	port?: number;
	host?: string;
}): Promise<OidcPeer> {
	const host = options.host ?? '127.0.0.1';
	const server: Server = createServer();
	await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
	const { port } = server.address() as AddressInfo;
	const issuer = `http://${host}:${port}`;

	const { privateKey } = await generateKeyPair('RS256', { extractable: true });
	const jwk: JWK = { ...(await exportJWK(privateKey)), kid: 'peer-1', alg: 'RS256', use: 'sig' };

	const peer: OidcPeer = {
		issuer,
		clientId: 'rapport',
		clientSecret: 'a-long-client-secret-for-the-tests-only',
		account: options.account,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};

	const provider = new Provider(issuer, {
		clients: [
			{
				client_id: peer.clientId,
				client_secret: peer.clientSecret,
				redirect_uris: [options.redirectUri],
				grant_types: ['authorization_code'],
				response_types: ['code']
			}
		],
		jwks: { keys: [jwk] },
		cookies: { keys: ['oidc-peer-cookie-key'] },
		claims: {
			openid: ['sub'],
			email: ['email', 'email_verified'],
			profile: ['name', 'given_name', 'family_name', 'preferred_username', 'groups', 'roles']
		},
		features: { devInteractions: { enabled: false } },
		interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
		findAccount: (_ctx, sub) => {
			if (sub !== peer.account.sub) return undefined;
			const claims = { ...peer.account };
			return { accountId: sub, claims: () => claims };
		},
		// Every client gets what it asks for: no consent screen.
		loadExistingGrant: async (ctx) => {
			const grant = new ctx.oidc.provider.Grant({
				clientId: ctx.oidc.client!.clientId,
				accountId: ctx.oidc.session!.accountId!
			});
			grant.addOIDCScope(String(ctx.oidc.params?.scope ?? 'openid'));
			await grant.save();
			return grant;
		}
	});
	provider.use(async (ctx, next) => {
		await next();
		const body = ctx.body as { id_token?: string } | undefined;
		if (ctx.path === '/token' && peer.tamperIdToken && body?.id_token) {
			const claims = peer.tamperIdToken(decodeJwt(body.id_token));
			body.id_token = await new SignJWT(claims)
				.setProtectedHeader({ alg: 'RS256', kid: 'peer-1' })
				.sign(privateKey);
		}
	});

	const callback = provider.callback();
	server.on('request', (req, res) => {
		if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
		void (async () => {
			await provider.interactionDetails(req, res);
			const result = peer.interactionError ?? { login: { accountId: peer.account.sub } };
			await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
		})().catch((e: Error) => {
			res.statusCode = 500;
			res.end(e.message);
		});
	});
	return peer;
}

/**
 * Follows the provider's redirects from the authorization URL, keeping its cookies, until it
 * sends the browser back to `redirectUri`; returns that URL (with code and state, or an error).
 */
export async function followToCallback(start: URL, redirectUri: string): Promise<URL> {
	const jar = new Map<string, string>();
	let url = start;
	for (let hop = 0; hop < 12; hop++) {
		const res = await fetch(url, {
			redirect: 'manual',
			headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') }
		});
		for (const line of res.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const at = pair.indexOf('=');
			const value = pair.slice(at + 1);
			if (value && !/expires=Thu, 01 Jan 1970/i.test(line)) jar.set(pair.slice(0, at), value);
			else jar.delete(pair.slice(0, at));
		}
		const location = res.headers.get('location');
		if (res.status < 300 || res.status >= 400 || !location) {
			throw new Error(`The provider stopped at ${url} with ${res.status}: ${await res.text()}`);
		}
		url = new URL(location, url);
		if (url.href.startsWith(redirectUri)) return url;
	}
	throw new Error('Too many redirects at the provider.');
}
