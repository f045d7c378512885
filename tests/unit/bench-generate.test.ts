import { describe, expect, it } from 'vitest';
import { Compiler } from 'inkjs/compiler/Compiler';
import type { Story } from 'inkjs/engine/Story';
import { compileScenario } from '../../src/lib/scenarios/index';
import { CONDITION, OUTCOMES, generateInk, generateScenario } from '../../bench/generate';
import { peakFromTraceGc } from '../../bench/engine';
import { median, percentile } from '../../bench/stats';

const N = 50;

function compileInk(source: string): { compiler: Compiler; story: Story } {
	const compiler = new Compiler(source);
	const story = compiler.Compile();
	return { compiler, story };
}

describe('generateScenario', () => {
	const result = compileScenario(generateScenario(N), 'bench.md');

	it('compiles with no errors and no warnings', () => {
		expect(result.diagnostics).toEqual([]);
		expect(result.scenario).toBeDefined();
		expect(result.analysis).toBeDefined();
	});

	it('has n decision beats with three choices each, then the endings', () => {
		const beats = result.scenario!.beats;
		expect(beats).toHaveLength(N + OUTCOMES.length);
		const decisions = beats.filter((b) => b.kind === 'decision');
		expect(decisions).toHaveLength(N);
		expect(beats.filter((b) => b.kind === 'ending').map((b) => b.outcome)).toEqual([...OUTCOMES]);
		for (const beat of decisions) {
			expect(beat.choices).toHaveLength(3);
			for (const choice of beat.choices) {
				expect(choice.tags.length).toBeGreaterThan(0);
				expect(Object.keys(choice.scores)).toHaveLength(1);
				expect(Object.keys(choice.effects)).toHaveLength(1);
				expect(choice.feedback).not.toBe('');
				if (choice.verdict === 'unhelpful') expect(choice.better).toBeTruthy();
			}
			// Exactly one conditional choice per beat, so two are always offered.
			expect(beat.choices.filter((c) => c.condition).map((c) => c.conditionSource)).toEqual([
				CONDITION
			]);
		}
	});

	it('is acyclic and layered: every beat and ending is reachable', () => {
		const analysis = result.analysis!;
		expect(analysis.unreachable).toEqual([]);
		expect(analysis.reachable).toHaveLength(N + OUTCOMES.length);
		expect(analysis.endings).toHaveLength(OUTCOMES.length);
		// The shortest story takes three steps at a time, the longest one step at a time.
		expect(analysis.longestPath).toBe(N);
		expect(analysis.paths).toBeGreaterThan(N);
	});

	it('rejects sizes below one', () => {
		expect(() => generateScenario(0)).toThrow(/>= 1/);
		expect(() => generateInk(2.5)).toThrow(/>= 1/);
	});
});

describe('generateInk', () => {
	const source = generateInk(N);
	const { compiler, story } = compileInk(source);

	it('compiles with inkjs with no errors or warnings', () => {
		expect(compiler.errors).toEqual([]);
		expect(compiler.warnings).toEqual([]);
	});

	it('has a knot per beat and per ending, three choices each', () => {
		const stats = compiler.GenerateStats()!;
		expect(stats.knots).toBe(N + OUTCOMES.length);
		expect(stats.choices).toBe(3 * N);
	});

	it('offers tagged choices, updates the score and hides the conditional choice', () => {
		story.ResetState();
		story.ContinueMaximally();
		expect(story.currentChoices).toHaveLength(3);
		expect(story.currentChoices.every((c) => (c.tags ?? []).length > 0)).toBe(true);
		// The unhelpful second choice drops trust to 1, under the condition's threshold.
		story.ChooseChoiceIndex(1);
		story.ContinueMaximally();
		expect(story.variablesState.$('score')).toBe(-1);
		expect(story.variablesState.$('trust')).toBe(1);
		expect(story.currentChoices).toHaveLength(2);
	});

	it('reaches an ending on every walk, as the scenario does', () => {
		for (const pick of [0, 1, 2]) {
			story.ResetState();
			let steps = 0;
			story.ContinueMaximally();
			while (story.currentChoices.length > 0 && steps <= N) {
				story.ChooseChoiceIndex(Math.min(pick, story.currentChoices.length - 1));
				story.ContinueMaximally();
				steps++;
			}
			expect(story.currentChoices).toHaveLength(0);
			expect(story.currentText).toMatch(/left the alliance (strengthened|stalled|ruptured)/);
		}
	});
});

describe('compileScenario on generated stories', () => {
	it('refuses a story over the default size cap, and compiles it cleanly with the cap raised', () => {
		const source = generateScenario(2_000);
		expect(compileScenario(source, 'bench.md').diagnostics.map((d) => d.code)).toEqual(['RAP021']);
		const result = compileScenario(source, 'bench.md', { maxBytes: Infinity });
		expect(result.diagnostics).toEqual([]);
		expect(result.scenario!.beats).toHaveLength(2_000 + OUTCOMES.length);
	});
});

describe('bench helpers', () => {
	it('takes the median of odd and even runs', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(() => median([])).toThrow();
	});

	it('takes percentiles by nearest rank', () => {
		const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
		expect(percentile(twenty, 50)).toBe(10);
		expect(percentile(twenty, 95)).toBe(19);
		expect(percentile(twenty, 100)).toBe(20);
		expect(percentile(twenty, 0)).toBe(1);
		expect(percentile([7], 95)).toBe(7);
		expect(percentile([1, 2, 3], 50)).toBe(2);
		expect(() => percentile([], 50)).toThrow();
	});

	it('reads the largest pre-GC heap size from --trace-gc output', () => {
		const trace = [
			'[1:0x1]  21 ms: Scavenge 3.1 (4.0) -> 2.6 (5.0) MB, 3.58 / 0.00 ms  allocation failure;',
			'[1:0x1]  38 ms: Mark-Compact 10.5 (12.6) -> 10.2 (12.6) MB, 11.62 / 0.00 ms  testing;',
			'BENCH-HEAP {"baseline":1,"end":2,"ok":true}'
		].join('\n');
		expect(peakFromTraceGc(trace)).toBe(10.5 * 1024 * 1024);
		expect(peakFromTraceGc('no collections')).toBe(0);
	});
});
