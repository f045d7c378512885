// A test LMS for LTI 1.3 (IMS LTI Core 1.3, Security Framework 1.0, Deep Linking 2.0, AGS 2.0,
// NRPS 2.0), built on jose, on a free local port. It answers a tool's login initiation by
// form-posting a signed id_token to the tool's launch URL, publishes its JWKS, issues access
// tokens for a client assertion signed with the tool's key, and records what reaches its AGS,
// NRPS and deep-linking return endpoints. Hooks craft bad tokens for the attack tests.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	createRemoteJWKSet,
	exportJWK,
	generateKeyPair,
	jwtVerify,
	SignJWT,
	type CryptoKey,
	type JWK,
	type JWTPayload
} from 'jose';
import type { NewLtiPlatform } from '../../src/lib/server/store/types';

export const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** A person in the test course. */
export interface CourseUser {
	sub: string;
	name?: string;
	email?: string;
	roles: string[];
	/** NRPS membership status (default Active). */
	status?: 'Active' | 'Inactive' | 'Deleted';
}

/** What one launch carries, and how to spoil it (the attack tests). */
export interface LaunchPlan {
	user: CourseUser;
	messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
	resourceLinkId?: string;
	resourceLinkTitle?: string;
	custom?: Record<string, string>;
	deploymentId?: string;
	/** An AGS line item URL for the resource link (the platform's own, by default none). */
	lineItem?: string;
	/** Changes to the payload just before signing. */
	tamper?: (payload: JWTPayload) => JWTPayload;
	/** Sign with a key that is not in the platform's JWKS. */
	rogueKey?: boolean;
	/** Flip a character of the signature after signing. */
	breakSignature?: boolean;
}

export interface Recorded {
	tokenRequests: { scope: string; clientId: string }[];
	scores: { lineItem: string; body: unknown }[];
	lineItems: { id: string; body: Record<string, unknown> }[];
	memberships: { contextId: string }[];
	deepLinkReturns: { jwt: string; payload: JWTPayload }[];
	/** Every id_token it signed, as sent. */
	idTokens: string[];
}

export interface TestPlatform {
	url: string;
	issuer: string;
	clientId: string;
	deploymentId: string;
	authEndpoint: string;
	tokenEndpoint: string;
	jwksUrl: string;
	/** Registration fields for Rapport (`NewLtiPlatform` less `createdBy`). */
	registration(extra?: {
		trustInstructorRoles?: boolean;
		name?: string;
	}): Omit<NewLtiPlatform, 'createdBy'>;
	/** Plans a launch; returns the login_hint that names it in the login initiation. */
	plan(launch: LaunchPlan): string;
	/** The URL the LMS sends the browser to first: the tool's login initiation. */
	loginUrl(toolLoginUrl: string, loginHint: string, targetLinkUri: string): string;
	/** Signs an id_token for a plan as the auth endpoint would (tests that skip the login). */
	signIdToken(plan: LaunchPlan, nonce: string): Promise<string>;
	/** The tool's JWKS, for client assertions and deep-linking responses (set before use). */
	toolJwksUrl?: string;
	/** The course roster NRPS answers with. */
	members: CourseUser[];
	/** NRPS pages hold this many members, the next page named in a Link header (default: all). */
	membersPageSize?: number;
	/** While set, the scores endpoint answers with this HTTP status and records nothing. */
	scoreFailure?: number;
	recorded: Recorded;
	close(): Promise<void>;
}

function escape(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function body(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, type: string, text: string): void {
	res.writeHead(status, { 'content-type': type });
	res.end(text);
}

const json = (res: ServerResponse, status: number, value: unknown) =>
	send(res, status, 'application/json', JSON.stringify(value));

/** An auto-submitting form post, as platforms send launches (a button too, for no script). */
export function formPostPage(action: string, fields: Record<string, string>): string {
	const inputs = Object.entries(fields)
		.map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
		.join('');
	return `<!doctype html><html lang="en"><head><title>Launching</title></head><body>
<form method="post" action="${escape(action)}">${inputs}<button>Continue</button></form>
<script>document.forms[0].submit()</script></body></html>`;
}

/** The fields of the form in a `formPostPage` (or Rapport's deep-linking return page). */
export function readFormPost(html: string): { action: string; fields: Record<string, string> } {
	const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1] ?? '';
	const fields: Record<string, string> = {};
	for (const m of html.matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/g)) {
		fields[m[1]] = m[2]
			.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
			.replace(/&amp;/g, '&')
			.replace(/&quot;/g, '"');
	}
	return { action: action.replace(/&amp;/g, '&'), fields };
}

export async function startTestPlatform(
	options: { clientId?: string; deploymentId?: string } = {}
): Promise<TestPlatform> {
	const keys = await generateKeyPair('RS256', { extractable: true });
	const rogue = await generateKeyPair('RS256', { extractable: true });
	const kid = `platform-${randomBytes(4).toString('hex')}`;
	const publicJwk: JWK = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' };
	const plans = new Map<string, LaunchPlan>();
	const tokens = new Map<string, string>();
	const recorded: Recorded = {
		tokenRequests: [],
		scores: [],
		lineItems: [],
		memberships: [],
		deepLinkReturns: [],
		idTokens: []
	};
	const clientId = options.clientId ?? `client-${randomBytes(4).toString('hex')}`;
	const deploymentId = options.deploymentId ?? 'deployment-1';
	let base = '';
	const contextId = 'course-101';

	async function signIdToken(plan: LaunchPlan, nonce: string, redirectUri = ''): Promise<string> {
		const messageType = plan.messageType ?? 'LtiResourceLinkRequest';
		let payload: JWTPayload = {
			iss: base,
			aud: clientId,
			sub: plan.user.sub,
			nonce,
			...(plan.user.name ? { name: plan.user.name } : {}),
			...(plan.user.email ? { email: plan.user.email } : {}),
			[`${LTI}message_type`]: messageType,
			[`${LTI}version`]: '1.3.0',
			[`${LTI}deployment_id`]: plan.deploymentId ?? deploymentId,
			[`${LTI}target_link_uri`]: redirectUri,
			[`${LTI}roles`]: plan.user.roles,
			[`${LTI}context`]: { id: contextId, label: 'PSY101', title: 'Counselling skills' },
			...(plan.custom ? { [`${LTI}custom`]: plan.custom } : {}),
			'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': {
				context_memberships_url: `${base}/memberships/${contextId}`,
				service_versions: ['2.0']
			},
			'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': {
				scope: [
					'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
					'https://purl.imsglobal.org/spec/lti-ags/scope/score'
				],
				lineitems: `${base}/lineitems`,
				...(plan.lineItem ? { lineitem: plan.lineItem } : {})
			}
		};
		if (messageType === 'LtiResourceLinkRequest') {
			payload[`${LTI}resource_link`] = {
				id: plan.resourceLinkId ?? 'link-1',
				...(plan.resourceLinkTitle ? { title: plan.resourceLinkTitle } : {})
			};
		} else {
			payload['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
				deep_link_return_url: `${base}/deep-link-return`,
				accept_types: ['ltiResourceLink'],
				accept_presentation_document_targets: ['window', 'iframe'],
				accept_multiple: false,
				data: 'opaque-platform-data'
			};
		}
		if (plan.tamper) payload = plan.tamper(payload);
		const now = Math.floor(Date.now() / 1000);
		const key: CryptoKey = plan.rogueKey ? rogue.privateKey : keys.privateKey;
		let jwt = await new SignJWT(payload)
			.setProtectedHeader({ alg: 'RS256', kid: plan.rogueKey ? 'rogue-key' : kid, typ: 'JWT' })
			.setIssuedAt(typeof payload.iat === 'number' ? payload.iat : now)
			.setExpirationTime(typeof payload.exp === 'number' ? payload.exp : now + 300)
			.sign(key);
		if (plan.breakSignature) {
			const [h, p, s] = jwt.split('.');
			const flipped = (s[5] === 'A' ? 'B' : 'A') + s.slice(6);
			jwt = `${h}.${p}.${s.slice(0, 5)}${flipped}`;
		}
		recorded.idTokens.push(jwt);
		return jwt;
	}

	async function verifyToolJwt(jwt: string, audience: string): Promise<JWTPayload> {
		if (!platform.toolJwksUrl) throw new Error('toolJwksUrl is not set');
		const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(platform.toolJwksUrl)), {
			audience
		});
		return payload;
	}

	function bearer(req: IncomingMessage, res: ServerResponse): boolean {
		const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
		if (token && tokens.has(token)) return true;
		json(res, 401, { error: 'invalid_token' });
		return false;
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', base);
		const path = url.pathname;
		if (path === '/jwks') return json(res, 200, { keys: [publicJwk] });
		// The course page where the LMS shows the tool in a frame (deep linking's "add content").
		if (path === '/course') {
			const src = url.searchParams.get('tool') ?? '';
			return send(
				res,
				200,
				'text/html',
				`<!doctype html><html lang="en"><head><title>Course</title></head><body><main><h1>Add content</h1>
<iframe title="Rapport" src="${escape(src)}" style="width: 100%; height: 40rem"></iframe></main></body></html>`
			);
		}
		if (path === '/auth') {
			const params =
				req.method === 'POST' ? new URLSearchParams(await body(req)) : url.searchParams;
			const plan = plans.get(params.get('login_hint') ?? '');
			const problems = [
				params.get('scope') !== 'openid' && 'scope',
				params.get('response_type') !== 'id_token' && 'response_type',
				params.get('response_mode') !== 'form_post' && 'response_mode',
				params.get('client_id') !== clientId && 'client_id',
				!params.get('nonce') && 'nonce',
				!params.get('redirect_uri') && 'redirect_uri',
				!plan && 'login_hint'
			].filter(Boolean);
			if (problems.length || !plan) {
				return send(res, 400, 'text/plain', `bad authentication request: ${problems.join(', ')}`);
			}
			const redirectUri = params.get('redirect_uri')!;
			const idToken = await signIdToken(plan, params.get('nonce')!, redirectUri);
			return send(
				res,
				200,
				'text/html',
				formPostPage(redirectUri, { id_token: idToken, state: params.get('state') ?? '' })
			);
		}
		if (path === '/token' && req.method === 'POST') {
			const params = new URLSearchParams(await body(req));
			try {
				if (params.get('grant_type') !== 'client_credentials') throw new Error('grant_type');
				if (
					params.get('client_assertion_type') !==
					'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
				) {
					throw new Error('client_assertion_type');
				}
				const assertion = await verifyToolJwt(
					params.get('client_assertion') ?? '',
					`${base}/token`
				);
				if (assertion.iss !== clientId || assertion.sub !== clientId) throw new Error('iss/sub');
				const token = randomBytes(16).toString('hex');
				const scope = params.get('scope') ?? '';
				tokens.set(token, scope);
				recorded.tokenRequests.push({ scope, clientId });
				return json(res, 200, {
					access_token: token,
					token_type: 'Bearer',
					expires_in: 3600,
					scope
				});
			} catch (e) {
				return json(res, 400, { error: 'invalid_client', error_description: String(e) });
			}
		}
		if (path === '/lineitems') {
			if (!bearer(req, res)) return;
			if (req.method === 'POST') {
				const item = JSON.parse(await body(req)) as Record<string, unknown>;
				const id = `${base}/lineitems/${randomUUID()}`;
				recorded.lineItems.push({ id, body: item });
				return json(res, 201, { ...item, id });
			}
			return json(
				res,
				200,
				recorded.lineItems.map((l) => ({ ...l.body, id: l.id }))
			);
		}
		const score = /^\/lineitems\/([^/]+)\/scores$/.exec(path);
		if (score && req.method === 'POST') {
			if (!bearer(req, res)) return;
			if (platform.scoreFailure) {
				return send(res, platform.scoreFailure, 'text/plain', 'gradebook unavailable');
			}
			recorded.scores.push({
				lineItem: `${base}/lineitems/${score[1]}`,
				body: JSON.parse(await body(req))
			});
			res.writeHead(204).end();
			return;
		}
		const members = /^\/memberships\/([^/]+)$/.exec(path);
		if (members) {
			if (!bearer(req, res)) return;
			recorded.memberships.push({ contextId: members[1] });
			const size = platform.membersPageSize ?? Math.max(platform.members.length, 1);
			const page = Number(url.searchParams.get('page') ?? '1');
			if (page * size < platform.members.length) {
				const next = new URL(url);
				next.searchParams.set('page', String(page + 1));
				res.setHeader('link', `<${next.toString()}>; rel="next"`);
			}
			return json(res, 200, {
				id: url.toString(),
				context: { id: members[1], label: 'PSY101', title: 'Counselling skills' },
				members: platform.members.slice((page - 1) * size, page * size).map((m) => ({
					status: m.status ?? 'Active',
					user_id: m.sub,
					name: m.name,
					email: m.email,
					roles: m.roles
				}))
			});
		}
		if (path === '/deep-link-return' && req.method === 'POST') {
			const jwt = new URLSearchParams(await body(req)).get('JWT') ?? '';
			try {
				const payload = await verifyToolJwt(jwt, base);
				recorded.deepLinkReturns.push({ jwt, payload });
				return send(
					res,
					200,
					'text/html',
					'<!doctype html><html lang="en"><head><title>Link added</title></head><body><main><h1>Link added to the course</h1></main></body></html>'
				);
			} catch (e) {
				return send(res, 400, 'text/plain', `refused deep-linking response: ${String(e)}`);
			}
		}
		send(res, 404, 'text/plain', 'not found');
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((e) => send(res, 500, 'text/plain', String(e)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	const platform: TestPlatform = {
		url: base,
		issuer: base,
		clientId,
		deploymentId,
		authEndpoint: `${base}/auth`,
		tokenEndpoint: `${base}/token`,
		jwksUrl: `${base}/jwks`,
		registration: (extra = {}) => ({
			name: extra.name ?? 'Test LMS',
			issuer: base,
			clientId,
			authEndpoint: `${base}/auth`,
			tokenEndpoint: `${base}/token`,
			jwksUrl: `${base}/jwks`,
			deploymentIds: [deploymentId],
			trustInstructorRoles: extra.trustInstructorRoles ?? false
		}),
		plan(launch) {
			const hint = randomBytes(8).toString('hex');
			plans.set(hint, launch);
			return hint;
		},
		loginUrl(toolLoginUrl, loginHint, targetLinkUri) {
			const url = new URL(toolLoginUrl);
			url.searchParams.set('iss', base);
			url.searchParams.set('login_hint', loginHint);
			url.searchParams.set('target_link_uri', targetLinkUri);
			url.searchParams.set('client_id', clientId);
			url.searchParams.set('lti_deployment_id', deploymentId);
			url.searchParams.set('lti_message_hint', `msg-${loginHint}`);
			return url.toString();
		},
		signIdToken: (plan, nonce) => signIdToken(plan, nonce),
		members: [],
		recorded,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((e) => (e ? reject(e) : resolve()));
			})
	};
	return platform;
}
