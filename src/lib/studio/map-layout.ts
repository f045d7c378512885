import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';
import { layoutBeats, type MapBeat, type MapLayout } from '$lib/scenarios/map-graph';

/**
 * The studio's map, laid out in the author's browser by the debrief map's own graph and ELK
 * options (`layoutBeats`, which switches to faster options for a large draft: see
 * `mapLayoutOptions`), with ELK in a Web Worker: a large draft still takes seconds to lay out,
 * more than a request should, and neither the editor nor the server waits for it. Loaded only
 * by the studio page.
 */
export async function layoutInWorker(beats: readonly MapBeat[]): Promise<MapLayout> {
	const elk = new ELK({ workerUrl });
	try {
		return await layoutBeats(elk, beats);
	} finally {
		elk.terminateWorker();
	}
}
