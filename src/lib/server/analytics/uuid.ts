import { createHash } from 'node:crypto';

/**
 * Name-based UUIDs (RFC 9562 version 5: SHA-1 of a namespace and a name). The same attempt,
 * event and verb always give the same statement id, so a learning record store that already
 * holds a statement recognises a re-export instead of storing it twice.
 */

/**
 * Rapport's own namespace: the v5 UUID of `https://rapport.invalid/` in the RFC's URL namespace.
 * Never change it: every statement id ever exported derives from it.
 */
export const RAPPORT_NAMESPACE = '73b61a68-d2ef-55b2-af80-3321c12a7d4c';

function bytesOf(uuid: string): Buffer {
	const hex = uuid.replaceAll('-', '');
	if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
	return Buffer.from(hex, 'hex');
}

export function uuidV5(name: string, namespace = RAPPORT_NAMESPACE): string {
	const hash = createHash('sha1')
		.update(bytesOf(namespace))
		.update(name, 'utf8')
		.digest()
		.subarray(0, 16);
	hash[6] = (hash[6] & 0x0f) | 0x50;
	hash[8] = (hash[8] & 0x3f) | 0x80;
	const hex = hash.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
