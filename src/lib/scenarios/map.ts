import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutBeats, markPath, type MapLayout, type MapPath } from './map-graph';
import type { Scenario } from './types';

export * from './map-graph';

/**
 * The debrief's map, laid out on the server: the page gets plain coordinates and draws them, so
 * the map works without JavaScript and no layout code ships to the player.
 */

/** The scenario's graph laid out by ELK, nothing marked (see `layoutBeats`). */
export function layoutScenarioMap(scenario: Scenario): Promise<MapLayout> {
	// A fresh instance per call: the bundled build runs in-process, and nothing is shared.
	return layoutBeats(new ELK(), scenario.beats);
}

export async function mapLayout(
	scenario: Scenario,
	taken: MapPath = { path: [], decisions: [] }
): Promise<MapLayout> {
	return markPath(await layoutScenarioMap(scenario), taken);
}
