// `npm run admin -- <command>`: see `USAGE` in admin/commands.ts and docs/operations.md.
import { runAdmin, type AdminIo } from './admin/commands';

/** Reads a line from the terminal without echoing it. */
function askPassword(prompt: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const stdin = process.stdin;
		process.stdout.write(prompt);
		let typed = '';
		stdin.setRawMode(true);
		stdin.resume();
		stdin.setEncoding('utf-8');
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n') {
					finish();
					resolve(typed);
					return;
				}
				if (ch === '\u0003') {
					finish();
					reject(new Error('Cancelled.'));
					return;
				}
				if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
				else typed += ch;
			}
		};
		const finish = () => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			process.stdout.write('\n');
		};
		stdin.on('data', onData);
	});
}

const io: AdminIo = {
	out: (line) => console.log(line),
	err: (line) => console.error(line),
	askPassword: process.stdin.isTTY ? askPassword : undefined,
	env: process.env
};

process.exitCode = await runAdmin(process.argv.slice(2), io);
