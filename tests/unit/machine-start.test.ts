import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartError, toMachineConfig } from '../../src/lib/machines/config';
import { replay } from '../../src/lib/machines/replay';
import { createScenarioMachine } from '../../src/lib/machines/scenario-machine';
import { compileScenario } from '../../src/lib/scenarios';

/**
 * Starting the machine at a beat with meters and flags set by hand (the studio's preview and
 * `rapport-scenarios play --from`): the same states, guards and actions as play from the start.
 */

const FLAGS = join(__dirname, '..', 'scenarios', 'samples', 'valid-memory-flags', 'input.md');
const scenario = compileScenario(readFileSync(FLAGS, 'utf8'), 'valid-memory-flags.md').scenario!;

describe('toMachineConfig with a start', () => {
	it('without one, and with an empty one, gives the config normal play and replay use', () => {
		const normal = toMachineConfig(scenario);
		expect(normal.initial).toBe('weekend');
		expect((normal.context as { meters: object }).meters).toEqual({ trust: 1 });
		expect((normal.context as { flags: string[] }).flags).toEqual([]);
		expect(toMachineConfig(scenario, {})).toEqual(normal);
		expect(toMachineConfig(scenario, { beat: scenario.start })).toEqual(normal);
	});

	it('starts at the beat, with the meters and flags given, and plays on by the same rules', () => {
		const config = toMachineConfig(scenario, {
			beat: 'middle',
			meters: { trust: 2 },
			flags: ['asked-directly', 'minimised-risk']
		});
		const machine = createScenarioMachine(config);
		const start = replay(machine, []);
		expect(start.beat).toBe('middle');
		expect(start.path).toEqual(['middle']);
		expect(start.meters).toEqual({ trust: 2 });
		expect(start.flags).toEqual(['asked-directly', 'minimised-risk']);
		// The flag opens the repair and closes the open question, as the condition says.
		expect(start.available).toEqual(['middle.1', 'middle.3']);
		// The prose variant for the flag showed (index 0 of the beat's prose).
		expect(start.visits[0]).toEqual({ beat: 'middle', prose: [0] });
		const done = replay(machine, ['middle.1']);
		expect(done.status).toBe('done');
		expect(done.path).toEqual(['middle', 'close', 'heard']);
		expect(done.flags).toEqual(['asked-directly']);
		expect(done.total).toBe(1);
		expect(done.output?.ending).toBe('heard');
	});

	it('with a low meter, the route at the next beat goes the other way', () => {
		const machine = createScenarioMachine(
			toMachineConfig(scenario, { beat: 'middle', meters: { trust: 0 }, flags: ['asked-directly'] })
		);
		const done = replay(machine, ['middle.2']);
		expect(done.path).toEqual(['middle', 'close', 'unheard']);
	});

	it('starting at an ending ends at once', () => {
		const done = replay(createScenarioMachine(toMachineConfig(scenario, { beat: 'heard' })), []);
		expect(done.status).toBe('done');
		expect(done.output?.ending).toBe('heard');
	});

	it.each([
		[{ beat: 'nowhere' }, 'no such beat `nowhere`'],
		[{ meters: { warmth: 1 } }, 'no such meter `warmth` (this scenario has trust)'],
		[{ meters: { trust: 4 } }, 'trust runs from 0 to 3, not 4'],
		[{ meters: { trust: 1.5 } }, 'trust runs from 0 to 3, not 1.5'],
		[{ flags: ['brave'] }, 'no such flag `brave`']
	])('refuses %j with a StartError', (from, message) => {
		expect(() => toMachineConfig(scenario, from)).toThrow(StartError);
		expect(() => toMachineConfig(scenario, from)).toThrow(message);
	});
});
