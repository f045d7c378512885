import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { AttemptMode, LtiPlatform, Store, User } from '../store/types';
import { LTI_ALG, publicJwks, signLtiJwt } from './keys';
import { CLAIM, type VerifiedLaunch } from './launch';

/**
 * LTI Deep Linking 2.0: an instructor launched from the LMS's "add content" picks a scenario in
 * Rapport, which goes back to the platform as a signed LtiDeepLinkingResponse holding one
 * ltiResourceLink with a line item. The choice travels in the item's custom parameters; the
 * platform's first launch of the new link records it (launch.ts `resourceLinkFor`).
 */

/**
 * The picker runs inside the LMS's frame, where browsers neither set nor send Rapport's
 * SameSite=Lax session cookie. So the verified request travels instead in a token Rapport signs
 * with its own key, in the picker's URL and its form: it is the picker's only credential, bound
 * to the platform, the deployment, the LMS user and their Rapport account, and the platform's
 * return URL and data, so it can neither be forged nor pointed elsewhere.
 */
const REQUEST_ISSUER = 'rapport';
const REQUEST_AUDIENCE = 'rapport:lti-deep-link';
/** How long the instructor has to pick: short, as the token is a bearer credential in a URL. */
export const REQUEST_TTL_S = 15 * 60;

export type DeepLinkErrorCode = 'bad-token' | 'expired' | 'unknown-platform' | 'not-allowed';

/** What the instructor is told: plain, with what to do, never a token. */
const MESSAGES: Record<DeepLinkErrorCode, string> = {
	'bad-token':
		'This page was not opened from your course, or its link was changed. Add Rapport from your course again.',
	expired: 'This page has expired (it lasts 15 minutes). Add Rapport from your course again.',
	'unknown-platform':
		'The LMS or deployment this request came from is no longer registered with Rapport. Ask your administrator.',
	'not-allowed': 'Only instructors can choose scenarios for a course.'
};

export class DeepLinkError extends Error {
	readonly code: DeepLinkErrorCode;
	readonly status: 400 | 403;
	constructor(code: DeepLinkErrorCode) {
		super(MESSAGES[code]);
		this.name = 'DeepLinkError';
		this.code = code;
		this.status = code === 'not-allowed' ? 403 : 400;
	}
}

/** What the platform asked for, as Rapport carries it to the picker and back. */
export interface DeepLinkRequest {
	platform: LtiPlatform;
	deploymentId: string;
	returnUrl: string;
	/** The platform's opaque `data`, returned as given. */
	data?: string;
	/** The Rapport account of the LMS user the request was made for (an instructor or admin). */
	user: User;
}

/** The signed deep-linking request for the picker's URL: nothing is stored. */
export async function deepLinkRequestToken(
	store: Store,
	launch: VerifiedLaunch,
	user: User,
	now?: Date
): Promise<string> {
	const settings = launch.claims[CLAIM.deepLinkingSettings] as
		{ deep_link_return_url?: unknown; data?: unknown; accept_types?: unknown } | undefined;
	if (typeof settings?.deep_link_return_url !== 'string') {
		throw new DeepLinkError('bad-token');
	}
	return signLtiJwt(
		store,
		{
			iss: REQUEST_ISSUER,
			aud: REQUEST_AUDIENCE,
			sub: user.id,
			lmsSub: launch.subject,
			platformId: launch.platform.id,
			deploymentId: launch.deploymentId,
			returnUrl: settings.deep_link_return_url,
			...(typeof settings.data === 'string' ? { data: settings.data } : {})
		},
		{ expiresIn: REQUEST_TTL_S, ...(now ? { now } : {}) }
	);
}

/** Records a refused picker request in the audit log (never the token), then throws it. */
async function refuse(
	store: Store,
	code: DeepLinkErrorCode,
	detail: Record<string, unknown> = {}
): Promise<never> {
	await store.appendAudit({
		actorId: null,
		action: 'lti.deepLink.refused',
		targetType: 'lti-launch',
		detail: { code, ...detail }
	});
	throw new DeepLinkError(code);
}

function claim(payload: JWTPayload, name: string): string | undefined {
	const value = payload[name];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads a request token back, checked again as at the launch: signed by Rapport for the picker
 * and unexpired, its platform and deployment still registered, and its LMS user still linked to
 * the same Rapport account, which may choose (not a trainee, not suspended or erased). Otherwise
 * a `DeepLinkError`, recorded in the audit log.
 */
export async function readDeepLinkRequest(
	store: Store,
	token: string,
	now?: Date
): Promise<DeepLinkRequest> {
	let payload: JWTPayload;
	try {
		({ payload } = await jwtVerify(token, createLocalJWKSet(await publicJwks(store)), {
			issuer: REQUEST_ISSUER,
			audience: REQUEST_AUDIENCE,
			algorithms: [LTI_ALG],
			...(now ? { currentDate: now } : {})
		}));
	} catch (e) {
		return refuse(store, e instanceof errors.JWTExpired ? 'expired' : 'bad-token');
	}
	const [userId, lmsSub, platformId, deploymentId, returnUrl] = [
		'sub',
		'lmsSub',
		'platformId',
		'deploymentId',
		'returnUrl'
	].map((name) => claim(payload, name));
	if (!userId || !lmsSub || !platformId || !deploymentId || !returnUrl) {
		return refuse(store, 'bad-token');
	}
	const platform = await store.getLtiPlatform(platformId);
	if (!platform || !platform.deploymentIds.includes(deploymentId)) {
		return refuse(store, 'unknown-platform', { platformId });
	}
	const linked = await store.findIdentity('lti', platform.issuer, lmsSub);
	const user = linked?.userId === userId ? await store.getUser(userId) : undefined;
	// The role policy of the launch (`completeLaunch`): only people who teach choose.
	if (!user || user.suspendedAt || user.erasedAt || user.role === 'trainee') {
		return refuse(store, 'not-allowed', { platformId, userId });
	}
	return {
		platform,
		deploymentId,
		returnUrl,
		...(typeof payload.data === 'string' ? { data: payload.data } : {}),
		user
	};
}

/** The origin of a URL, or nothing for one that has none a CSP could name. */
function originOf(url: string): string | undefined {
	try {
		const { protocol, origin } = new URL(url);
		return protocol === 'https:' || protocol === 'http:' ? origin : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Who may frame the picker for this request: the platform's issuer and authorisation endpoint,
 * and the origin of its return URL (signed by the platform in the launch). Canvas needs the last:
 * its course pages live on the school's own domain, not on its issuer's.
 */
export function frameAncestorsFor(request: Pick<DeepLinkRequest, 'platform' | 'returnUrl'>) {
	return platformOrigins([request.platform], [request.returnUrl]);
}

/** Who may frame the picker's error page (no valid request): every registered platform. */
export async function registeredFrameAncestors(store: Store): Promise<string[]> {
	return platformOrigins(await store.listLtiPlatforms());
}

function platformOrigins(platforms: LtiPlatform[], more: string[] = []): string[] {
	const urls = [...platforms.flatMap((p) => [p.issuer, p.authEndpoint]), ...more];
	return [...new Set(urls.map(originOf).filter((o): o is string => Boolean(o)))];
}

export interface DeepLinkChoice {
	scenarioId: string;
	title: string;
	mode: AttemptMode;
	/** Percent; absent: the scenario's own pass mark. */
	passMark?: number;
}

/**
 * The signed LtiDeepLinkingResponse for the platform: issued by Rapport as the platform's client,
 * for the platform, holding one ltiResourceLink whose line item is scored out of 100.
 */
export async function deepLinkResponse(
	store: Store,
	request: DeepLinkRequest,
	choice: DeepLinkChoice,
	launchUrl: string
): Promise<{ returnUrl: string; jwt: string }> {
	const { platform } = request;
	const custom: Record<string, string> = {
		rapport_scenario: choice.scenarioId,
		rapport_mode: choice.mode,
		...(choice.passMark !== undefined ? { rapport_pass_mark: String(choice.passMark) } : {})
	};
	const jwt = await signLtiJwt(store, {
		iss: platform.clientId,
		aud: platform.issuer,
		nonce: randomBytes(16).toString('base64url'),
		[CLAIM.deploymentId]: request.deploymentId,
		[CLAIM.messageType]: 'LtiDeepLinkingResponse',
		[CLAIM.version]: '1.3.0',
		...(request.data !== undefined
			? { 'https://purl.imsglobal.org/spec/lti-dl/claim/data': request.data }
			: {}),
		'https://purl.imsglobal.org/spec/lti-dl/claim/content_items': [
			{
				type: 'ltiResourceLink',
				title: choice.title,
				url: launchUrl,
				custom,
				lineItem: {
					scoreMaximum: 100,
					label: choice.title,
					resourceId: choice.scenarioId
				}
			}
		],
		'https://purl.imsglobal.org/spec/lti-dl/claim/msg': `Added ${choice.title} from Rapport.`
	});
	return { returnUrl: request.returnUrl, jwt };
}

/** The picker and its return: the only pages of Rapport an LMS may frame. */
export const PICKER_PATH = '/lti/deep-link';

export function isPickerPath(pathname: string): boolean {
	return pathname === PICKER_PATH || pathname.startsWith(`${PICKER_PATH}/`);
}

/**
 * A content security policy with its `frame-ancestors` replaced: these origins, or `'none'` when
 * there are none. The rest of the policy (SvelteKit's, with its nonce) is kept as it was.
 */
export function withFrameAncestors(csp: string, origins: string[]): string {
	const directive = `frame-ancestors ${origins.length ? origins.join(' ') : "'none'"}`;
	const kept = csp
		.split(';')
		.map((d) => d.trim())
		.filter((d) => d && !/^frame-ancestors(\s|$)/i.test(d));
	return [...kept, directive].join('; ');
}
