import { StoreConflictError, StoreNotFoundError } from '../store/errors';
import type { LtiPlatform, NewLtiPlatform, PublicUser, Store } from '../store/types';

/**
 * LMS platforms an admin registers: the form's rules, and the changes with their audit entries.
 * What a platform is: `LtiPlatform` in the store's types.
 */

/** What the registration form carries, trimmed (deployment ids: one per line in the form). */
export type PlatformInput = Omit<NewLtiPlatform, 'createdBy'>;

export class PlatformError extends Error {
	readonly problems: string[];
	constructor(problems: string[]) {
		super(problems.join(' '));
		this.name = 'PlatformError';
		this.problems = problems;
	}
}

const FIELD = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

export function readPlatformForm(form: FormData): PlatformInput {
	return {
		name: FIELD(form, 'name'),
		issuer: FIELD(form, 'issuer'),
		clientId: FIELD(form, 'clientId'),
		authEndpoint: FIELD(form, 'authEndpoint'),
		tokenEndpoint: FIELD(form, 'tokenEndpoint'),
		jwksUrl: FIELD(form, 'jwksUrl'),
		deploymentIds: FIELD(form, 'deploymentIds')
			.split(/[\r\n,]+/)
			.map((d) => d.trim())
			.filter(Boolean),
		trustInstructorRoles: form.get('trustInstructorRoles') === 'on'
	};
}

/**
 * Secure URLs only: plain http is accepted for the machine itself (a test platform, a local
 * Moodle), never across a network, where a launch's keys could be swapped in transit.
 */
function urlProblem(value: string, label: string): string | undefined {
	if (!value) return `Enter the ${label}.`;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return `The ${label} must be a full web address, starting https://.`;
	}
	const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
	if (url.protocol === 'https:' || (url.protocol === 'http:' && local)) return undefined;
	return `The ${label} must start with https://.`;
}

const LONGEST = 2000;

/** Every problem with the form at once, in the order of its fields. */
export function platformProblems(input: PlatformInput): string[] {
	const problems: string[] = [];
	if (!input.name) problems.push('Enter a name, e.g. "University Canvas".');
	else if (input.name.length > 100) problems.push('The name must be at most 100 characters.');
	const issuer = urlProblem(input.issuer, 'issuer (the platform ID)');
	if (issuer) problems.push(issuer);
	if (!input.clientId) problems.push('Enter the client ID the platform gave Rapport.');
	for (const [value, label] of [
		[input.authEndpoint, 'authorisation endpoint'],
		[input.tokenEndpoint, 'token endpoint'],
		[input.jwksUrl, 'public keyset (JWKS) URL']
	] as const) {
		const problem = urlProblem(value, label);
		if (problem) problems.push(problem);
	}
	if (input.deploymentIds.length === 0) {
		problems.push('Enter at least one deployment ID, one per line.');
	} else if (new Set(input.deploymentIds).size !== input.deploymentIds.length) {
		problems.push('A deployment ID is listed twice.');
	}
	const long = Object.values(input).some((v) => typeof v === 'string' && v.length > LONGEST);
	if (long || input.deploymentIds.some((d) => d.length > 255)) {
		problems.push('A field is too long.');
	}
	return problems;
}

async function audit(
	store: Store,
	admin: PublicUser,
	action: string,
	id: string,
	platform: Pick<LtiPlatform, 'issuer' | 'clientId'>
): Promise<void> {
	await store.appendAudit({
		actorId: admin.id,
		action,
		targetType: 'lti-platform',
		targetId: id,
		detail: { issuer: platform.issuer, clientId: platform.clientId }
	});
}

/** Runs a change; the store's `platform-taken` becomes the form's message. */
async function unlessTaken<T>(input: PlatformInput, change: () => Promise<T>): Promise<T> {
	const problems = platformProblems(input);
	if (problems.length) throw new PlatformError(problems);
	try {
		return await change();
	} catch (e) {
		if (e instanceof StoreConflictError) throw new PlatformError([takenMessage(input)]);
		throw e;
	}
}

function takenMessage(input: PlatformInput): string {
	return `A platform with issuer ${input.issuer} and client ID ${input.clientId} is registered already.`;
}

/** Registers a platform; `PlatformError` with every problem, nothing stored, when it is refused. */
export async function registerPlatform(
	store: Store,
	input: PlatformInput,
	admin: PublicUser
): Promise<LtiPlatform> {
	return unlessTaken(input, async () => {
		const platform = await store.createLtiPlatform({ ...input, createdBy: admin.id });
		await audit(store, admin, 'lti.platform.create', platform.id, input);
		return platform;
	});
}

export async function editPlatform(
	store: Store,
	id: string,
	input: PlatformInput,
	admin: PublicUser
): Promise<LtiPlatform> {
	return unlessTaken(input, async () => {
		const platform = await store.updateLtiPlatform(id, input);
		await audit(store, admin, 'lti.platform.update', id, input);
		return platform;
	});
}

/** Removes a platform and its resource links; the accounts it linked stay. */
export async function removePlatform(store: Store, id: string, admin: PublicUser): Promise<void> {
	const platform = await store.getLtiPlatform(id);
	if (!platform) throw new StoreNotFoundError('LTI platform', id);
	await store.deleteLtiPlatform(id);
	await audit(store, admin, 'lti.platform.delete', id, platform);
}

/** The addresses an LMS admin pastes into the platform's tool registration. */
export interface ToolUrls {
	login: string;
	launch: string;
	deepLinking: string;
	jwks: string;
}

export function toolUrls(origin: string): ToolUrls {
	return {
		login: `${origin}/lti/login`,
		launch: `${origin}/lti/launch`,
		// The same endpoint: Rapport reads the message type of what arrives.
		deepLinking: `${origin}/lti/launch`,
		jwks: `${origin}/lti/jwks`
	};
}
