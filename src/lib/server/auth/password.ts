import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';

/**
 * Argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane). The library's own defaults are weaker,
 * so the options are always passed. `Algorithm` is a const enum, which isolated modules cannot
 * read: 2 is Argon2id.
 */
export const ARGON2_OPTIONS: Options = {
	algorithm: 2 as Algorithm,
	memoryCost: 19456,
	timeCost: 2,
	parallelism: 1
};

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password, ARGON2_OPTIONS);
	} catch {
		// A malformed stored hash never signs anyone in.
		return false;
	}
}

let dummy: Promise<string> | undefined;

/**
 * A hash to verify against when the username is unknown, so that answer takes as long as a
 * wrong password and does not tell an attacker which usernames exist.
 */
export function dummyHash(): Promise<string> {
	dummy ??= hashPassword(`rapport-dummy-${Math.random()}`);
	return dummy;
}
