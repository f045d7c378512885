import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { AttemptMode, LtiPlatform, Store, User } from '../store/types';
import { publicJwks, signLtiJwt } from './keys';
import { CLAIM, type VerifiedLaunch } from './launch';

/**
 * LTI Deep Linking 2.0: an instructor launched from the LMS's "add content" picks a scenario in
 * Rapport, which goes back to the platform as a signed LtiDeepLinkingResponse holding one
 * ltiResourceLink with a line item. The choice travels in the item's custom parameters; the
 * platform's first launch of the new link records it (launch.ts `resourceLinkFor`).
 */

const REQUEST_AUDIENCE = 'rapport:lti-deep-link';
/** How long the instructor has to pick. */
const REQUEST_TTL_S = 3600;

export class DeepLinkError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'DeepLinkError';
	}
}

/** What the platform asked for, as Rapport carries it to the picker and back. */
export interface DeepLinkRequest {
	platform: LtiPlatform;
	deploymentId: string;
	returnUrl: string;
	/** The platform's opaque `data`, returned as given. */
	data?: string;
	/** The signed-in user it was made for. */
	userId: string;
}

/**
 * The deep-linking request, signed by Rapport, for the picker's URL: nothing is stored, and
 * only the person it was made for can use it, within the hour.
 */
export async function deepLinkRequestToken(
	store: Store,
	launch: VerifiedLaunch,
	user: User
): Promise<string> {
	const settings = launch.claims[CLAIM.deepLinkingSettings] as
		{ deep_link_return_url?: unknown; data?: unknown; accept_types?: unknown } | undefined;
	if (typeof settings?.deep_link_return_url !== 'string') {
		throw new DeepLinkError('The LMS did not say where to return the chosen scenario.');
	}
	return signLtiJwt(
		store,
		{
			aud: REQUEST_AUDIENCE,
			sub: user.id,
			platformId: launch.platform.id,
			deploymentId: launch.deploymentId,
			returnUrl: settings.deep_link_return_url,
			...(typeof settings.data === 'string' ? { data: settings.data } : {})
		},
		{ expiresIn: REQUEST_TTL_S }
	);
}

/** Reads a request token back; `DeepLinkError` when it is not Rapport's, expired or another's. */
export async function readDeepLinkRequest(
	store: Store,
	token: string,
	userId: string
): Promise<DeepLinkRequest> {
	let payload;
	try {
		({ payload } = await jwtVerify(token, createLocalJWKSet(await publicJwks(store)), {
			audience: REQUEST_AUDIENCE,
			subject: userId
		}));
	} catch {
		throw new DeepLinkError(
			'This choice has expired or was made for someone else. Add Rapport from your course again.'
		);
	}
	const platform = await store.getLtiPlatform(String(payload.platformId));
	if (!platform) throw new DeepLinkError('The LMS this request came from is no longer registered.');
	return {
		platform,
		deploymentId: String(payload.deploymentId),
		returnUrl: String(payload.returnUrl),
		...(typeof payload.data === 'string' ? { data: payload.data } : {}),
		userId
	};
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
