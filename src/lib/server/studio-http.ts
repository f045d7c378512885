import { error } from '@sveltejs/kit';
import { StudioError } from './studio';

/**
 * For the studio's loads and downloads: runs `work`, turning a refusal (`StudioError`: no such
 * draft, not yours, no such revision) into the HTTP error it stands for.
 */
export async function orHttpError<T>(work: () => T | Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (e) {
		if (e instanceof StudioError) error(e.status, e.message);
		throw e;
	}
}
