import type { CompileResult } from '../../scenarios/types';

/** What the server asks the compile worker thread. */
export interface CompileRequest {
	id: number;
	source: string | Uint8Array;
	file: string;
}

/**
 * What the compile worker thread answers: the compiler's result, or why it threw. It also says
 * `'ready'` once, when its code has loaded.
 */
export type CompileReply = { id: number; result: CompileResult } | { id: number; error: string };
