import { createHash, randomBytes } from 'node:crypto';

/**
 * Secrets handed to a browser: session cookies and set-password links. Each is 256 random bits
 * (43 base64url characters) and only its SHA-256 is stored, so a copy of the data folder signs
 * nobody in and opens no link.
 */

export function newToken(): string {
	return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/** Well formed: anything else is refused before the store is asked. */
export function isToken(token: string): boolean {
	return /^[A-Za-z0-9_-]{43}$/.test(token);
}
