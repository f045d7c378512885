import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playStrategy, STRATEGIES, type Strategy } from '../../src/lib/scenarios/lints';
import type { Beat, Scenario } from '../../src/lib/scenarios/types';
import { LIBRARY, libraryScenarios } from '../scenarios/walk';

/**
 * The library's second edition (issue 12), asserted from the compiled files: no rule that ignores
 * the client's words passes, the best path ends well, and the critical actions the clinical review
 * asked for are declared and can be met.
 */

const library = libraryScenarios().map(({ name, result }) => {
	if (!result.scenario || !result.analysis) throw new Error(`${name} does not compile`);
	return { name, scenario: result.scenario, analysis: result.analysis };
});
const byId = (id: string) => library.find((l) => l.scenario.id === id);

/** Where the review (../shared/reference/content-review.md) asked for a critical action. */
const REQUIRED_CRITICAL: Record<string, string[]> = {
	'the-missed-sessions': ['ask-about-risk', 'explore-risk'],
	'coat-still-on': ['ask-about-risk'],
	'the-waiting-list': ['ask-about-risk'],
	'just-tell-me-what-to-do': ['ask-about-risk'],
	'family-session': ['explain-confidentiality']
};

/** A decision after which every choice leads straight (through routes) to an ending. */
function closingDecisions(scenario: Scenario): Beat[] {
	const beats = new Map(scenario.beats.map((b) => [b.id, b]));
	const endsAt = (id: string, seen = new Set<string>()): boolean => {
		const b = beats.get(id)!;
		if (b.kind === 'ending') return true;
		if (b.kind !== 'route' || seen.has(id)) return false;
		seen.add(id);
		return b.routes.every((r) => endsAt(r.target, seen));
	};
	return scenario.beats.filter(
		(b) => b.kind === 'decision' && b.choices.every((c) => endsAt(c.target))
	);
}

describe('the library, second edition', () => {
	it('has eighteen scenarios or more', () => {
		expect(library.length).toBeGreaterThanOrEqual(18);
	});

	it.each(library.map((l) => [l.name, l] as const))(
		'%s: no surface strategy reaches the pass mark',
		(_, { scenario, analysis }) => {
			const passing = (Object.keys(STRATEGIES) as Strategy[])
				.map((s) => playStrategy(scenario, analysis, s))
				.filter((r) => r.passed)
				.map((r) => `${r.strategy} scores ${r.normalised}`);
			expect(passing).toEqual([]);
		}
	);

	it.each(library.map((l) => [l.name, l] as const))(
		'%s: the best-scoring paths end at a top ending',
		(_, { scenario, analysis }) => {
			const outcomes = analysis.bestTotalEndings.map(
				(id) => scenario.beats.find((b) => b.id === id)!.outcome
			);
			expect(outcomes.length).toBeGreaterThan(0);
			// A referral is the top ending where the right outcome is a better-suited service.
			for (const o of outcomes) expect(['strengthened', 'referred']).toContain(o);
		}
	);

	it.each(library.map((l) => [l.name, l] as const))(
		'%s: declares how the client rates the session',
		(name) => {
			// Declared, not defaulted: every library client has a rating style chosen for them.
			const front = readFileSync(join(LIBRARY, name), 'utf8').split(/^---$/m)[1];
			expect(front).toMatch(/^rating_style: (candid|deferential|guarded)$/m);
		}
	);

	it('declares every critical action the review asked for, where a choice can meet it, capped below the pass mark', () => {
		for (const [id, actions] of Object.entries(REQUIRED_CRITICAL)) {
			const l = byId(id);
			expect(l, id).toBeDefined();
			for (const action of actions) {
				const declared = l!.scenario.critical[action];
				expect(declared, `${id}: ${action}`).toBeDefined();
				expect(declared.cap, `${id}: ${action}`).toBeLessThan(l!.scenario.pass);
				expect(l!.analysis.critical[action].beats.length, `${id}: ${action}`).toBeGreaterThan(0);
			}
		}
	});

	it('masks: at least three clients rate in a style other than candid', () => {
		const styles = library.map((l) => l.scenario.ratingStyle);
		expect(styles.filter((s) => s !== 'candid').length).toBeGreaterThanOrEqual(3);
	});

	it('closes no more than four scenarios on an end-of-session check-in decision', () => {
		const checkIn = library.filter((l) =>
			closingDecisions(l.scenario).some((b) => b.choices.some((c) => c.tags.includes('check-in')))
		);
		expect(checkIn.map((l) => l.scenario.id).length).toBeLessThanOrEqual(4);
	});

	it('teaches directive skill too: information with permission, risk questions and reflections are helpful somewhere', () => {
		const helpfulWith = (tag: string) =>
			library.filter((l) =>
				l.scenario.beats.some((b) =>
					b.choices.some((c) => c.tags.includes(tag) && c.verdict === 'helpful')
				)
			).length;
		expect(helpfulWith('information')).toBeGreaterThanOrEqual(2);
		expect(helpfulWith('risk-question')).toBeGreaterThanOrEqual(4);
		expect(helpfulWith('closed-question')).toBeGreaterThanOrEqual(4);
		expect(helpfulWith('reflection')).toBeGreaterThanOrEqual(6);
	});
});
