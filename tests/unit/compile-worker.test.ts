import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateScenario } from '../../bench/generate';
import { CompileWorkerError, createCompileWorker } from '../../src/lib/server/compile-worker';
import { compileScenario } from '../../src/lib/scenarios';

// The worker thread that compiles SCENARIOS_DIR files off the request path (issue 18, defect 7).

const source = readFileSync('src/lib/scenarios/library/coat-still-on.md', 'utf8');

describe('the compile worker', () => {
	it('gives the same result as compiling on this thread', async () => {
		const worker = createCompileWorker();
		try {
			const [a, b] = await Promise.all([
				worker.compile(source, 'coat-still-on.md'),
				worker.compile(new Uint8Array([0x2d, 0x00, 0x2d]), 'binary.md')
			]);
			expect(a).toEqual(compileScenario(source, 'coat-still-on.md'));
			expect(b.scenario).toBeUndefined();
			expect(b.diagnostics[0].code).toBe('RAP021');
		} finally {
			await worker.close();
		}
	});

	it('gives up on a compile that runs too long, and starts afresh for the next', async () => {
		// The clock starts once the thread has loaded, so 10 ms is the compile alone: far less than
		// a megabyte takes even on an idle machine (100 ms was not: a fresh clone's run finished it
		// inside the limit).
		const worker = createCompileWorker({ timeoutMs: 10 });
		try {
			// About a megabyte: tens to hundreds of milliseconds of compiling.
			const slow = worker.compile(generateScenario(950), 'slow.md');
			const queued = worker.compile(source, 'queued.md');
			await expect(slow).rejects.toBeInstanceOf(CompileWorkerError);
			await expect(slow).rejects.toThrow(/longer than 10 ms/);
			await expect(queued).rejects.toBeInstanceOf(CompileWorkerError);
			// A fresh thread; this file is refused before any parsing, well within the limit.
			const again = await worker.compile(new Uint8Array([0x00]), 'binary.md');
			expect(again.diagnostics[0].code).toBe('RAP021');
		} finally {
			await worker.close();
		}
	});
});
