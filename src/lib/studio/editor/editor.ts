import {
	autocompletion,
	closeBrackets,
	closeBracketsKeymap,
	type Completion,
	type CompletionContext,
	type CompletionResult
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorState, RangeSetBuilder, type Text } from '@codemirror/state';
import {
	Decoration,
	EditorView,
	ViewPlugin,
	drawSelection,
	highlightActiveLine,
	highlightActiveLineGutter,
	keymap,
	lineNumbers,
	type DecorationSet,
	type ViewUpdate
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import type { MarkdownConfig } from '@lezer/markdown';
import type { Problem } from '../problems';
import { completionPlace, declaredNames, namesFor } from './completion';
import { diagnosticRange, type LintReply, type LintRequest } from './diagnostics';
import { beatAtLine, frontMatterLines, lineTokens, type TokenKind } from './syntax';

/**
 * The studio's source editor: CodeMirror 6 over the page's "Scenario source" textarea, which
 * stays the form's field (and the whole editor without JavaScript). Markdown with the scenario
 * syntax highlighted, lint markers and the Problems list from the compiler run in a Web Worker
 * as the author types, and completion of the draft's names. Loaded only by the studio's draft
 * page, with a dynamic import, so no other page carries CodeMirror.
 *
 * Contract with the rest of the studio page (the beat map, the preview), through events on
 * `document`, so neither side imports the other:
 *
 * - `rapport:studio-goto`, `detail: { line: number, column?: number }` (1-based), dispatched by
 *   anyone (the map, the Problems list): the editor puts the cursor there (the line's start
 *   without `column`), scrolls it into view and takes the focus. A line past the end is the
 *   last line.
 * - `rapport:studio-cursor`, `detail: { line: number, beatId: string | null }`, dispatched by
 *   the editor when it starts and whenever the beat under the cursor changes: the cursor's line
 *   (1-based) and the id of the beat it is in (the nearest `##` heading above it, its `#id` or
 *   its title's slug), or null in the front matter and intro.
 * - `rapport:studio-change`, `detail: { source: string }`, dispatched by the editor on every
 *   change of the text: the autosave listens (the hidden textarea is not kept in step). The
 *   whole text is built each time; on an 800-beat scenario that is about a millisecond.
 */

export const GOTO_EVENT = 'rapport:studio-goto';
export const CURSOR_EVENT = 'rapport:studio-cursor';
export const CHANGE_EVENT = 'rapport:studio-change';

export interface GotoDetail {
	line: number;
	column?: number;
}
export interface CursorDetail {
	line: number;
	beatId: string | null;
}

export interface EditorOptions {
	/** The form's textarea: its text starts the editor, and the form posts the editor's text. */
	textarea: HTMLTextAreaElement;
	/** The element that names the editor ("Scenario source"). */
	labelId: string;
	/** An element describing how to use the editor from the keyboard. */
	hintId?: string;
	/** The file name the server compiles the draft under, so positions and ids agree. */
	file: string;
	/** Every answer from the checker: the compiler's problems first, then all of them. */
	onProblems: (problems: Problem[], phase: LintReply['phase']) => void;
}

/**
 * How long typing must pause before the text is checked. Short, because a diagnostic should
 * appear within 150 ms of the pause (bench `studio-editor`); longer for very long texts, whose
 * checks take longer than a keystroke's pause and would only pile up.
 */
export function checkDelay(length: number): number {
	return length < 100_000 ? 50 : 250;
}

/**
 * Past this size (about 190 generated beats) the editor leaves out the markdown parser and keeps
 * only the scenario marks: on an 800-beat draft, reparsing markdown on each keystroke took
 * keystrokes over the 50 ms budget (bench `studio-editor`, p95 157 to 243 ms with it, 105 ms
 * without, on a loaded machine) and made main-thread tasks of about 200 ms.
 */
const LARGE_TEXT = 200_000;

// Lets the page's own colours (light and dark) through: each kind of token takes a design token.
const MARKS: Record<TokenKind, Decoration> = Object.fromEntries(
	(
		[
			'fence',
			'fm-key',
			'beat-title',
			'beat-id',
			'beat-class',
			'beat-attr',
			'choice-text',
			'arrow',
			'target',
			'key',
			'keyword',
			'number',
			'gate',
			'cue',
			'speaker'
		] as const
	).map((kind) => [kind, Decoration.mark({ class: `cm-rap-${kind}` })])
) as Record<TokenKind, Decoration>;

const lineText = (doc: Text) => (n: number) => doc.line(n).text;

/** Marks the scenario syntax on the lines in view only, so a long draft costs no more. */
function scenarioMarks(view: EditorView): DecorationSet {
	const { doc } = view.state;
	const front = frontMatterLines(lineText(doc), doc.lines);
	const builder = new RangeSetBuilder<Decoration>();
	for (const { from, to } of view.visibleRanges) {
		for (let pos = from; pos <= to;) {
			const line = doc.lineAt(pos);
			const inFront = front !== null && line.number > front.first && line.number < front.last;
			for (const t of lineTokens(line.text, inFront))
				builder.add(line.from + t.from, line.from + t.to, MARKS[t.kind]);
			pos = line.to + 1;
		}
	}
	return builder.finish();
}

const scenarioHighlight = ViewPlugin.fromClass(
	class {
		decorations: DecorationSet;
		constructor(view: EditorView) {
			this.decorations = scenarioMarks(view);
		}
		update(update: ViewUpdate) {
			if (update.docChanged || update.viewportChanged)
				this.decorations = scenarioMarks(update.view);
		}
	},
	{ decorations: (plugin) => plugin.decorations }
);

/**
 * The front matter as one block of its own, so markdown does not read its `---` and the line
 * above as a heading; the scenario marks colour its keys.
 */
const frontMatterBlock: MarkdownConfig = {
	defineNodes: [{ name: 'FrontMatter', block: true }],
	parseBlock: [
		{
			name: 'FrontMatter',
			before: 'HorizontalRule',
			parse(cx, line) {
				if (cx.lineStart !== 0 || line.text.trim() !== '---') return false;
				const start = cx.lineStart;
				let end = start + line.text.length;
				while (cx.nextLine()) {
					end = cx.lineStart + line.text.length;
					if (line.text.trim() === '---') {
						cx.nextLine();
						break;
					}
				}
				cx.addElement(cx.elt('FrontMatter', start, end));
				return true;
			}
		}
	]
};

const markdownStyle = HighlightStyle.define([
	{ tag: tags.heading, fontWeight: '700', color: 'var(--accent)' },
	{ tag: tags.strong, fontWeight: '700' },
	{ tag: tags.emphasis, fontStyle: 'italic' },
	{ tag: tags.link, color: 'var(--accent)', textDecoration: 'underline' },
	{ tag: tags.url, color: 'var(--muted)' },
	{ tag: [tags.processingInstruction, tags.meta, tags.contentSeparator], color: 'var(--muted)' },
	{ tag: tags.quote, color: 'var(--muted)', fontStyle: 'italic' },
	{ tag: tags.monospace, color: 'var(--warm)' }
]);

const theme = EditorView.theme({
	'&': {
		backgroundColor: 'var(--card)',
		color: 'var(--ink)',
		border: '1px solid var(--line)',
		borderRadius: 'var(--radius)',
		height: 'min(70vh, 40rem)',
		fontSize: '0.95rem'
	},
	'&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
	'.cm-scroller': { fontFamily: 'var(--mono, ui-monospace, monospace)', lineHeight: '1.5' },
	'.cm-content': { caretColor: 'var(--ink)' },
	'.cm-cursor': { borderLeftColor: 'var(--ink)' },
	'.cm-gutters': {
		backgroundColor: 'var(--paper)',
		color: 'var(--muted)',
		borderRight: '1px solid var(--line)'
	},
	'.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 45%, transparent)' },
	'.cm-activeLineGutter': { backgroundColor: 'var(--accent-soft)', color: 'var(--ink)' },
	'.cm-tooltip': {
		backgroundColor: 'var(--card)',
		color: 'var(--ink)',
		border: '1px solid var(--line)'
	},
	'.cm-tooltip-autocomplete > ul > li[aria-selected]': {
		backgroundColor: 'var(--accent)',
		color: 'var(--accent-ink)'
	},
	'.cm-completionDetail': { color: 'inherit', opacity: '1', marginLeft: '0.75em' },
	'.cm-tooltip-lint': { maxWidth: 'min(40rem, 90vw)' },
	'.cm-diagnosticText': { color: 'var(--ink)' },
	'.cm-rap-fence, .cm-rap-arrow': { color: 'var(--muted)', fontWeight: '700' },
	'.cm-rap-fm-key, .cm-rap-key': { color: 'var(--accent)', fontWeight: '700' },
	'.cm-rap-beat-title': { color: 'var(--accent)', fontWeight: '700' },
	'.cm-rap-beat-id, .cm-rap-target': { color: 'var(--warm)', fontWeight: '700' },
	'.cm-rap-beat-class, .cm-rap-beat-attr, .cm-rap-keyword, .cm-rap-gate, .cm-rap-cue': {
		color: 'var(--mixed)'
	},
	'.cm-rap-choice-text': { color: 'var(--accent)' },
	'.cm-rap-number': { color: 'var(--helpful)', fontWeight: '700' },
	'.cm-rap-speaker': { color: 'var(--warm)', fontWeight: '700' }
});

/** Beat ids, principles, tags, meters, flags and critical actions where each is expected. */
function completeNames(context: CompletionContext): CompletionResult | null {
	const { state, pos } = context;
	const line = state.doc.lineAt(pos);
	const front = frontMatterLines(lineText(state.doc), state.doc.lines);
	const inFront = front !== null && line.number > front.first && line.number < front.last;
	const place = completionPlace(line.text, pos - line.from, inFront);
	if (!place) return null;
	if (
		place.from === pos - line.from &&
		!context.explicit &&
		!/[\s>:,[(]$/.test(line.text.slice(0, pos - line.from))
	)
		return null;
	const options: Completion[] = namesFor(place.kinds, declaredNames(state.doc.toString())).map(
		(o) => ({ label: o.label, detail: o.detail, type: o.kind === 'beat' ? 'class' : 'variable' })
	);
	return { from: line.from + place.from, options, validFor: /^[a-z0-9-]*$/i };
}

function toLintDiagnostics(doc: Text, problems: Problem[]): LintDiagnostic[] {
	return problems.map((p) => ({
		...diagnosticRange(doc, p.line, p.column),
		severity: p.severity,
		source: p.code,
		message: p.hint ? `${p.message} (${p.hint})` : p.message
	}));
}

/**
 * Sends the text to the worker when typing pauses, one check at a time: a pause during a check
 * sends the newest text once that check is done. An answer for a text since changed is dropped;
 * the change has already asked for a new check.
 */
class Checker {
	private readonly worker = new Worker(new URL('./lint-worker.ts', import.meta.url), {
		type: 'module'
	});
	private timer: ReturnType<typeof setTimeout> | undefined;
	private sent: { id: number; doc: Text } | undefined;
	private busy = false;
	private waiting = false;
	private nextId = 0;

	constructor(
		private readonly view: () => EditorView,
		private readonly options: EditorOptions
	) {
		this.worker.addEventListener('message', (event: MessageEvent<LintReply>) =>
			this.answer(event.data)
		);
	}

	schedule(doc: Text) {
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.send(), checkDelay(doc.length));
	}

	send() {
		if (this.busy) {
			this.waiting = true;
			return;
		}
		const view = this.view();
		const doc = view.state.doc;
		// The hidden textarea is not kept in step: a large text set on it costs a keystroke's
		// time. The form takes the editor's text when it is sent (`formdata`, below).
		const request: LintRequest = {
			id: ++this.nextId,
			source: doc.toString(),
			file: this.options.file
		};
		this.sent = { id: request.id, doc };
		this.busy = true;
		this.worker.postMessage(request);
	}

	private answer(reply: LintReply) {
		if (reply.id !== this.sent?.id) return;
		const view = this.view();
		// The compiler's answer alone is shown only when it has errors: then it is also the last
		// (content lints need a scenario that compiles). Otherwise the full answer follows soon,
		// and showing the compiler's warnings first would make the lints' ones flicker.
		const final = reply.phase === 'done' || reply.problems.some((p) => p.severity === 'error');
		if (final && view.state.doc === this.sent.doc) {
			view.dispatch(setDiagnostics(view.state, toLintDiagnostics(view.state.doc, reply.problems)));
			this.options.onProblems(reply.problems, reply.phase);
		}
		if (reply.phase === 'done') {
			this.busy = false;
			if (this.waiting) {
				this.waiting = false;
				this.send();
			}
		}
	}

	destroy() {
		clearTimeout(this.timer);
		this.worker.terminate();
	}
}

/** Replaces the textarea with the editor; `destroy()` puts the textarea back. */
export function createEditor(options: EditorOptions): { view: EditorView; destroy: () => void } {
	const { textarea } = options;
	let lastBeat: string | null | undefined;
	const cursor = (state: EditorState) => {
		const line = state.doc.lineAt(state.selection.main.head).number;
		const beat = beatAtLine(lineText(state.doc), line);
		const beatId = beat?.id ?? null;
		if (beatId === lastBeat) return;
		lastBeat = beatId;
		document.dispatchEvent(
			new CustomEvent<CursorDetail>(CURSOR_EVENT, { detail: { line, beatId } })
		);
	};
	const checker: Checker = new Checker(() => view, options);

	const contentAttributes: Record<string, string> = {
		'aria-labelledby': options.labelId,
		// Focusable as a form field is (axe's scrollable-region check does not count contenteditable).
		tabindex: '0',
		spellcheck: 'false',
		autocapitalize: 'off'
	};
	if (options.hintId) contentAttributes['aria-describedby'] = options.hintId;

	const view = new EditorView({
		doc: textarea.value,
		extensions: [
			lineNumbers(),
			highlightActiveLineGutter(),
			history(),
			drawSelection(),
			highlightActiveLine(),
			highlightSelectionMatches(),
			closeBrackets(),
			EditorView.lineWrapping,
			textarea.value.length < LARGE_TEXT
				? // Without markdown's Enter, which would continue a choice line with a new `- ` item.
					markdown({ extensions: [frontMatterBlock], addKeymap: false })
				: [],
			syntaxHighlighting(markdownStyle),
			scenarioHighlight,
			lintGutter(),
			autocompletion({ override: [completeNames], activateOnTyping: true }),
			keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap]),
			theme,
			EditorView.contentAttributes.of(contentAttributes),
			EditorView.updateListener.of((update) => {
				if (update.docChanged) {
					checker.schedule(update.state.doc);
					document.dispatchEvent(
						new CustomEvent(CHANGE_EVENT, { detail: { source: update.state.doc.toString() } })
					);
				}
				if (update.docChanged || update.selectionSet) cursor(update.state);
			})
		]
	});
	textarea.hidden = true;
	textarea.after(view.dom);

	const form = textarea.form;
	// The form posts the editor's text, whichever button sent it.
	const onFormData = (event: FormDataEvent) =>
		event.formData.set(textarea.name, view.state.doc.toString());
	form?.addEventListener('formdata', onFormData);

	const onGoto = (event: Event) => {
		const { line, column } = (event as CustomEvent<GotoDetail>).detail ?? {};
		if (typeof line !== 'number' || !Number.isFinite(line)) return;
		const doc = view.state.doc;
		const at = doc.line(Math.min(Math.max(1, Math.round(line)), doc.lines));
		const pos = at.from + Math.min(Math.max(0, (column ?? 1) - 1), at.length);
		view.dispatch({
			selection: { anchor: pos },
			effects: EditorView.scrollIntoView(pos, { y: 'center' })
		});
		view.focus();
	};
	document.addEventListener(GOTO_EVENT, onGoto);

	cursor(view.state);
	checker.send();

	return {
		view,
		destroy() {
			document.removeEventListener(GOTO_EVENT, onGoto);
			form?.removeEventListener('formdata', onFormData);
			checker.destroy();
			textarea.value = view.state.doc.toString();
			view.destroy();
			textarea.hidden = false;
		}
	};
}
