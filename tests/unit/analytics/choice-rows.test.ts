import { describe, expect, it } from 'vitest';
import {
	CHOICE_COLUMNS,
	choiceHeader,
	choiceRows
} from '../../../src/lib/server/analytics/choice-rows';
import { compileVersion, eventsOf, playedAttempt, SOURCE_A } from './fixtures';

const A = compileVersion(SOURCE_A);

function parse(line: string) {
	const cells = line.replace(/\r\n$/, '').split(',');
	return Object.fromEntries(CHOICE_COLUMNS.map((c, i) => [c, cells[i]]));
}

describe('choiceRows', () => {
	it('writes one row per choice event, rewound ones marked, by pseudonym', () => {
		const attempt = playedAttempt(A, ['opening.own'], { userId: 'u1', mode: 'practice' });
		const text = choiceRows({
			cohortId: 'c1',
			pseudonym: 'p-xyz',
			attempt,
			events: eventsOf(attempt, ['opening.push', 'rewind', 'opening.own']),
			version: A,
			mark: { value: 70, from: 'scenario' }
		});
		const lines = text.split(/(?<=\r\n)/);
		expect(lines).toHaveLength(2);
		const [pushed, owned] = lines.map(parse);
		expect(pushed).toMatchObject({
			cohort: 'c1',
			trainee: 'p-xyz',
			mode: 'practice',
			scenario: 'coat',
			version: A.scenario.hash,
			seq: '1',
			beat: 'opening',
			choice: 'opening.push',
			rewound: 'true',
			verdict: 'unhelpful',
			tags: 'you-statement;push-on',
			'delta:i-statements': '-2',
			'delta:trust-respect': '-1',
			'delta:safe-space': ''
		});
		expect(owned).toMatchObject({ seq: '3', rewound: 'false', 'delta:safe-space': '2' });
		expect(text).not.toContain('u1');
	});

	it('has a header naming every column', () => {
		expect(choiceHeader()).toBe(CHOICE_COLUMNS.join(',') + '\r\n');
		expect(CHOICE_COLUMNS).toContain('delta:refer-on');
	});
});
