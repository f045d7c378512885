/** Typed store errors, so callers can answer 404/409 without matching message text. */

export class StoreNotFoundError extends Error {
	readonly kind: string;
	readonly id: string;
	constructor(kind: string, id: string) {
		super(`rapport store: no ${kind} with id ${id}`);
		this.name = 'StoreNotFoundError';
		this.kind = kind;
		this.id = id;
	}
}

export type ConflictCode =
	| 'username-taken'
	| 'seq-conflict'
	| 'attempt-completed'
	| 'session-exists'
	| 'draft-changed'
	| 'identity-taken'
	| 'prediction-made'
	| 'not-published'
	| 'platform-taken';

export class StoreConflictError extends Error {
	readonly code: ConflictCode;
	/** For `seq-conflict`: the seq the next event would get. */
	readonly nextSeq?: number;
	constructor(code: ConflictCode, message: string, nextSeq?: number) {
		super(`rapport store: ${message}`);
		this.name = 'StoreConflictError';
		this.code = code;
		this.nextSeq = nextSeq;
	}
}

/** Another live process holds the data folder. */
export class StoreLockedError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StoreLockedError';
	}
}

/**
 * A data file failed to parse or validate at start. Nothing was changed; the message names the
 * file, the newest valid backup and the command that restores it.
 */
export class StoreCorruptError extends Error {
	readonly file: string;
	readonly backup?: string;
	constructor(message: string, file: string, backup?: string) {
		super(message);
		this.name = 'StoreCorruptError';
		this.file = file;
		this.backup = backup;
	}
}

/** The data was written by a newer Rapport (a schema version this code does not know). */
export class StoreVersionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StoreVersionError';
	}
}

/** The database cannot be reached (PostgreSQL down, a wrong DATABASE_URL, a refused login). */
export class StoreUnavailableError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StoreUnavailableError';
	}
}

/**
 * Connection failures, as the PostgreSQL driver and Node report them: the server went away, a
 * connection was cut or timed out, or PostgreSQL is shutting down or starting up (SQLSTATE
 * class 08, and 57P01 to 57P03).
 */
const UNREACHABLE_CODES = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'57P01',
	'57P02',
	'57P03'
]);

/**
 * Whether an error means the store cannot be reached just now (so a page should say "try again
 * in a moment", with 503), rather than a fault in Rapport. Routes and hooks ask this instead of
 * knowing which store they talk to.
 */
export function isStoreUnavailable(e: unknown): boolean {
	if (e instanceof StoreUnavailableError) return true;
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'));
}
