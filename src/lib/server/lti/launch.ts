import { createHash, randomBytes } from 'node:crypto';
import {
	createRemoteJWKSet,
	decodeJwt,
	errors as joseErrors,
	jwtVerify,
	type JWTPayload,
	type JWTVerifyGetKey
} from 'jose';
import { StoreConflictError } from '../store/errors';
import { recordLaunchLink } from './ags';
import type { LtiPlatform, LtiResourceLink, LtiTarget, Role, Store, User } from '../store/types';

/**
 * LTI 1.3 launches (IMS LTI Core 1.3 and IMS Security Framework 1.0): third-party login
 * initiation, then the platform's signed id_token posted to /lti/launch, checked here claim by
 * claim; the LMS user is linked to a Rapport account. Every refusal is an `LtiLaunchError` with a
 * stable code, recorded in the audit log by `refuse`.
 */

export const CLAIM = {
	messageType: 'https://purl.imsglobal.org/spec/lti/claim/message_type',
	version: 'https://purl.imsglobal.org/spec/lti/claim/version',
	deploymentId: 'https://purl.imsglobal.org/spec/lti/claim/deployment_id',
	targetLinkUri: 'https://purl.imsglobal.org/spec/lti/claim/target_link_uri',
	resourceLink: 'https://purl.imsglobal.org/spec/lti/claim/resource_link',
	roles: 'https://purl.imsglobal.org/spec/lti/claim/roles',
	context: 'https://purl.imsglobal.org/spec/lti/claim/context',
	custom: 'https://purl.imsglobal.org/spec/lti/claim/custom',
	deepLinkingSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
	ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
	nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'
} as const;

export const RESOURCE_LINK_REQUEST = 'LtiResourceLinkRequest';
export const DEEP_LINKING_REQUEST = 'LtiDeepLinkingRequest';

/** How long a login may take between initiation and launch; also the state cookie's life. */
export const STATE_TTL_S = 600;
/** Clocks of the LMS and Rapport may differ this much. */
export const CLOCK_SKEW_S = 60;
/** The state cookie is named per state, so launches in two tabs do not undo each other. */
export const STATE_COOKIE_PREFIX = 'rapport_lti_';

export type LaunchErrorCode =
	| 'bad-request'
	| 'unknown-platform'
	| 'state-mismatch'
	| 'bad-signature'
	| 'unknown-key'
	| 'expired'
	| 'not-yet-valid'
	| 'wrong-audience'
	| 'nonce-replayed'
	| 'unknown-deployment'
	| 'wrong-message'
	| 'no-target'
	| 'account-unavailable'
	| 'not-allowed';

/** What the person launching is told: plain, with what to do, never a token or a key. */
const MESSAGES: Record<LaunchErrorCode, string> = {
	'bad-request': 'The launch from your course was incomplete. Open the link in your course again.',
	'unknown-platform':
		'Rapport does not know this LMS. An administrator must register it under Admin, LMS connections.',
	'state-mismatch':
		'This launch did not start in this browser, or took too long. Open the link in your course again.',
	'bad-signature': 'The launch was not signed by your LMS. Open the link in your course again.',
	'unknown-key':
		'The launch was signed with a key your LMS does not publish. Open the link in your course again; if it keeps happening, tell your administrator.',
	expired: 'The launch has expired. Open the link in your course again.',
	'not-yet-valid':
		'The launch is dated in the future: the clocks of your LMS and Rapport differ. Tell your administrator.',
	'wrong-audience': 'The launch was meant for another tool. Open the link in your course again.',
	'nonce-replayed':
		'This launch was used already, and each works once. Open the link in your course again.',
	'unknown-deployment':
		'This deployment of Rapport in your LMS is not registered. An administrator must add its deployment ID.',
	'wrong-message': 'Rapport cannot open this kind of LTI message.',
	'no-target':
		'This link does not point to a scenario yet. Ask your instructor to choose one for it.',
	'account-unavailable':
		'Your Rapport account is suspended or erased. Ask your instructor or administrator.',
	'not-allowed': 'Only instructors can choose scenarios for a course.'
};

export class LtiLaunchError extends Error {
	readonly code: LaunchErrorCode;
	readonly status: 400 | 401 | 403;
	/** For the audit log: what was wrong, in the protocol's words (never a token). */
	readonly detail: Record<string, unknown>;
	constructor(code: LaunchErrorCode, detail: Record<string, unknown> = {}) {
		super(MESSAGES[code]);
		this.name = 'LtiLaunchError';
		this.code = code;
		this.status =
			code === 'bad-request' || code === 'wrong-message'
				? 400
				: code === 'not-allowed' || code === 'account-unavailable'
					? 403
					: 401;
		this.detail = detail;
	}
}

/** Records a refused launch in the audit log, then throws it on. */
export async function refuse(store: Store, error: LtiLaunchError): Promise<never> {
	await store.appendAudit({
		actorId: null,
		action: 'lti.launch.refused',
		targetType: 'lti-launch',
		detail: { code: error.code, ...error.detail }
	});
	throw error;
}

/**
 * The platforms' public keys, fetched on first use and cached by jose (re-fetched when a token
 * names a key it has not seen, at most every 30 s). One per process: hooks-free, held by the
 * launch route.
 */
export class PlatformKeys {
	readonly #sets = new Map<string, JWTVerifyGetKey>();
	get(jwksUrl: string): JWTVerifyGetKey {
		let set = this.#sets.get(jwksUrl);
		if (!set) {
			set = createRemoteJWKSet(new URL(jwksUrl), { timeoutDuration: 5000 });
			this.#sets.set(jwksUrl, set);
		}
		return set;
	}
}

// Login initiation

export interface LoginRequest {
	iss?: string;
	login_hint?: string;
	target_link_uri?: string;
	lti_message_hint?: string;
	client_id?: string;
	lti_deployment_id?: string;
}

export interface LoginRedirect {
	/** The platform's authorisation endpoint with the authentication request. */
	location: string;
	state: string;
	/** The cookie that binds the state to this browser: its value is the nonce. */
	cookie: { name: string; value: string; maxAge: number };
}

/** The login request's fields from a query string or a posted form. */
export function readLoginRequest(params: URLSearchParams | FormData): LoginRequest {
	const get = (k: string) => {
		const v = params.get(k);
		return typeof v === 'string' && v !== '' ? v : undefined;
	};
	return {
		iss: get('iss'),
		login_hint: get('login_hint'),
		target_link_uri: get('target_link_uri'),
		lti_message_hint: get('lti_message_hint'),
		client_id: get('client_id'),
		lti_deployment_id: get('lti_deployment_id')
	};
}

async function platformForLogin(store: Store, request: LoginRequest): Promise<LtiPlatform> {
	const { iss, client_id } = request;
	if (client_id) {
		const platform = await store.findLtiPlatform(iss!, client_id);
		if (platform) return platform;
	} else {
		// Older platforms leave client_id out: only one registration of the issuer can be meant.
		const matches = (await store.listLtiPlatforms()).filter((p) => p.issuer === iss);
		if (matches.length === 1) return matches[0];
	}
	return refuse(
		store,
		new LtiLaunchError('unknown-platform', { issuer: iss, clientId: client_id })
	);
}

/**
 * Step 1 of the launch: the platform sends the browser here; Rapport sends it on to the
 * platform's authorisation endpoint with a fresh state and nonce.
 */
export async function initiateLogin(
	store: Store,
	request: LoginRequest,
	launchUrl: string
): Promise<LoginRedirect> {
	if (!request.iss || !request.login_hint || !request.target_link_uri) {
		return refuse(
			store,
			new LtiLaunchError('bad-request', {
				step: 'login',
				missing: 'iss, login_hint or target_link_uri'
			})
		);
	}
	const platform = await platformForLogin(store, request);
	if (new URL(request.target_link_uri, launchUrl).origin !== new URL(launchUrl).origin) {
		return refuse(
			store,
			new LtiLaunchError('bad-request', { step: 'login', targetLinkUri: request.target_link_uri })
		);
	}
	if (request.lti_deployment_id && !platform.deploymentIds.includes(request.lti_deployment_id)) {
		return refuse(
			store,
			new LtiLaunchError('unknown-deployment', {
				issuer: platform.issuer,
				deploymentId: request.lti_deployment_id
			})
		);
	}
	const state = randomBytes(24).toString('base64url');
	const nonce = randomBytes(24).toString('base64url');
	const auth = new URL(platform.authEndpoint);
	const params: Record<string, string> = {
		scope: 'openid',
		response_type: 'id_token',
		response_mode: 'form_post',
		prompt: 'none',
		client_id: platform.clientId,
		redirect_uri: launchUrl,
		login_hint: request.login_hint,
		state,
		nonce
	};
	if (request.lti_message_hint) params.lti_message_hint = request.lti_message_hint;
	for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
	return {
		location: auth.toString(),
		state,
		cookie: { name: stateCookieName(state), value: nonce, maxAge: STATE_TTL_S }
	};
}

export function stateCookieName(state: string): string {
	// Hashed: a state is long and any characters; a cookie name must be a plain token.
	return STATE_COOKIE_PREFIX + createHash('sha256').update(state).digest('base64url').slice(0, 22);
}

// The launch

/** A launch whose id_token passed every check. */
export interface VerifiedLaunch {
	platform: LtiPlatform;
	deploymentId: string;
	messageType: typeof RESOURCE_LINK_REQUEST | typeof DEEP_LINKING_REQUEST;
	subject: string;
	name?: string;
	email?: string;
	roles: string[];
	resourceLink?: { id: string; title?: string };
	custom: Record<string, string>;
	/** Every claim, for the services that read theirs (AGS endpoint, NRPS, deep linking). */
	claims: JWTPayload;
}

export interface LaunchInput {
	idToken: string | undefined;
	state: string | undefined;
	/** The nonce from the state's cookie; undefined when this browser has no such cookie. */
	stateNonce: string | undefined;
	keys: PlatformKeys;
	now?: Date;
}

function audiences(aud: JWTPayload['aud']): string[] {
	return typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
}

async function platformForToken(store: Store, payload: JWTPayload): Promise<LtiPlatform> {
	const issuer = payload.iss;
	const aud = audiences(payload.aud);
	// With several audiences the one meant is `azp` (OpenID Connect Core 3.1.3.7).
	const clientIds = typeof payload.azp === 'string' ? [payload.azp] : aud;
	for (const clientId of clientIds) {
		const platform = issuer ? await store.findLtiPlatform(issuer, clientId) : undefined;
		if (platform) return platform;
	}
	const registered = issuer && (await store.listLtiPlatforms()).some((p) => p.issuer === issuer);
	return refuse(
		store,
		new LtiLaunchError(registered ? 'wrong-audience' : 'unknown-platform', {
			issuer,
			audience: aud
		})
	);
}

function joseRefusal(e: unknown, detail: Record<string, unknown>): LtiLaunchError | undefined {
	if (e instanceof joseErrors.JWKSNoMatchingKey) return new LtiLaunchError('unknown-key', detail);
	if (e instanceof joseErrors.JWSSignatureVerificationFailed)
		return new LtiLaunchError('bad-signature', detail);
	if (e instanceof joseErrors.JWTExpired) return new LtiLaunchError('expired', detail);
	if (e instanceof joseErrors.JWTClaimValidationFailed) {
		if (e.claim === 'aud') return new LtiLaunchError('wrong-audience', detail);
		if (e.claim === 'iat' || e.claim === 'nbf') return new LtiLaunchError('not-yet-valid', detail);
		return new LtiLaunchError('bad-request', { ...detail, claim: e.claim });
	}
	if (e instanceof joseErrors.JOSEError) {
		return new LtiLaunchError('bad-signature', { ...detail, reason: e.code });
	}
	return undefined;
}

/**
 * Step 2: checks the id_token the platform posted: the state belongs to this browser, the
 * signature is the platform's (its JWKS), issuer, audience (and azp), expiry and issue time (with
 * `CLOCK_SKEW_S`), the nonce is the state's and used once, the deployment is registered, and the
 * message is LTI 1.3 of a kind Rapport takes.
 */
export async function verifyLaunch(store: Store, input: LaunchInput): Promise<VerifiedLaunch> {
	const now = input.now ?? new Date();
	if (!input.idToken) {
		return refuse(
			store,
			new LtiLaunchError('bad-request', { step: 'launch', missing: 'id_token' })
		);
	}
	if (!input.state || !input.stateNonce) {
		return refuse(store, new LtiLaunchError('state-mismatch', { step: 'launch' }));
	}
	let unverified: JWTPayload;
	try {
		unverified = decodeJwt(input.idToken);
	} catch {
		return refuse(
			store,
			new LtiLaunchError('bad-request', { step: 'launch', reason: 'not a JWT' })
		);
	}
	const platform = await platformForToken(store, unverified);
	// No `sub`: the audit log keeps no LMS user id, which erasing the user could not find.
	const detail = { issuer: platform.issuer, clientId: platform.clientId };
	let payload: JWTPayload;
	try {
		({ payload } = await jwtVerify(input.idToken, input.keys.get(platform.jwksUrl), {
			issuer: platform.issuer,
			audience: platform.clientId,
			algorithms: ['RS256'],
			clockTolerance: CLOCK_SKEW_S,
			currentDate: now,
			requiredClaims: ['exp', 'iat', 'sub', 'nonce']
		}));
	} catch (e) {
		const refusal = joseRefusal(e, detail);
		if (refusal) return refuse(store, refusal);
		throw e;
	}
	const nowS = Math.floor(now.getTime() / 1000);
	if ((payload.iat ?? 0) > nowS + CLOCK_SKEW_S) {
		return refuse(store, new LtiLaunchError('not-yet-valid', { ...detail, iat: payload.iat }));
	}
	const aud = audiences(payload.aud);
	if (aud.length > 1 && payload.azp !== platform.clientId) {
		return refuse(store, new LtiLaunchError('wrong-audience', { ...detail, azp: payload.azp }));
	}
	if (payload.nonce !== input.stateNonce) {
		return refuse(store, new LtiLaunchError('state-mismatch', detail));
	}
	const expiresAt = new Date((payload.exp! + CLOCK_SKEW_S) * 1000).toISOString();
	if (
		!(await store.useLtiNonce(platform.issuer, String(payload.nonce), expiresAt, now.toISOString()))
	) {
		return refuse(store, new LtiLaunchError('nonce-replayed', detail));
	}
	const deploymentId = payload[CLAIM.deploymentId];
	if (typeof deploymentId !== 'string' || !platform.deploymentIds.includes(deploymentId)) {
		return refuse(store, new LtiLaunchError('unknown-deployment', { ...detail, deploymentId }));
	}
	const messageType = payload[CLAIM.messageType];
	if (
		payload[CLAIM.version] !== '1.3.0' ||
		(messageType !== RESOURCE_LINK_REQUEST && messageType !== DEEP_LINKING_REQUEST)
	) {
		return refuse(
			store,
			new LtiLaunchError('wrong-message', {
				...detail,
				messageType,
				version: payload[CLAIM.version]
			})
		);
	}
	const link = payload[CLAIM.resourceLink] as { id?: unknown; title?: unknown } | undefined;
	if (messageType === RESOURCE_LINK_REQUEST && typeof link?.id !== 'string') {
		return refuse(
			store,
			new LtiLaunchError('bad-request', { ...detail, missing: 'resource_link.id' })
		);
	}
	const rolesClaim = payload[CLAIM.roles];
	const customClaim = payload[CLAIM.custom];
	const custom: Record<string, string> = {};
	if (customClaim && typeof customClaim === 'object') {
		for (const [k, v] of Object.entries(customClaim)) if (typeof v === 'string') custom[k] = v;
	}
	const name =
		typeof payload.name === 'string'
			? payload.name
			: [payload.given_name, payload.family_name].filter((n) => typeof n === 'string').join(' ');
	return {
		platform,
		deploymentId,
		messageType,
		subject: payload.sub!,
		...(name ? { name } : {}),
		...(typeof payload.email === 'string' ? { email: payload.email } : {}),
		roles: Array.isArray(rolesClaim) ? rolesClaim.filter((r) => typeof r === 'string') : [],
		...(link && typeof link.id === 'string'
			? {
					resourceLink: {
						id: link.id,
						...(typeof link.title === 'string' ? { title: link.title } : {})
					}
				}
			: {}),
		custom,
		claims: payload
	};
}

// Accounts

const TEACHING_ROLES = [
	'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
	'http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator',
	'http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator',
	'http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator',
	// LTI 1.3 allows the short forms of context roles.
	'Instructor',
	'Administrator'
];

/** Whether the LMS says this person teaches in the course (or administers it). */
export function teachesInLms(roles: string[]): boolean {
	return roles.some((r) => TEACHING_ROLES.includes(r));
}

/**
 * The Rapport role an LMS user gets: instructor only when the platform's registration trusts
 * its instructor roles (an admin's choice: anyone the LMS calls an instructor then sees their
 * cohorts' work in Rapport); a trainee otherwise.
 */
/** Who an LMS user is, from a launch or a course roster (NRPS): what an account is made from. */
export type LmsPerson = Pick<VerifiedLaunch, 'platform' | 'subject' | 'name' | 'email' | 'roles'>;

export function roleForLaunch(launch: LmsPerson): Role {
	return launch.platform.trustInstructorRoles && teachesInLms(launch.roles)
		? 'instructor'
		: 'trainee';
}

/** A username of Rapport's own for an LMS user: stable, unique per platform and subject. */
function ltiUsername(launch: LmsPerson): string {
	const hash = createHash('sha256')
		.update(`${launch.platform.issuer}\n${launch.subject}`)
		.digest('hex')
		.slice(0, 12);
	return `lti-${hash}`;
}

/**
 * The Rapport account the LMS user signs in as: linked by issuer and subject (the same `sub`
 * from another issuer is another person), made as a trainee (or instructor, see
 * `roleForLaunch`) on the first launch. A trusted instructor role later lifts a trainee to
 * instructor; nothing here ever lowers a role or touches an admin.
 */
export async function accountForLaunch(store: Store, launch: LmsPerson): Promise<User> {
	const { issuer } = launch.platform;
	const linked = await store.findIdentity('lti', issuer, launch.subject);
	let user = linked && (await store.getUser(linked.userId));
	if (user && (user.suspendedAt || user.erasedAt)) {
		return refuse(store, new LtiLaunchError('account-unavailable', { issuer, userId: user.id }));
	}
	const role = roleForLaunch(launch);
	if (!user) {
		// A taken name (a local account, by chance or on purpose) is never reused: the LMS user
		// gets a name with a random ending instead.
		const base = ltiUsername(launch);
		const username = (await store.getUserByUsername(base))
			? `${base}-${randomBytes(3).toString('hex')}`
			: base;
		user = await store.createUser({
			username,
			displayName: launch.name || 'LMS user',
			...(launch.email ? { email: launch.email } : {}),
			role,
			// No password: this account signs in through its LMS only.
			passwordHash: ''
		});
		await store.appendAudit({
			actorId: null,
			action: 'lti.account.create',
			targetType: 'user',
			targetId: user.id,
			detail: { issuer, role }
		});
	} else if (user.role === 'trainee' && role === 'instructor') {
		user = await store.updateUser(user.id, { role });
		await store.appendAudit({
			actorId: null,
			action: 'lti.account.promote',
			targetType: 'user',
			targetId: user.id,
			detail: { issuer }
		});
	}
	try {
		await store.linkIdentity({
			kind: 'lti',
			issuer,
			subject: launch.subject,
			userId: user.id,
			...(launch.email ? { email: launch.email } : {})
		});
	} catch (e) {
		// A second launch of the same new user at the same moment linked it first.
		if (e instanceof StoreConflictError) {
			const winner = await store.findIdentity('lti', issuer, launch.subject);
			const other = winner && (await store.getUser(winner.userId));
			if (other) return other;
		}
		throw e;
	}
	return user;
}

// Targets

/** Reads a resource link's target from its custom parameters (set by a deep link, or by hand). */
export function targetFromCustom(
	custom: Record<string, string>
): Pick<LtiResourceLink, 'target' | 'mode' | 'passMark'> | undefined {
	let target: LtiTarget | undefined;
	if (custom.rapport_assignment)
		target = { kind: 'assignment', assignmentId: custom.rapport_assignment };
	else if (custom.rapport_scenario)
		target = { kind: 'scenario', scenarioId: custom.rapport_scenario };
	if (!target) return undefined;
	const passMark = Number(custom.rapport_pass_mark);
	return {
		target,
		mode: custom.rapport_mode === 'practice' ? 'practice' : 'assessment',
		...(Number.isInteger(passMark) && passMark >= 0 && passMark <= 100 ? { passMark } : {})
	};
}

/**
 * What a resource link launch opens: the link's recorded target; else, from its custom
 * parameters, recorded now (the first launch of a deep-linked item); else refused.
 */
export async function resourceLinkFor(
	store: Store,
	launch: VerifiedLaunch
): Promise<LtiResourceLink> {
	const { platform, deploymentId, resourceLink } = launch;
	const known = await store.getLtiResourceLink(platform.id, deploymentId, resourceLink!.id);
	const ags = launch.claims[CLAIM.ags] as { lineitem?: unknown } | undefined;
	const lineItemUrl = typeof ags?.lineitem === 'string' ? ags.lineitem : undefined;
	if (known) {
		if (lineItemUrl && known.lineItemUrl !== lineItemUrl) {
			return store.saveLtiResourceLink({ ...known, lineItemUrl });
		}
		return known;
	}
	const fromCustom = targetFromCustom(launch.custom);
	if (!fromCustom) {
		return refuse(
			store,
			new LtiLaunchError('no-target', { issuer: platform.issuer, resourceLinkId: resourceLink!.id })
		);
	}
	return store.saveLtiResourceLink({
		platformId: platform.id,
		deploymentId,
		resourceLinkId: resourceLink!.id,
		...fromCustom,
		...(resourceLink!.title ? { title: resourceLink!.title } : {}),
		...(lineItemUrl ? { lineItemUrl } : {})
	});
}

/**
 * Where the launched user lands. A scenario: its page. An assignment: a trainee is added to its
 * cohort (the LMS course put them there) and lands on their assignments.
 */
export async function landingFor(store: Store, user: User, link: LtiResourceLink): Promise<string> {
	if (link.target.kind === 'scenario')
		return `/scenarios/${encodeURIComponent(link.target.scenarioId)}`;
	const assignment = await store.getAssignment(link.target.assignmentId);
	if (!assignment)
		return refuse(
			store,
			new LtiLaunchError('no-target', { assignmentId: link.target.assignmentId })
		);
	const cohort = await store.getCohort(assignment.cohortId);
	if (cohort && user.role === 'trainee' && !cohort.memberIds.includes(user.id)) {
		await store.updateCohort(cohort.id, { memberIds: [...cohort.memberIds, user.id] });
		await store.appendAudit({
			actorId: null,
			action: 'lti.cohort.join',
			targetType: 'cohort',
			targetId: cohort.id,
			detail: { userId: user.id, platformId: link.platformId }
		});
	}
	return '/';
}

export type LaunchOutcome =
	| {
			kind: 'resource-link';
			user: User;
			launch: VerifiedLaunch;
			link: LtiResourceLink;
			/** A path on this site to send the browser to. */
			landing: string;
	  }
	| { kind: 'deep-linking'; user: User; launch: VerifiedLaunch };

/**
 * The whole of step 2: verified, signed in as its account, and (a resource link) where it lands.
 * Deep-linking requests are for people who teach: refused for a trainee.
 */
export async function completeLaunch(store: Store, input: LaunchInput): Promise<LaunchOutcome> {
	const launch = await verifyLaunch(store, input);
	const user = await accountForLaunch(store, launch);
	await store.appendAudit({
		actorId: user.id,
		action: 'lti.launch',
		targetType: 'lti-platform',
		targetId: launch.platform.id,
		detail: { messageType: launch.messageType, resourceLinkId: launch.resourceLink?.id }
	});
	if (launch.messageType === DEEP_LINKING_REQUEST) {
		if (user.role === 'trainee') {
			return refuse(
				store,
				new LtiLaunchError('not-allowed', { issuer: launch.platform.issuer, userId: user.id })
			);
		}
		return { kind: 'deep-linking', user, launch };
	}
	const link = await resourceLinkFor(store, launch);
	await recordLaunchLink(store, launch, user, link);
	return {
		kind: 'resource-link',
		user,
		launch,
		link,
		landing: await landingFor(store, user, link)
	};
}
