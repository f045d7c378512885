import { describe, expect, it } from 'vitest';
import {
	AttemptError,
	branch,
	choose,
	loadAttempt,
	startAttempt,
	startDrill
} from '../../../src/lib/server/attempts';
import {
	asksOwnWords,
	canReadOwnWords,
	OWN_WORDS_LIMIT,
	ownWordsText,
	ownWordsView,
	sayOwnWords,
	setSayFirst,
	shareOwnWords
} from '../../../src/lib/server/own-words';
import {
	choiceChunks,
	gradebookChunks,
	xapiChunks
} from '../../../src/lib/server/analytics/exports';
import { traineeDetail } from '../../../src/lib/server/analytics/trainee-detail';
import { startAssignment } from '../../../src/lib/server/programmes/assignments';
import { eraseTrainee, exportTraineeData } from '../../../src/lib/server/programmes/privacy';
import { getStore, type PublicUser } from '../../../src/lib/server/store';
import { makeUser, tinyScenario, writeScenario, refusal } from './setup';

/**
 * "Say it your way first" through the attempt service, on both stores (vite.config.ts lists
 * tests/unit/attempts): the rules, refusals that store nothing, and the privacy matrix: who reads
 * the words with sharing on and off, what the exports hold, and erasure.
 */

let counter = 0;
const eventId = () => `own-words-${++counter}-${Math.random().toString(36).slice(2, 10)}`;

async function collect(chunks: AsyncIterable<string>): Promise<string> {
	let out = '';
	for await (const chunk of chunks) out += chunk;
	return out;
}

// The marker holds a `~`, which no generated id (base64url) or pseudonym can.
const MARK = 'own~words';
const SECRET = `I would say <b>“Take your time”</b> & mean it, ${MARK}~one`;
const SECOND = `Wherever feels easiest, ${MARK}~two`;

/** A trainee's practice attempt on the tiny scenario with say-first on, at its first decision. */
async function sayFirstAttempt(user: PublicUser, extra: { assignmentId?: string } = {}) {
	const store = await getStore();
	await writeScenario('tiny', tinyScenario());
	const attempt = extra.assignmentId
		? await startAssignment(store, user, extra.assignmentId, 'tiny')
		: await startAttempt(store, user, 'tiny', 'practice');
	await setSayFirst(store, user, attempt.id, true);
	return attempt;
}

describe('say it your way first: the rules', () => {
	it('asks in every drill, in practice when switched on, never in an assessment', () => {
		expect(asksOwnWords({ drill: true, mode: 'practice' })).toBe(true);
		expect(asksOwnWords({ mode: 'practice' })).toBe(false);
		expect(asksOwnWords({ mode: 'practice', sayFirst: true })).toBe(true);
		expect(asksOwnWords({ mode: 'assessment', sayFirst: true })).toBe(false);
	});

	it('lets the trainee read their words always, anyone else only when shared', () => {
		const attempt = { userId: 'trainee' };
		expect(canReadOwnWords({ id: 'trainee' }, attempt)).toBe(true);
		expect(canReadOwnWords({ id: 'teacher' }, attempt)).toBe(false);
		expect(canReadOwnWords({ id: 'teacher' }, { ...attempt, ownWordsShared: false })).toBe(false);
		expect(canReadOwnWords({ id: 'teacher' }, { ...attempt, ownWordsShared: true })).toBe(true);
	});

	it('keeps plain text: trimmed, line breaks kept, control characters dropped, length capped', () => {
		expect(ownWordsText('  Hello,\r\nSam.\u0000\u0007  ')).toBe('Hello,\nSam.');
		expect(ownWordsText('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
		expect(ownWordsText('x'.repeat(OWN_WORDS_LIMIT))).toHaveLength(OWN_WORDS_LIMIT);
		expect(() => ownWordsText(' \n\t ')).toThrow(/Type your response first, or choose “Skip”/);
		const long = (() => {
			try {
				ownWordsText('y'.repeat(OWN_WORDS_LIMIT + 1));
			} catch (e) {
				return e as AttemptError;
			}
		})();
		expect(long).toBeInstanceOf(AttemptError);
		expect(long?.status).toBe(400);
		expect(long?.message).toBe(
			`Please keep your response to ${OWN_WORDS_LIMIT} characters or fewer (it has ${OWN_WORDS_LIMIT + 1}). Nothing was saved.`
		);
	});
});

describe('say it your way first: the attempt service', () => {
	it('keeps the words for the decision in hand and refuses bad input without storing any', async () => {
		const store = await getStore();
		const ana = await makeUser('ana');
		await writeScenario('tiny', tinyScenario());
		const attempt = await startAttempt(store, ana, 'tiny', 'practice');
		const post = (input: Partial<{ text: string; skip: boolean; step: string; beat: string }>) =>
			sayOwnWords(store, ana, attempt.id, {
				text: SECRET,
				skip: false,
				step: '0',
				beat: 'start',
				...input
			});

		expect((await refusal(post({}))).status).toBe(409);
		await setSayFirst(store, ana, attempt.id, true);
		let view = ownWordsView(ana, await loadAttempt(store, ana, attempt.id), []);
		expect(view).toMatchObject({ mine: true, asks: true, switchable: true, answered: [] });

		expect((await refusal(post({ text: '   ' }))).status).toBe(400);
		expect((await refusal(post({ text: 'z'.repeat(OWN_WORDS_LIMIT + 1) }))).status).toBe(400);
		expect((await refusal(post({ step: '1' }))).status).toBe(409);
		expect((await refusal(post({ beat: 'middle' }))).status).toBe(409);
		const bob = await makeUser('bob');
		expect(
			(
				await refusal(
					sayOwnWords(store, bob, attempt.id, { text: 'x', skip: false, step: '0', beat: 'start' })
				)
			).status
		).toBe(404);
		expect(await store.listOwnWords(attempt.id)).toEqual([]);

		const saved = await post({});
		expect(saved).toMatchObject({ step: 0, beat: 'start', text: SECRET, skipped: false });
		// A repeated post (a double click, a retry) keeps the first words.
		expect(await post({ text: 'changed my mind' })).toEqual(saved);

		await choose(store, ana, attempt.id, { choiceId: 'start.cold', eventId: eventId() });
		// The skip is explicit and kept as a skip; any text sent with it is not.
		expect(await post({ step: '1', beat: 'middle', skip: true, text: 'ignored' })).toMatchObject({
			step: 1,
			text: '',
			skipped: true
		});
		view = ownWordsView(
			ana,
			await loadAttempt(store, ana, attempt.id),
			await store.listOwnWords(attempt.id)
		);
		expect(view.answered.map((w) => [w.step, w.beat, w.skipped])).toEqual([
			[0, 'start', false],
			[1, 'middle', true]
		]);
		// A "what if" replay keeps the habit; its own words start afresh.
		const replay = await branch(store, ana, attempt.id, 0);
		expect(replay.sayFirst).toBe(true);
		expect(await store.listOwnWords(replay.id)).toEqual([]);
	});

	it('always asks in a drill, and keeps the switch to practice scenario attempts', async () => {
		const store = await getStore();
		const ana = await makeUser('ana');
		const drill = await startDrill(store, ana, 'withdrawal-shrug');
		const loaded = await loadAttempt(store, ana, drill.id);
		expect(ownWordsView(ana, loaded, [])).toMatchObject({ asks: true, switchable: false });
		expect((await refusal(setSayFirst(store, ana, drill.id, false))).status).toBe(409);
		const words = await sayOwnWords(store, ana, drill.id, {
			text: 'That shrug says a lot.',
			skip: false,
			step: '0',
			beat: loaded.state.beat
		});
		expect(words.beat).toBe(loaded.state.beat);

		await writeScenario('tiny', tinyScenario());
		const assessment = await startAttempt(store, ana, 'tiny', 'assessment');
		expect((await refusal(setSayFirst(store, ana, assessment.id, true))).status).toBe(409);
		expect((await store.getAttempt(assessment.id))?.sayFirst).toBeUndefined();
	});
});

describe('say it your way first: privacy', () => {
	it('shows the words to instructors only while shared; exports never hold them; erasure deletes them', async () => {
		const store = await getStore();
		const trainee = await makeUser('quillonby', 'trainee', 'Quill Onby');
		const teacher = await makeUser('teacher', 'instructor');
		const other = await makeUser('other-teacher', 'instructor');
		const admin = await makeUser('admin', 'admin');
		const cohort = await store.createCohort({
			name: 'Group A',
			instructorIds: [teacher.id],
			memberIds: [trainee.id]
		});
		const assignment = await store.createAssignment({
			cohortId: cohort.id,
			scenarioId: 'tiny',
			mode: 'practice',
			createdBy: teacher.id
		});
		const attempt = await sayFirstAttempt(trainee, { assignmentId: assignment.id });
		await sayOwnWords(store, trainee, attempt.id, {
			text: SECRET,
			skip: false,
			step: '0',
			beat: 'start'
		});
		await choose(store, trainee, attempt.id, { choiceId: 'start.cold', eventId: eventId() });
		await sayOwnWords(store, trainee, attempt.id, {
			text: SECOND,
			skip: false,
			step: '1',
			beat: 'middle'
		});
		await choose(store, trainee, attempt.id, { choiceId: 'middle.anywhere', eventId: eventId() });

		const viewOf = async (viewer: PublicUser) => {
			const loaded = await loadAttempt(store, viewer, attempt.id);
			return ownWordsView(viewer, loaded, await store.listOwnWords(attempt.id));
		};
		const exports = async () =>
			[
				await collect(gradebookChunks(store, cohort)),
				await collect(choiceChunks(store, cohort)),
				await collect(xapiChunks(store, cohort, 'https://rapport.example')),
				JSON.stringify(await traineeDetail(store, cohort, trainee.id))
			].join('\n');

		// The trainee reads each typed response beside the best choice at that decision.
		const mine = await viewOf(trainee);
		expect(mine.reviews).toEqual([
			{ step: 0, text: SECRET, skipped: false, best: '“Hello, Sam. Take your time.”' },
			{ step: 1, text: SECOND, skipped: false, best: '“Anywhere is fine.”' }
		]);
		expect(mine.sharing).toEqual({ shared: false });

		// Not shared: the cohort's instructor and an admin can open the attempt, but not the words.
		for (const viewer of [teacher, admin]) {
			const theirs = await viewOf(viewer);
			expect(theirs).toMatchObject({ mine: false, reviews: [], answered: [], sharing: null });
			expect(JSON.stringify(theirs)).not.toContain(MARK);
		}
		expect(await exports()).not.toContain(MARK);
		// Only the trainee may share.
		expect((await refusal(shareOwnWords(store, teacher, attempt.id, true))).status).toBe(403);
		expect((await refusal(shareOwnWords(store, other, attempt.id, true))).status).toBe(404);

		// Shared: the cohort's instructor reads them on the attempt; the exports still hold none.
		await shareOwnWords(store, trainee, attempt.id, true);
		expect((await viewOf(teacher)).reviews.map((r) => r.text)).toEqual([SECRET, SECOND]);
		expect((await viewOf(admin)).reviews).toHaveLength(2);
		expect((await viewOf(teacher)).sharing).toBeNull();
		expect(await exports()).not.toContain(MARK);
		// An instructor of another cohort cannot open the attempt at all.
		expect((await refusal(loadAttempt(store, other, attempt.id))).status).toBe(404);

		// Sharing stopped: hidden again.
		await shareOwnWords(store, trainee, attempt.id, false);
		expect((await viewOf(teacher)).reviews).toEqual([]);

		// The trainee's own export holds them, shared or not.
		const exported = (await exportTraineeData(store, trainee.id))!;
		const held = exported.attempts.find((a) => a.id === attempt.id)!;
		expect(held.ownWords.map((w) => w.text)).toEqual([SECRET, SECOND]);
		expect(held.ownWordsShared).toBe(false);

		// Erasure deletes them whole (even shared ones), and says how many.
		await shareOwnWords(store, trainee, attempt.id, true);
		const report = (await eraseTrainee(store, admin.id, trainee.id))!;
		expect(report.ownWordsRemoved).toBe(2);
		expect(await store.listOwnWords(attempt.id)).toEqual([]);
		expect((await viewOf(admin)).reviews).toEqual([]);
		expect(JSON.stringify(await exportTraineeData(store, trainee.id))).not.toContain(MARK);
	});
});
