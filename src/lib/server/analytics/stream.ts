/**
 * A byte stream that asks for the next chunk only when the reader wants more, so an export of a
 * large cohort is produced one trainee at a time and never sits in memory as a whole. A reader
 * that goes away (a cancelled download) stops the producer too.
 */
export function streamOf(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const iterator = chunks[Symbol.asyncIterator]();
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				// Skip empty chunks (a trainee without attempts) without ending the stream.
				for (;;) {
					const next = await iterator.next();
					if (next.done) {
						controller.close();
						return;
					}
					if (next.value.length > 0) {
						controller.enqueue(encoder.encode(next.value));
						return;
					}
				}
			},
			async cancel() {
				await iterator.return?.();
			}
		},
		// Nothing is produced ahead of the reader.
		{ highWaterMark: 0 }
	);
}
