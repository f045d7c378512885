import { createTransport } from 'nodemailer';

/**
 * Outgoing mail, the one place Rapport sends any: through the SMTP server named by `SMTP_URL`
 * (`smtp://user:password@mail.example.org:587`, or `smtps://` for TLS from the start), from
 * `MAIL_FROM`. Without `SMTP_URL` nothing is sent and callers show the same information on a
 * page instead. A transport is opened for each batch and closed after it, so nothing is held
 * between sends.
 */

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

export interface MailSettings {
	url: string;
	from: string;
}

export interface MailReport {
	sent: string[];
	/** Addresses not sent to, each with the reason. */
	failed: { to: string; error: string }[];
}

/** The mail settings, or undefined when `SMTP_URL` is not set (mail is off). */
export function mailSettings(
	env: Record<string, string | undefined> = process.env
): MailSettings | undefined {
	const url = env.SMTP_URL?.trim();
	if (!url) return undefined;
	return { url, from: env.MAIL_FROM?.trim() || 'Rapport <rapport@localhost>' };
}

// Errors that mean the server cannot be reached at all: the rest of a batch would fail alike.
const UNREACHABLE = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH']);

/**
 * Sends each message, one at a time over one connection. Never throws for a message that could
 * not be sent: the report lists it. When the server cannot be reached, the remaining messages
 * are reported as failed with the same reason instead of each waiting for its own timeout.
 */
export async function sendMails(
	settings: MailSettings,
	mails: readonly Mail[]
): Promise<MailReport> {
	const report: MailReport = { sent: [], failed: [] };
	if (mails.length === 0) return report;
	const transport = createTransport(
		{
			url: settings.url,
			pool: true,
			maxConnections: 1,
			connectionTimeout: 10_000,
			greetingTimeout: 10_000,
			socketTimeout: 30_000
		},
		{ from: settings.from }
	);
	try {
		for (let i = 0; i < mails.length; i++) {
			const mail = mails[i];
			try {
				await transport.sendMail(mail);
				report.sent.push(mail.to);
			} catch (e) {
				const error = e instanceof Error ? e.message : String(e);
				report.failed.push({ to: mail.to, error });
				if (UNREACHABLE.has((e as { code?: string }).code ?? '')) {
					for (const rest of mails.slice(i + 1)) report.failed.push({ to: rest.to, error });
					break;
				}
			}
		}
	} finally {
		transport.close();
	}
	return report;
}
