import { expect } from 'vitest';
import {
	initiateLogin,
	PlatformKeys,
	readLoginRequest,
	type LaunchInput
} from '../../../src/lib/server/lti/launch';
import type { Store } from '../../../src/lib/server/store/types';
import { readFormPost, type LaunchPlan, type TestPlatform } from '../../support/lti-platform';

/** Rapport's address in the protocol tests (no server: the library is called directly). */
export const TOOL = 'http://rapport.test';
export const LAUNCH_URL = `${TOOL}/lti/launch`;

/**
 * A browser's round trip over HTTP: the LMS's login initiation, Rapport's redirect to the
 * platform's auth endpoint (fetched), and the form post it answers with, read as Rapport's
 * launch endpoint would get it (the state's cookie included).
 */
export async function loginThrough(
	store: Store,
	via: TestPlatform,
	plan: LaunchPlan
): Promise<LaunchInput> {
	const hint = via.plan(plan);
	const request = readLoginRequest(
		new URL(via.loginUrl(`${TOOL}/lti/login`, hint, LAUNCH_URL)).searchParams
	);
	const redirect = await initiateLogin(store, request, LAUNCH_URL);
	const response = await fetch(redirect.location);
	expect(response.status).toBe(200);
	const { action, fields } = readFormPost(await response.text());
	expect(action).toBe(LAUNCH_URL);
	expect(fields.state).toBe(redirect.state);
	return {
		idToken: fields.id_token,
		state: fields.state,
		stateNonce: redirect.cookie.value,
		keys: new PlatformKeys()
	};
}
