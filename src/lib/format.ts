/**
 * How dates are written on every page. One place so they all read alike, and a fixed locale
 * (not the browser's) so the server-rendered HTML and the page after hydration show the same text.
 */

/** A day, for example "5 Mar 2025". */
export function formatDate(iso: string): string {
	return new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' });
}

/** A day and time of day, for example "5 Mar 2025, 14:30". */
export function formatDateTime(iso: string): string {
	return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}
