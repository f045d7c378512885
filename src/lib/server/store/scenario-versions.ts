import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from './lowdb/durable-file';

/**
 * Every scenario version an attempt was started on, kept by content hash, so an old attempt
 * still replays and shows correctly after its file changed or the server restarted. Versions
 * are written once and never change; they hold authored text only, no personal data.
 * With PostgreSQL, the store keeps them in a table keyed by hash instead (see `scenarioVersions`
 * in index.ts, which chooses).
 */
export interface ScenarioVersion {
	hash: string;
	scenarioId: string;
	file: string;
	source: string;
	savedAt: string;
}

export interface ScenarioVersionArchive {
	save(version: ScenarioVersion): Promise<void>;
	get(hash: string): Promise<ScenarioVersion | undefined>;
}

const HASH = /^[0-9a-f]{64}$/;

export class FileScenarioVersionArchive implements ScenarioVersionArchive {
	readonly #dir: string;
	readonly #known = new Set<string>();
	/** Saves in flight by hash: two attempts starting at once on one version share one write. */
	readonly #saving = new Map<string, Promise<void>>();
	constructor(dir: string) {
		this.#dir = dir;
	}

	save(version: ScenarioVersion): Promise<void> {
		if (!HASH.test(version.hash))
			return Promise.reject(new Error(`scenario versions: bad hash ${version.hash}`));
		if (this.#known.has(version.hash)) return Promise.resolve();
		let saving = this.#saving.get(version.hash);
		if (!saving) {
			saving = this.#write(version).finally(() => this.#saving.delete(version.hash));
			this.#saving.set(version.hash, saving);
		}
		return saving;
	}

	async #write(version: ScenarioVersion): Promise<void> {
		if (!(await this.get(version.hash))) {
			await mkdir(this.#dir, { recursive: true });
			await writeFileDurably(join(this.#dir, `${version.hash}.json`), JSON.stringify(version));
		}
		this.#known.add(version.hash);
	}

	async get(hash: string): Promise<ScenarioVersion | undefined> {
		if (!HASH.test(hash)) return undefined;
		try {
			const version = JSON.parse(
				await readFile(join(this.#dir, `${hash}.json`), 'utf-8')
			) as ScenarioVersion;
			return version.hash === hash ? version : undefined;
		} catch {
			return undefined;
		}
	}
}
