import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { draftArchiveFiles, fileSlug, importedText } from '../../../src/lib/server/studio-history';
import type { ScenarioDraft } from '../../../src/lib/server/store/types';
import {
	autosaveMessage,
	createAutosave,
	type AutosaveReply,
	type AutosaveRequest,
	type AutosaveState
} from '../../../src/lib/studio/autosave';
import { diffTexts } from '../../../src/lib/studio/diff';

describe('revision diff', () => {
	it('numbers removed, added and kept lines on their own side', () => {
		const diff = diffTexts('a\nb\nc\n', 'a\nB\nc\nd\n');
		expect(diff).toEqual({
			added: 2,
			removed: 1,
			rows: [
				{ kind: 'same', text: 'a', from: 1, to: 1 },
				{ kind: 'removed', text: 'b', from: 2 },
				{ kind: 'added', text: 'B', to: 2 },
				{ kind: 'same', text: 'c', from: 3, to: 3 },
				{ kind: 'added', text: 'd', to: 4 }
			]
		});
	});

	it('folds unchanged stretches beyond three lines of a change', () => {
		const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
		const changed = [...lines];
		changed[9] = 'line ten';
		const diff = diffTexts(lines.join('\n'), changed.join('\n'));
		expect(diff.rows[0]).toEqual({ kind: 'folded', count: 6 });
		expect(diff.rows.filter((r) => r.kind !== 'folded').map((r) => r.text)).toEqual([
			'line 7',
			'line 8',
			'line 9',
			'line 10',
			'line ten',
			'line 11',
			'line 12',
			'line 13'
		]);
		expect(diff.rows.at(-1)).toEqual({ kind: 'folded', count: 7 });
		expect(diffTexts('same\n', 'same\n')).toEqual({
			added: 0,
			removed: 0,
			rows: [{ kind: 'folded', count: 1 }]
		});
	});
});

describe('import validation', () => {
	const bytes = (s: string) => strToU8(s);

	it('accepts a markdown file, dropping a byte-order mark and CRLF line ends', () => {
		expect(importedText('maya.md', bytes('\uFEFF---\r\ntitle: X\r\n---\r\n'))).toBe(
			'---\ntitle: X\n---\n'
		);
		expect(importedText('notes.MARKDOWN', bytes('x'))).toBe('x');
	});

	it('refuses, with a message saying why, what is not a small UTF-8 markdown file', () => {
		expect(() => importedText('big.md', new Uint8Array(1_000_001).fill(120))).toThrow(
			/“big\.md” is 1,000,001 bytes; a scenario file may be at most 1,000,000 bytes \(1 MB\)/
		);
		expect(() => importedText('big.md', new Uint8Array(1_000_001))).toThrow(
			expect.objectContaining({ status: 413 })
		);
		expect(() => importedText('latin1.md', new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toThrow(
			/“latin1\.md” is not UTF-8 text/
		);
		expect(() => importedText('nul.md', bytes('a\u0000b'))).toThrow(/binary file/);
		expect(() => importedText('picture.png', bytes('x'))).toThrow(/not a markdown file/);
		expect(() => importedText('empty.md', new Uint8Array())).toThrow(/is empty/);
		// Exactly 1 MB is allowed.
		expect(importedText('edge.md', new Uint8Array(1_000_000).fill(120))).toHaveLength(1_000_000);
	});
});

describe('export', () => {
	it('names files after the title, safely', () => {
		expect(fileSlug('Coat still on: a first session')).toBe('coat-still-on-a-first-session');
		expect(fileSlug('Café à Noël')).toBe('cafe-a-noel');
		expect(fileSlug('../../etc/passwd')).toBe('etc-passwd');
		expect(fileSlug('***')).toBe('scenario');
	});

	it("puts a draft's current text and every published revision in its own folder", () => {
		const draft = {
			id: 'AbC123',
			title: 'Late arrival',
			current: 4,
			revisions: [1, 2, 3, 4].map((n) => ({
				number: n,
				source: `text ${n}`,
				authorId: 'u',
				savedAt: ''
			})),
			publications: [
				{ revision: 1, hash: 'h1', publishedAt: '', publishedBy: 'u' },
				{ revision: 3, hash: 'h3', publishedAt: '', publishedBy: 'u' }
			]
		} as unknown as ScenarioDraft;
		expect(draftArchiveFiles(draft)).toEqual({
			'late-arrival-abc123/current-r4.md': 'text 4',
			'late-arrival-abc123/published-r1.md': 'text 1',
			'late-arrival-abc123/published-r3.md': 'text 3'
		});
	});
});

/** An autosave driven by hand: timers run when the test says, replies come from a queue. */
function harness(replies: AutosaveReply[]) {
	const sent: AutosaveRequest[] = [];
	const states: AutosaveState[] = [];
	const bases: number[] = [];
	let pending: (() => void) | undefined;
	const autosave = createAutosave({
		basedOn: 1,
		source: 'start',
		sitting: 'visit-1234',
		send: async (request) => {
			sent.push(request);
			return replies.shift() ?? { status: 'error', message: 'no reply' };
		},
		onState: (s) => states.push(s),
		onBase: (n) => bases.push(n),
		setTimer: (run) => {
			pending = run;
			return run;
		},
		clearTimer: () => (pending = undefined)
	});
	const idle = async () => {
		const run = pending;
		pending = undefined;
		run?.();
		await autosave.settled();
	};
	return { autosave, sent, states, bases, idle, timerSet: () => pending !== undefined };
}

describe('autosave rules', () => {
	it('saves after idle typing, only what changed, and moves its base on', async () => {
		const h = harness([
			{ status: 'saved', revision: 2, savedAt: '2026-12-07T14:02:00.000Z' },
			{ status: 'saved', revision: 3, savedAt: '2026-12-07T14:03:00.000Z' }
		]);
		h.autosave.change('start');
		expect(h.timerSet()).toBe(false);
		h.autosave.change('start a');
		h.autosave.change('start ab');
		expect(h.sent).toEqual([]);
		await h.idle();
		expect(h.sent).toEqual([
			{ source: 'start ab', basedOn: 1, sitting: 'visit-1234', leaving: false }
		]);
		expect(h.bases).toEqual([2]);
		expect(h.states.at(-1)).toEqual({ kind: 'saved', at: '2026-12-07T14:02:00.000Z', revision: 2 });
		expect(autosaveMessage(h.states.at(-1)!, () => '14:02')).toBe('Saved at 14:02 (revision 2).');

		// Nothing new: leaving the page sends nothing.
		await h.autosave.flush(true);
		expect(h.sent).toHaveLength(1);
		h.autosave.change('start abc');
		await h.autosave.flush(true);
		expect(h.sent[1]).toMatchObject({ source: 'start abc', basedOn: 2, leaving: true });
	});

	it('stops after a stale autosave is refused, and says so', async () => {
		const h = harness([
			{ status: 'conflict', revision: 3, current: 2, message: 'this draft was changed' }
		]);
		h.autosave.change('mine');
		await h.idle();
		expect(h.states.at(-1)).toMatchObject({ kind: 'conflict', revision: 3 });
		expect(autosaveMessage(h.states.at(-1)!, String)).toBe('Not saved: this draft was changed');
		h.autosave.change('more');
		await h.autosave.flush(true);
		expect(h.sent).toHaveLength(1);
		expect(h.timerSet()).toBe(false);
	});

	it('retries after an error, and sends one save at a time', async () => {
		const h = harness([
			{ status: 'error', message: 'the server could not be reached' },
			{ status: 'saved', revision: 2 },
			{ status: 'saved', revision: 3 }
		]);
		h.autosave.change('one');
		await h.idle();
		expect(autosaveMessage(h.states.at(-1)!, String)).toBe(
			'Not saved: the server could not be reached. Trying again shortly; Save draft also saves.'
		);
		expect(h.timerSet()).toBe(true);
		// A change while a save is in flight goes after it, on the new base.
		const first = h.idle();
		h.autosave.change('one two');
		await first;
		await h.autosave.flush(false);
		expect(h.sent.map((r) => [r.source, r.basedOn])).toEqual([
			['one', 1],
			['one', 1],
			['one two', 2]
		]);
		expect(h.bases).toEqual([2, 3]);
	});
});
