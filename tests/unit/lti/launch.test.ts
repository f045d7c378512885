import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	completeLaunch,
	initiateLogin,
	LtiLaunchError,
	readLoginRequest,
	type LaunchErrorCode,
	type LaunchInput
} from '../../../src/lib/server/lti/launch';
import type { LtiPlatform, Store } from '../../../src/lib/server/store/types';
import {
	LIS,
	startTestPlatform,
	type LaunchPlan,
	type TestPlatform
} from '../../support/lti-platform';
import { openTestStore, seedTrainee } from '../store/helpers';
import { LAUNCH_URL, loginThrough } from './login';

/**
 * LTI 1.3 launches against a test LMS over HTTP (tests/support/lti-platform.ts): its JWKS is
 * fetched by Rapport, its auth endpoint answers Rapport's authentication request with a signed
 * id_token, and every attack the issue lists is refused with a clear message and an audit entry.
 */
const TRAINEE = {
	sub: 'u-42',
	name: 'Robin Ash',
	email: 'robin@uni.example',
	roles: [`${LIS}Learner`]
};
const TEACHER = { sub: 'u-7', name: 'Dr Lee', roles: [`${LIS}Instructor`] };

let lms: TestPlatform;
let other: TestPlatform;
beforeAll(async () => {
	lms = await startTestPlatform();
	other = await startTestPlatform();
});
afterAll(async () => {
	await lms.close();
	await other.close();
});

async function setUp(
	trustInstructorRoles = false
): Promise<{ store: Store; platform: LtiPlatform }> {
	const store = await openTestStore();
	const { user } = await seedTrainee(store, 'admin');
	const platform = await store.createLtiPlatform({
		...lms.registration({ trustInstructorRoles }),
		createdBy: user.id
	});
	return { store, platform };
}

function login(store: Store, plan: LaunchPlan, via = lms): Promise<LaunchInput> {
	return loginThrough(store, via, plan);
}

async function refusedWith(store: Store, run: Promise<unknown>, code: LaunchErrorCode) {
	const error = await run.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(LtiLaunchError);
	expect((error as LtiLaunchError).code).toBe(code);
	expect((error as LtiLaunchError).message).not.toMatch(/eyJ/);
	const [entry] = await store.listAudit({ limit: 1 });
	expect(entry).toMatchObject({ action: 'lti.launch.refused', detail: { code } });
}

const scenarioLink = { custom: { rapport_scenario: 'coat-still-on', rapport_mode: 'assessment' } };

describe('LTI 1.3 launch', () => {
	it('links a trainee on the first launch, records the link, lands on the scenario; the next launch is the same account', async () => {
		const { store, platform } = await setUp();
		const first = await completeLaunch(
			store,
			await login(store, {
				user: TRAINEE,
				resourceLinkId: 'rl-1',
				...scenarioLink,
				custom: { ...scenarioLink.custom, rapport_pass_mark: '70' }
			})
		);
		expect(first.kind).toBe('resource-link');
		if (first.kind !== 'resource-link') return;
		expect(first.landing).toBe('/scenarios/coat-still-on');
		expect(first.user).toMatchObject({
			role: 'trainee',
			displayName: 'Robin Ash',
			email: 'robin@uni.example',
			passwordHash: ''
		});
		expect(await store.findIdentity('lti', lms.issuer, 'u-42')).toMatchObject({
			userId: first.user.id
		});
		expect(await store.getLtiResourceLink(platform.id, lms.deploymentId, 'rl-1')).toMatchObject({
			target: { kind: 'scenario', scenarioId: 'coat-still-on' },
			mode: 'assessment',
			passMark: 70
		});
		// The second launch of the link finds its recorded target, without custom parameters.
		const again = await completeLaunch(
			store,
			await login(store, { user: TRAINEE, resourceLinkId: 'rl-1' })
		);
		expect(again.user.id).toBe(first.user.id);
		expect(again.kind === 'resource-link' && again.landing).toBe('/scenarios/coat-still-on');
		expect((await store.listUsers()).filter((u) => u.username.startsWith('lti-'))).toHaveLength(1);
	});

	it('puts a trainee launched into an assignment in its cohort and lands on their assignments', async () => {
		const { store, platform } = await setUp();
		const cohort = await store.createCohort({ name: 'PSY101', instructorIds: [], memberIds: [] });
		const assignment = await store.createAssignment({
			cohortId: cohort.id,
			scenarioId: 'coat-still-on',
			mode: 'assessment',
			createdBy: platform.createdBy
		});
		await store.saveLtiResourceLink({
			platformId: platform.id,
			deploymentId: lms.deploymentId,
			resourceLinkId: 'rl-a',
			target: { kind: 'assignment', assignmentId: assignment.id },
			mode: 'assessment'
		});
		const result = await completeLaunch(
			store,
			await login(store, { user: TRAINEE, resourceLinkId: 'rl-a' })
		);
		expect(result.kind === 'resource-link' && result.landing).toBe('/');
		expect((await store.getCohort(cohort.id))?.memberIds).toEqual([result.user.id]);
	});

	it('makes LMS instructors Rapport instructors only when the registration trusts their roles', async () => {
		const untrusted = await setUp(false);
		const a = await completeLaunch(
			untrusted.store,
			await login(untrusted.store, { user: TEACHER, ...scenarioLink })
		);
		expect(a.user.role).toBe('trainee');
		const trusted = await setUp(true);
		const b = await completeLaunch(
			trusted.store,
			await login(trusted.store, { user: TEACHER, ...scenarioLink })
		);
		expect(b.user.role).toBe('instructor');
	});

	it('refuses a link without a target, saying what to do', async () => {
		const { store } = await setUp();
		await refusedWith(
			store,
			completeLaunch(store, await login(store, { user: TRAINEE, resourceLinkId: 'bare' })),
			'no-target'
		);
	});

	it('refuses a replayed launch: each nonce works once', async () => {
		const { store } = await setUp();
		const input = await login(store, { user: TRAINEE, ...scenarioLink });
		await completeLaunch(store, input);
		await refusedWith(store, completeLaunch(store, input), 'nonce-replayed');
	});

	it('refuses an expired token and one issued in the future (beyond the clock skew)', async () => {
		const { store } = await setUp();
		const now = Math.floor(Date.now() / 1000);
		const expired = await login(store, {
			user: TRAINEE,
			...scenarioLink,
			tamper: (p) => ({ ...p, iat: now - 900, exp: now - 300 })
		});
		await refusedWith(store, completeLaunch(store, expired), 'expired');
		const future = await login(store, {
			user: TRAINEE,
			...scenarioLink,
			tamper: (p) => ({ ...p, iat: now + 600, exp: now + 900 })
		});
		await refusedWith(store, completeLaunch(store, future), 'not-yet-valid');
		// Within the skew it is accepted.
		const skewed = await login(store, {
			user: TRAINEE,
			...scenarioLink,
			tamper: (p) => ({ ...p, iat: now + 30 })
		});
		await expect(completeLaunch(store, skewed)).resolves.toBeTruthy();
	});

	it('refuses a token for another audience, and several audiences without azp', async () => {
		const { store } = await setUp();
		const wrong = await login(store, {
			user: TRAINEE,
			...scenarioLink,
			tamper: (p) => ({ ...p, aud: 'another-tool' })
		});
		await refusedWith(store, completeLaunch(store, wrong), 'wrong-audience');
		const many = await login(store, {
			user: TRAINEE,
			...scenarioLink,
			tamper: (p) => ({ ...p, aud: [lms.clientId, 'another-tool'] })
		});
		await refusedWith(store, completeLaunch(store, many), 'wrong-audience');
		const withAzp = await login(store, {
			user: TRAINEE,
			...scenarioLink,
			tamper: (p) => ({ ...p, aud: [lms.clientId, 'another-tool'], azp: lms.clientId })
		});
		await expect(completeLaunch(store, withAzp)).resolves.toBeTruthy();
	});

	it('refuses an unknown deployment, at login and at launch', async () => {
		const { store } = await setUp();
		const launch = await login(store, {
			user: TRAINEE,
			...scenarioLink,
			deploymentId: 'deployment-9'
		});
		await refusedWith(store, completeLaunch(store, launch), 'unknown-deployment');
		const request = readLoginRequest(
			new URLSearchParams({
				iss: lms.issuer,
				login_hint: 'x',
				target_link_uri: LAUNCH_URL,
				client_id: lms.clientId,
				lti_deployment_id: 'deployment-9'
			})
		);
		await refusedWith(store, initiateLogin(store, request, LAUNCH_URL), 'unknown-deployment');
	});

	it('refuses a token signed with a key not in the JWKS, and a tampered signature', async () => {
		const { store } = await setUp();
		const rogue = await login(store, { user: TRAINEE, ...scenarioLink, rogueKey: true });
		await refusedWith(store, completeLaunch(store, rogue), 'unknown-key');
		const broken = await login(store, { user: TRAINEE, ...scenarioLink, breakSignature: true });
		await refusedWith(store, completeLaunch(store, broken), 'bad-signature');
		// A payload changed after signing (the role lifted to instructor) fails the same way.
		const honest = await login(store, { user: TRAINEE, ...scenarioLink });
		const [h, p, s] = honest.idToken!.split('.');
		const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
		claims.sub = 'someone-else';
		const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
		await refusedWith(
			store,
			completeLaunch(store, { ...honest, idToken: forged }),
			'bad-signature'
		);
	});

	it('refuses a state this browser did not start, or a nonce not of its state', async () => {
		const { store } = await setUp();
		const a = await login(store, { user: TRAINEE, ...scenarioLink });
		await refusedWith(
			store,
			completeLaunch(store, { ...a, stateNonce: undefined }),
			'state-mismatch'
		);
		const b = await login(store, { user: TRAINEE, ...scenarioLink });
		// The token of one login with the cookie of another (a login CSRF).
		await refusedWith(
			store,
			completeLaunch(store, { ...a, stateNonce: b.stateNonce }),
			'state-mismatch'
		);
	});

	it('never signs a user of another platform in as this platform’s user with the same sub', async () => {
		const { store, platform } = await setUp();
		await store.createLtiPlatform({
			...other.registration({ name: 'Other LMS' }),
			createdBy: platform.createdBy
		});
		const mine = await completeLaunch(
			store,
			await login(store, { user: TRAINEE, ...scenarioLink })
		);
		const theirs = await completeLaunch(
			store,
			await login(store, { user: TRAINEE, ...scenarioLink }, other)
		);
		expect(theirs.user.id).not.toBe(mine.user.id);
		// The other platform claiming to be this one (its issuer) is refused: not signed by its keys.
		// Its login went through this Rapport, so the state is genuine; only the token is forged.
		const session = await login(store, { user: TRAINEE, ...scenarioLink }, other);
		const spoofed = await other.signIdToken(
			{
				user: TRAINEE,
				...scenarioLink,
				tamper: (p) => ({ ...p, iss: lms.issuer, aud: lms.clientId })
			},
			session.stateNonce!
		);
		await refusedWith(
			store,
			completeLaunch(store, { ...session, idToken: spoofed }),
			'unknown-key'
		);
		// A local account holding the name an LMS user would get is never signed into.
		const name = `lti-${createHash('sha256').update(`${lms.issuer}\nu-99`).digest('hex').slice(0, 12)}`;
		const local = await store.createUser({
			username: name,
			displayName: 'Local',
			role: 'admin',
			passwordHash: 'x'
		});
		const newcomer = await completeLaunch(
			store,
			await login(store, { user: { ...TRAINEE, sub: 'u-99' }, ...scenarioLink })
		);
		expect(newcomer.user.id).not.toBe(local.id);
		expect(newcomer.user.username).toMatch(new RegExp(`^${name}-[0-9a-f]{6}$`));
	});

	it('refuses a login from an LMS nobody registered, or aimed at another site', async () => {
		const { store } = await setUp();
		const unknown = readLoginRequest(
			new URLSearchParams({
				iss: 'https://lms.example',
				login_hint: 'x',
				target_link_uri: LAUNCH_URL
			})
		);
		await refusedWith(store, initiateLogin(store, unknown, LAUNCH_URL), 'unknown-platform');
		const away = readLoginRequest(
			new URLSearchParams({
				iss: lms.issuer,
				client_id: lms.clientId,
				login_hint: 'x',
				target_link_uri: 'https://evil.example/'
			})
		);
		await refusedWith(store, initiateLogin(store, away, LAUNCH_URL), 'bad-request');
	});
});
