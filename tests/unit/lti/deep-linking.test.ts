import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
	deepLinkRequestToken,
	deepLinkResponse,
	DeepLinkError,
	readDeepLinkRequest
} from '../../../src/lib/server/lti/deep-linking';
import { publicJwks, signLtiJwt } from '../../../src/lib/server/lti/keys';
import { completeLaunch, LtiLaunchError } from '../../../src/lib/server/lti/launch';
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
		const request = await readDeepLinkRequest(store, token, outcome.user.id);
		expect(request.returnUrl).toBe(`${lms.url}/deep-link-return`);
		// The token works only for the person it was made for.
		const { user: someone } = await seedTrainee(store, 'someone');
		await expect(readDeepLinkRequest(store, token, someone.id)).rejects.toBeInstanceOf(
			DeepLinkError
		);

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
