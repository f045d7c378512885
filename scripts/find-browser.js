// Finds the Chromium the end-to-end tests drive. We never download Playwright's own browser
// builds: the tests run on the distribution's Chromium, which a fresh Debian machine can get
// from apt. Run directly (`node scripts/find-browser.js`) it prints the path it would use.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const browserEnvNames = ['CHROMIUM_PATH', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH'];
const browserCommands = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const installHint =
	'Install Chromium (Debian/Ubuntu: `sudo apt-get install -y chromium`) ' +
	'or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/** @param {string} file */
function isExecutable(file) {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** @param {string} command */
export function findOnPath(command) {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (dir && isExecutable(join(dir, command))) return join(dir, command);
	}
	return undefined;
}

/**
 * @param {{ install?: boolean, log?: (line: string) => void }} [options]
 * @returns {{ path: string } | { error: string }}
 */
export function findBrowser({ install = true, log = console.log } = {}) {
	for (const name of browserEnvNames) {
		const path = process.env[name];
		if (!path) continue;
		// A wrong explicit path is a mistake to report, not a reason to quietly use another browser.
		if (isExecutable(path)) return { path };
		return { error: `${name}=${path} is not an executable file. ${installHint}` };
	}
	for (const command of browserCommands) {
		const path = findOnPath(command);
		if (path) return { path };
	}
	const isRoot = process.getuid?.() === 0;
	if (install && isRoot && findOnPath('apt-get')) {
		log('No Chromium found; installing it: apt-get update && apt-get install -y chromium');
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		for (const args of [['update'], ['install', '-y', 'chromium']]) {
			const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
			if (result.status !== 0) {
				return { error: `apt-get ${args.join(' ')} failed. ${installHint}` };
			}
		}
		const path = findOnPath('chromium');
		if (path) return { path };
	}
	return { error: `No Chromium found on the PATH. ${installHint}` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const found = findBrowser({ install: process.argv.includes('--install') });
	if ('path' in found) {
		console.log(found.path);
	} else {
		console.error(found.error);
		process.exitCode = 1;
	}
}
