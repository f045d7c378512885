import { describe, expect, it } from 'vitest';
import { makeUser } from '../attempts/setup';
import { getStore } from '../../../src/lib/server/store';
import { runAdmin, type AdminIo } from '../../../src/lib/server/admin/commands';
import {
	AccountError,
	createAccount,
	passwordProblem,
	resetPassword
} from '../../../src/lib/server/auth/accounts';
import {
	issueLinks,
	openLink,
	redeemLink
} from '../../../src/lib/server/programmes/password-links';

// Issue 18, defect 3: common passwords were accepted. Every place a password is set goes through
// passwordProblem, which checks zxcvbn-ts's common and breached lists offline (NIST SP 800-63B).

const REPORTED = ['password123', '1234567890', 'aaaaaaaaaa', ' '.repeat(10)];

describe('passwordProblem', () => {
	it('refuses the reported passwords, each with a clear reason and advice', async () => {
		const reasons = await Promise.all(REPORTED.map((p) => passwordProblem(p)));
		expect(reasons[0]).toMatch(/^This is one of the most common passwords/);
		expect(reasons[1]).toMatch(/common passwords|Sequences/);
		expect(reasons[2]).toMatch(/^Repeated characters/);
		expect(reasons[3]).toMatch(/^Repeated characters/);
		for (const reason of reasons) expect(reason).toMatch(/three or four unrelated words/);
	});

	it('refuses other well-known and patterned passwords', async () => {
		for (const p of ['qwertyuiop', 'iloveyou12', 'letmein2024!', 'abcdefghij', 'Password1!'])
			expect(await passwordProblem(p), p).toBeDefined();
	});

	it('counts the account’s own names as easy to guess', async () => {
		expect(await passwordProblem('okaforzephyrine')).toBeUndefined();
		expect(
			await passwordProblem('okaforzephyrine', { username: 'zo', displayName: 'Zephyrine Okafor' })
		).toMatch(/your own name or username/);
		expect(await passwordProblem('zkwqbmtrvp')).toBeUndefined();
		expect(await passwordProblem('zkwqbmtrvp', { username: 'zkwqbmtrvp' })).toBeDefined();
	});

	it('accepts passphrases and random passwords', async () => {
		for (const p of [
			'a long passphrase for ada',
			'correct horse battery staple',
			'sunflower-7-lake',
			'k7Qm-2xPw-9rTz'
		])
			expect(await passwordProblem(p), p).toBeUndefined();
	});

	it('still checks the length first', async () => {
		expect(await passwordProblem('short')).toBe('Passwords need at least 10 characters.');
		expect(await passwordProblem('x'.repeat(257))).toBe(
			'Passwords can have at most 256 characters.'
		);
	});
});

describe('every way of setting a password', () => {
	it('the set-password link refuses a common password and stays usable', async () => {
		const store = await getStore();
		const tess = await makeUser('tess');
		const [link] = await issueLinks(store, [tess.id], null);
		const token = link.path.split('/').pop()!;
		const result = await redeemLink(store, token, 'password123', 'password123');
		expect(result).toEqual({
			ok: false,
			reason: 'password',
			message: expect.stringMatching(/most common passwords/)
		});
		expect(await openLink(store, token)).toBeDefined();
	});

	it('creating an account and resetting a password refuse one', async () => {
		const store = await getStore();
		await expect(
			createAccount(store, { username: 'ann', password: '1234567890', role: 'trainee' })
		).rejects.toBeInstanceOf(AccountError);
		expect(await store.getUserByUsername('ann')).toBeUndefined();
		const tess = await makeUser('tess');
		await expect(resetPassword(store, tess.id, 'aaaaaaaaaa')).rejects.toThrow(/Repeated/);
	});

	it('the admin CLI refuses one with the reason, and creates nothing', async () => {
		const out: string[] = [];
		const io: AdminIo = { out: (l) => out.push(l), err: (l) => out.push(l), env: {} };
		const code = await runAdmin(
			[
				'--data-dir',
				process.env.DATA_DIR!,
				'create-user',
				'--username',
				'bo',
				'--role',
				'admin',
				'--password',
				'password123'
			],
			io
		);
		expect(code).toBe(1);
		expect(out.join('\n')).toContain('most common passwords');
	});
});
