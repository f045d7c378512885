/// <reference lib="webworker" />
import { checkSource } from '../check';
import { toProblem } from '../problems';
import type { LintReply, LintRequest } from './diagnostics';

/**
 * The studio editor's checker, off the page's main thread: the same `checkSource` the server
 * runs on each save (compiler, then content lints), so typing never waits for it. It answers
 * twice per text: the compiler's problems as soon as it has compiled, then every problem once
 * the content lints have played the paths.
 */
addEventListener('message', (event: MessageEvent<LintRequest>) => {
	const { id, source, file } = event.data;
	const reply = (answer: LintReply) => postMessage(answer);
	const check = checkSource(source, file, {
		onCompiled: (diagnostics) =>
			reply({ id, phase: 'compiled', problems: diagnostics.map(toProblem) })
	});
	reply({ id, phase: 'done', problems: check.diagnostics.map(toProblem) });
});
