/**
 * The studio's autosave, without the page: when to send the text, what to say about it, and when
 * to stop. The Svelte component (components/studio/Autosave.svelte) wires it to the editor's
 * `input` events, the `rapport:studio-change` event and page hide; tests drive it directly.
 *
 * Rules: a save goes a few seconds after the last change (idle), or at once when the page is
 * left; one save at a time, the newest text following when it lands; nothing is sent when the
 * text is what was last saved; each landed save moves the base revision on (the server's
 * number); a refused stale save (409) stops autosaving for this page visit, since the server
 * kept the text as a conflict revision and every later autosave would be stale too.
 */

export const IDLE_MS = 3000;
/** Browsers refuse keepalive requests over 64 KiB; larger texts go as ordinary requests. */
export const KEEPALIVE_MAX = 60_000;

export interface AutosaveRequest {
	source: string;
	basedOn: number;
	sitting: string;
	/** Sent while the page is being left: must outlive it. */
	leaving: boolean;
}

export type AutosaveReply =
	| { status: 'saved' | 'unchanged'; revision: number; savedAt?: string }
	| { status: 'conflict'; revision: number; current: number; message: string }
	| { status: 'error'; message: string };

export type AutosaveState =
	| { kind: 'idle' }
	| { kind: 'pending' }
	| { kind: 'saving' }
	| { kind: 'saved'; at: string; revision: number }
	| { kind: 'error'; message: string }
	| { kind: 'conflict'; message: string; revision: number };

export interface AutosaveOptions {
	basedOn: number;
	/** The text as the page was loaded (the base revision's text). */
	source: string;
	sitting: string;
	send(request: AutosaveRequest): Promise<AutosaveReply>;
	onState(state: AutosaveState): void;
	/** The base revision changed (the page's Save draft form must post it). */
	onBase(revision: number): void;
	idleMs?: number;
	setTimer?: (run: () => void, ms: number) => unknown;
	clearTimer?: (timer: unknown) => void;
}

export interface Autosave {
	/** The text changed (typing, or the CodeMirror editor's change event). */
	change(source: string): void;
	/** Save now if anything is unsaved (page hidden or left). */
	flush(leaving: boolean): Promise<void>;
	/** Resolves when no save is in flight (before the page's own form is posted). */
	settled(): Promise<void>;
	/** Stop for good (the page's form is being posted: it saves the text itself). */
	stop(): void;
	basedOn(): number;
}

export function createAutosave(options: AutosaveOptions): Autosave {
	const idleMs = options.idleMs ?? IDLE_MS;
	const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
	const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as number));
	let base = options.basedOn;
	let saved = options.source;
	let latest = options.source;
	let timer: unknown;
	let inFlight: Promise<void> | undefined;
	let stopped = false;

	const state = (s: AutosaveState) => options.onState(s);

	function schedule() {
		if (timer !== undefined) clearTimer(timer);
		timer = setTimer(() => {
			timer = undefined;
			void save(false);
		}, idleMs);
	}

	async function save(leaving: boolean): Promise<void> {
		if (stopped || latest === saved) return;
		if (inFlight) {
			// One at a time: the newest text goes once this one lands.
			await inFlight;
			return save(leaving);
		}
		const source = latest;
		state({ kind: 'saving' });
		const run = (async () => {
			let reply: AutosaveReply;
			try {
				reply = await options.send({ source, basedOn: base, sitting: options.sitting, leaving });
			} catch {
				reply = { status: 'error', message: 'the server could not be reached' };
			}
			if (reply.status === 'conflict') {
				stopped = true;
				state({ kind: 'conflict', message: reply.message, revision: reply.revision });
				return;
			}
			if (reply.status === 'error') {
				state({ kind: 'error', message: reply.message });
				// Try again after the next pause in typing, or now-ish if nothing more is typed.
				if (!leaving && !stopped) schedule();
				return;
			}
			saved = source;
			if (reply.revision !== base) {
				base = reply.revision;
				options.onBase(base);
			}
			state(
				latest === source
					? { kind: 'saved', at: reply.savedAt ?? new Date().toISOString(), revision: base }
					: { kind: 'pending' }
			);
		})();
		inFlight = run;
		try {
			await run;
		} finally {
			if (inFlight === run) inFlight = undefined;
		}
	}

	return {
		change(source) {
			if (stopped) return;
			latest = source;
			if (latest === saved) {
				if (timer !== undefined) clearTimer(timer);
				timer = undefined;
				return;
			}
			state({ kind: 'pending' });
			schedule();
		},
		async flush(leaving) {
			if (timer !== undefined) clearTimer(timer);
			timer = undefined;
			await save(leaving);
		},
		async settled() {
			while (inFlight) await inFlight;
		},
		stop() {
			stopped = true;
			if (timer !== undefined) clearTimer(timer);
			timer = undefined;
		},
		basedOn: () => base
	};
}

/** What the live status says, in words. */
export function autosaveMessage(s: AutosaveState, time: (iso: string) => string): string {
	switch (s.kind) {
		case 'idle':
			return 'Autosave is on: your text saves itself a few seconds after you stop typing.';
		case 'pending':
			return 'Changes not saved yet.';
		case 'saving':
			return 'Saving…';
		case 'saved':
			return `Saved at ${time(s.at)} (revision ${s.revision}).`;
		case 'error':
			return `Not saved: ${s.message}. Trying again shortly; Save draft also saves.`;
		case 'conflict':
			return `Not saved: ${s.message}`;
	}
}
