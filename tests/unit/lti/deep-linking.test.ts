import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPair, SignJWT } from 'jose';
import {
	deepLinkRequestToken,
	deepLinkResponse,
	DeepLinkError,
	frameAncestorsFor,
	isPickerPath,
	readDeepLinkRequest,
	registeredFrameAncestors,
	REQUEST_TTL_S,
	withFrameAncestors,
	type DeepLinkErrorCode
} from '../../../src/lib/server/lti/deep-linking';
import { publicJwks, signLtiJwt } from '../../../src/lib/server/lti/keys';
import {
	completeLaunch,
	LtiLaunchError,
	type LaunchOutcome
} from '../../../src/lib/server/lti/launch';
import type { Store } from '../../../src/lib/server/store/types';
import {
	LIS,
	startTestPlatform,
	type LaunchPlan,
	type TestPlatform
} from '../../support/lti-platform';
import { openTestStore, seedTrainee } from '../store/helpers';
import { LAUNCH_URL, loginThrough } from './login';

/** Deep linking round trip, and Rapport's client assertion at the platform's token endpoint. */
const TEACHER = { sub: 't-1', name: 'Dr Lee', roles: [`${LIS}Instructor`] };
const TRAINEE = { sub: 's-1', roles: [`${LIS}Learner`] };

let lms: TestPlatform;
let store: Store;
let jwksServer: Server;
beforeAll(async () => {
	lms = await startTestPlatform();
	// Rapport's /lti/jwks, as the platform fetches it.
	jwksServer = createServer((_req, res) => {
		publicJwks(store).then((jwks) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(jwks));
		});
	});
	await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
	lms.toolJwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/lti/jwks`;
});
// Each test's store is closed after it (helpers.ts).
beforeEach(async () => {
	store = await openTestStore();
	const { user } = await seedTrainee(store, 'admin');
	await store.createLtiPlatform({
		...lms.registration({ trustInstructorRoles: true }),
		createdBy: user.id
	});
});
afterAll(async () => {
	await lms.close();
	await new Promise((resolve) => jwksServer.close(resolve));
});

async function launch(plan: LaunchPlan) {
	return completeLaunch(store, await loginThrough(store, lms, plan));
}

describe('LTI deep linking', () => {
	it('returns the chosen scenario as a signed ltiResourceLink with a line item, and records the link at its first launch', async () => {
		const outcome = await launch({ user: TEACHER, messageType: 'LtiDeepLinkingRequest' });
		expect(outcome.kind).toBe('deep-linking');
		const token = await deepLinkRequestToken(store, outcome.launch, outcome.user);
		// No session anywhere: the signed token alone carries the request, and its account.
		const request = await readDeepLinkRequest(store, token);
		expect(request.returnUrl).toBe(`${lms.url}/deep-link-return`);
		expect(request.user.id).toBe(outcome.user.id);

		const { returnUrl, jwt } = await deepLinkResponse(
			store,
			request,
			{ scenarioId: 'coat-still-on', title: 'Coat still on', mode: 'assessment', passMark: 75 },
			LAUNCH_URL
		);
		const posted = await fetch(returnUrl, {
			method: 'POST',
			body: new URLSearchParams({ JWT: jwt })
		});
		expect(posted.status).toBe(200);
		const [received] = lms.recorded.deepLinkReturns;
		expect(received.payload).toMatchObject({
			iss: lms.clientId,
			aud: lms.url,
			'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
			'https://purl.imsglobal.org/spec/lti/claim/version': '1.3.0',
			'https://purl.imsglobal.org/spec/lti/claim/deployment_id': lms.deploymentId,
			'https://purl.imsglobal.org/spec/lti-dl/claim/data': 'opaque-platform-data'
		});
		const [item] = received.payload[
			'https://purl.imsglobal.org/spec/lti-dl/claim/content_items'
		] as {
			type: string;
			url: string;
			custom: Record<string, string>;
			lineItem: Record<string, unknown>;
		}[];
		expect(item).toMatchObject({
			type: 'ltiResourceLink',
			url: LAUNCH_URL,
			lineItem: { scoreMaximum: 100, label: 'Coat still on' }
		});

		// The platform now launches the link it made, with the item's custom parameters.
		const trainee = await launch({
			user: TRAINEE,
			resourceLinkId: 'new-link',
			custom: item.custom
		});
		expect(trainee.kind === 'resource-link' && trainee.landing).toBe('/scenarios/coat-still-on');
		const platform = (await store.listLtiPlatforms())[0];
		expect(await store.getLtiResourceLink(platform.id, lms.deploymentId, 'new-link')).toMatchObject(
			{
				target: { kind: 'scenario', scenarioId: 'coat-still-on' },
				mode: 'assessment',
				passMark: 75
			}
		);
	});

	it('refuses a deep-linking request from a trainee', async () => {
		const refused = await launch({ user: TRAINEE, messageType: 'LtiDeepLinkingRequest' }).catch(
			(e) => e
		);
		expect(refused).toBeInstanceOf(LtiLaunchError);
		expect(refused.code).toBe('not-allowed');
	});

	it("Rapport's signed client assertion gets an access token from the platform (for AGS and NRPS)", async () => {
		const assertion = await signLtiJwt(store, {
			iss: lms.clientId,
			sub: lms.clientId,
			aud: lms.tokenEndpoint,
			jti: 'once'
		});
		const response = await fetch(lms.tokenEndpoint, {
			method: 'POST',
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
				client_assertion: assertion,
				scope: 'https://purl.imsglobal.org/spec/lti-ags/scope/score'
			})
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ token_type: 'Bearer' });
		const bad = await fetch(lms.tokenEndpoint, {
			method: 'POST',
			body: new URLSearchParams({
				grant_type: 'client_credentials',
				client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
				client_assertion: assertion.slice(0, -3) + 'AAA'
			})
		});
		expect(bad.status).toBe(400);
	});
});

/** The teacher's deep-linking launch, and the picker token Rapport made for it. */
async function teacherToken(): Promise<{
	token: string;
	outcome: Extract<LaunchOutcome, { kind: 'deep-linking' }>;
}> {
	const outcome = await launch({ user: TEACHER, messageType: 'LtiDeepLinkingRequest' });
	if (outcome.kind !== 'deep-linking') throw new Error('expected a deep-linking launch');
	return { token: await deepLinkRequestToken(store, outcome.launch, outcome.user), outcome };
}

/** A refusal: its code, its status, a message that names no token, and its audit entry. */
async function expectRefused(
	reading: Promise<unknown>,
	code: DeepLinkErrorCode,
	message: RegExp
): Promise<void> {
	const error = await reading.catch((e) => e);
	expect(error).toBeInstanceOf(DeepLinkError);
	expect((error as DeepLinkError).code).toBe(code);
	expect((error as DeepLinkError).status).toBe(code === 'not-allowed' ? 403 : 400);
	expect((error as DeepLinkError).message).toMatch(message);
	expect((error as DeepLinkError).message).not.toMatch(/eyJ/);
	const [entry] = await store.listAudit({ limit: 1 });
	expect(entry).toMatchObject({ action: 'lti.deepLink.refused', detail: { code } });
	expect(JSON.stringify(entry)).not.toMatch(/eyJ/);
}

/** A JWT's payload replaced, its header and signature kept. */
function withPayload(
	token: string,
	change: (p: Record<string, unknown>) => Record<string, unknown>
) {
	const [header, payload, signature] = token.split('.');
	const read = JSON.parse(Buffer.from(payload, 'base64url').toString());
	const written = Buffer.from(JSON.stringify(change(read))).toString('base64url');
	return [header, written, signature].join('.');
}

describe('the deep-linking picker without a session (inside the LMS frame)', () => {
	it('refuses a tampered, foreign or expired picker token with a clear error and an audit entry', async () => {
		const { token } = await teacherToken();
		const elsewhere = withPayload(token, (p) => ({ ...p, returnUrl: 'https://evil.example/' }));
		await expectRefused(
			readDeepLinkRequest(store, elsewhere),
			'bad-token',
			/Add Rapport from your course again/
		);
		await expectRefused(readDeepLinkRequest(store, ''), 'bad-token', /not opened from your course/);

		// Well formed, but signed by a key that is not Rapport's (the same kid, even).
		const { privateKey } = await generateKeyPair('RS256');
		const [header] = token.split('.');
		const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString());
		const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
		const foreign = await new SignJWT(payload)
			.setProtectedHeader({ alg: 'RS256', kid })
			.sign(privateKey);
		await expectRefused(readDeepLinkRequest(store, foreign), 'bad-token', /not opened/);
		// Rapport's key, but made for something else (another audience).
		const other = await signLtiJwt(store, { ...payload, aud: 'rapport:something-else' });
		await expectRefused(readDeepLinkRequest(store, other), 'bad-token', /not opened/);

		const later = new Date(Date.now() + (REQUEST_TTL_S + 5) * 1000);
		await expectRefused(readDeepLinkRequest(store, token, later), 'expired', /has expired/);
		// Still good just before it expires.
		const before = new Date(Date.now() + (REQUEST_TTL_S - 30) * 1000);
		expect((await readDeepLinkRequest(store, token, before)).returnUrl).toBe(
			`${lms.url}/deep-link-return`
		);
	});

	it("a trainee's token cannot return a link, nor a token once its platform or deployment is gone", async () => {
		const { token, outcome } = await teacherToken();
		// Demoted after the launch: the role is checked again when the token is read.
		await store.updateUser(outcome.user.id, { role: 'trainee' });
		await expectRefused(readDeepLinkRequest(store, token), 'not-allowed', /Only instructors/);
		await store.updateUser(outcome.user.id, { role: 'instructor' });
		expect((await readDeepLinkRequest(store, token)).user.id).toBe(outcome.user.id);

		// A trainee's account, signed by Rapport's own key (as a bug might): still refused.
		const trainee = await launch({
			user: TRAINEE,
			resourceLinkId: 'r-1',
			custom: { rapport_scenario: 'coat-still-on' }
		});
		const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
		const traineeToken = await signLtiJwt(store, {
			...payload,
			sub: trainee.user.id,
			lmsSub: TRAINEE.sub
		});
		await expectRefused(
			readDeepLinkRequest(store, traineeToken),
			'not-allowed',
			/Only instructors/
		);
		// The teacher's account named beside another LMS user: the link between them is checked.
		const mixed = await signLtiJwt(store, { ...payload, lmsSub: TRAINEE.sub });
		await expectRefused(readDeepLinkRequest(store, mixed), 'not-allowed', /Only instructors/);

		const platform = (await store.listLtiPlatforms())[0];
		await store.updateLtiPlatform(platform.id, { deploymentIds: ['another-deployment'] });
		await expectRefused(
			readDeepLinkRequest(store, token),
			'unknown-platform',
			/no longer registered/
		);
	});

	it("lets only the request's platform frame the picker; every other page stays unframeable", async () => {
		const { token } = await teacherToken();
		const request = await readDeepLinkRequest(store, token);
		expect(frameAncestorsFor(request)).toEqual([new URL(lms.url).origin]);
		expect(await registeredFrameAncestors(store)).toEqual([new URL(lms.url).origin]);
		// Canvas: the issuer, the auth endpoint and the school's own domain (the return URL's).
		const canvas = frameAncestorsFor({
			platform: {
				...request.platform,
				issuer: 'https://canvas.instructure.com',
				authEndpoint: 'https://sso.canvaslms.com/api/lti/authorize_redirect'
			},
			returnUrl: 'https://school.instructure.com/courses/1/deep_linking_response'
		});
		expect(canvas).toEqual([
			'https://canvas.instructure.com',
			'https://sso.canvaslms.com',
			'https://school.instructure.com'
		]);
		const kit =
			"default-src 'self'; script-src 'self' 'nonce-abc'; frame-ancestors 'none'; form-action 'self'";
		expect(withFrameAncestors(kit, canvas)).toBe(
			"default-src 'self'; script-src 'self' 'nonce-abc'; form-action 'self'; frame-ancestors https://canvas.instructure.com https://sso.canvaslms.com https://school.instructure.com"
		);
		expect(withFrameAncestors(kit, [])).toContain("frame-ancestors 'none'");
		expect(isPickerPath('/lti/deep-link')).toBe(true);
		expect(isPickerPath('/lti/deep-link/return')).toBe(true);
		for (const path of ['/lti/deep-linking', '/lti/launch', '/', '/signin']) {
			expect(isPickerPath(path)).toBe(false);
		}
	});
});
