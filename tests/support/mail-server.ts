// A real SMTP server for tests (the smtp-server package), on a free local port: the app under
// test sends to it through SMTP_URL as it would to a production mail server, and the test reads
// what arrived.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	to: string[];
	/** Headers and body as sent, with the body's quoted-printable encoding undone. */
	text: string;
}

export interface MailServer {
	url: string;
	received: ReceivedMail[];
	close(): Promise<void>;
}

function decodeQuotedPrintable(raw: string): string {
	const bytes = Buffer.from(raw.replace(/=\r?\n/g, ''), 'latin1');
	const out: number[] = [];
	for (let i = 0; i < bytes.length; i++) {
		const hex = bytes.toString('latin1', i + 1, i + 3);
		if (bytes[i] === 0x3d && /^[0-9A-F]{2}$/.test(hex)) {
			out.push(parseInt(hex, 16));
			i += 2;
		} else out.push(bytes[i]);
	}
	return Buffer.from(out).toString('utf8');
}

export async function startMailServer(): Promise<MailServer> {
	const received: ReceivedMail[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push({
					to: session.envelope.rcptTo.map((r) => r.address),
					text: decodeQuotedPrintable(Buffer.concat(chunks).toString('latin1'))
				});
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.server.address() as AddressInfo;
	return {
		url: `smtp://127.0.0.1:${port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}
