import { describe, expect, it } from 'vitest';
import {
	editPlatform,
	PlatformError,
	platformProblems,
	readPlatformForm,
	registerPlatform,
	removePlatform,
	type PlatformInput
} from '../../../src/lib/server/lti/platforms';
import { openTestStore, seedTrainee } from '../store/helpers';

const GOOD: PlatformInput = {
	name: 'University Moodle',
	issuer: 'https://moodle.example.ac.uk',
	clientId: 'abc123',
	authEndpoint: 'https://moodle.example.ac.uk/mod/lti/auth.php',
	tokenEndpoint: 'https://moodle.example.ac.uk/mod/lti/token.php',
	jwksUrl: 'https://moodle.example.ac.uk/mod/lti/certs.php',
	deploymentIds: ['1'],
	trustInstructorRoles: false
};

function formOf(values: Record<string, string>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(values)) form.set(k, v);
	return form;
}

describe('LTI platform registration', () => {
	it('reads the form: trimmed fields, deployment ids one per line, the checkbox', () => {
		const input = readPlatformForm(
			formOf({
				name: ' Canvas ',
				issuer: 'https://canvas.instructure.com',
				clientId: ' 1000 ',
				authEndpoint: 'https://a',
				tokenEndpoint: 'https://t',
				jwksUrl: 'https://j',
				deploymentIds: '1:abc\r\n\r\n 2:def \n',
				trustInstructorRoles: 'on'
			})
		);
		expect(input).toMatchObject({
			name: 'Canvas',
			clientId: '1000',
			deploymentIds: ['1:abc', '2:def'],
			trustInstructorRoles: true
		});
	});

	it('reports every problem at once, in the order of the fields', () => {
		expect(platformProblems(GOOD)).toEqual([]);
		expect(
			platformProblems({
				...GOOD,
				name: '',
				issuer: 'moodle.example.ac.uk',
				clientId: '',
				authEndpoint: 'http://moodle.example.ac.uk/auth',
				deploymentIds: []
			})
		).toEqual([
			'Enter a name, e.g. "University Canvas".',
			'The issuer (the platform ID) must be a full web address, starting https://.',
			'Enter the client ID the platform gave Rapport.',
			'The authorisation endpoint must start with https://.',
			'Enter at least one deployment ID, one per line.'
		]);
		expect(platformProblems({ ...GOOD, deploymentIds: ['1', '1'] })).toEqual([
			'A deployment ID is listed twice.'
		]);
		// Plain http only for the machine itself (a local test platform).
		expect(platformProblems({ ...GOOD, jwksUrl: 'http://127.0.0.1:9999/jwks' })).toEqual([]);
	});

	it('registers, refuses a second with the same issuer and client id, edits and removes, with audit entries', async () => {
		const store = await openTestStore();
		const { user } = await seedTrainee(store, 'admin');
		const admin = { ...user, role: 'admin' as const };
		await expect(registerPlatform(store, { ...GOOD, name: '' }, admin)).rejects.toBeInstanceOf(
			PlatformError
		);
		expect(await store.listLtiPlatforms()).toEqual([]);

		const platform = await registerPlatform(store, GOOD, admin);
		const again = registerPlatform(store, { ...GOOD, name: 'Again' }, admin);
		await expect(again).rejects.toMatchObject({
			problems: [
				'A platform with issuer https://moodle.example.ac.uk and client ID abc123 is registered already.'
			]
		});
		await editPlatform(store, platform.id, { ...GOOD, deploymentIds: ['1', '2'] }, admin);
		expect((await store.getLtiPlatform(platform.id))?.deploymentIds).toEqual(['1', '2']);
		await removePlatform(store, platform.id, admin);
		expect(await store.listLtiPlatforms()).toEqual([]);
		const actions = (await store.listAudit({ limit: 10 })).map((a) => a.action).reverse();
		expect(actions).toEqual(['lti.platform.create', 'lti.platform.update', 'lti.platform.delete']);
	});
});
