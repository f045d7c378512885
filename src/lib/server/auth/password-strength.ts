import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';

/**
 * Whether a new password is too easy to guess, checked offline against zxcvbn-ts's lists of
 * common and breached passwords and its patterns (repeats, sequences, keyboard rows, dates), as
 * NIST SP 800-63B asks of a verifier. No password ever leaves the server for this.
 */

/**
 * zxcvbn's score runs 0 to 4; 3 means "safely unguessable" (about 10^8 guesses and more) against
 * an offline attack on a slow hash such as Argon2id. Below it, the password is refused.
 */
export const MIN_SCORE = 3;

/**
 * Builds the checker at most once per process, on the first password checked. Its dictionaries
 * are over a megabyte of JavaScript and take most of a second to load on a busy machine, so
 * loading them when this module is imported would slow every server start and every CLI command
 * that never sets a password. The promise is kept in this closure (not a module variable) and
 * shared by everyone who asks, so concurrent first requests load the dictionaries once.
 */
function once<T>(make: () => Promise<T>): () => Promise<T> {
	let made: Promise<T> | undefined;
	return () => (made ??= make());
}

const checker = once(async (): Promise<ZxcvbnFactory> => {
	const [{ ZxcvbnFactory }, common] = await Promise.all([
		import('@zxcvbn-ts/core'),
		import('@zxcvbn-ts/language-common')
	]);
	return new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
});

/** Loads the dictionaries now (tests and benchmarks that should not time the first load). */
export async function preloadPasswordChecker(): Promise<void> {
	await checker();
}

const ADVICE =
	'Choose another: three or four unrelated words make a password that is hard to guess and easy to remember.';

function reasonOf(result: ZxcvbnResult): string {
	switch (result.feedback.warning) {
		case 'topTen':
		case 'topHundred':
		case 'common':
		case 'similarToCommon':
		case 'pwned':
			return `This is one of the most common passwords, so it is among the first anyone would try. ${ADVICE}`;
		case 'simpleRepeat':
		case 'extendedRepeat':
			return `Repeated characters (such as aaaaaaaaaa) are easy to guess. ${ADVICE}`;
		case 'sequences':
			return `Sequences (such as 1234567890 or abcdefghij) are easy to guess. ${ADVICE}`;
		case 'straightRow':
		case 'keyPattern':
			return `Keyboard patterns (such as qwertyuiop) are easy to guess. ${ADVICE}`;
		case 'recentYears':
		case 'dates':
			return `Dates and years are easy to guess. ${ADVICE}`;
		case 'userInputs':
			return `This password is made from your own name or username. ${ADVICE}`;
		default:
			return `This password is too easy to guess. ${ADVICE}`;
	}
}

/**
 * A reason this password is too easy to guess, or undefined. `context` holds words a guesser
 * would try first for this account: its username and display name (the site's name is added).
 */
export async function guessableProblem(
	password: string,
	context: readonly string[] = []
): Promise<string | undefined> {
	const zxcvbn = await checker();
	const result = zxcvbn.check(password, ['rapport', ...context.filter((w) => w.length >= 3)]);
	return result.score < MIN_SCORE ? reasonOf(result) : undefined;
}
