// Server-Sent Events from an async iterable: one `data:` JSON event per item, then `end` (the source finished) or
// `error` (it failed); the client's EventSource reconnects after either.
const enc = new TextEncoder();

function frame(data: unknown, event?: string): Uint8Array {
  return enc.encode(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}

export function eventStream(items: AsyncIterable<unknown>, signal: AbortSignal): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for await (const item of items) controller.enqueue(frame(item));
        controller.enqueue(frame({}, 'end'));
      } catch (err) {
        if (!signal.aborted) controller.enqueue(frame({ message: (err as Error).message }, 'error'));
      }
      try {
        controller.close();
      } catch {
        // already closed by the client going away
      }
    },
  });
}

/** An event stream that ends at once: nothing to follow now (the client tries again later). */
export function endedStream(): ReadableStream<Uint8Array> {
  return eventStream((async function* () {})(), new AbortController().signal);
}

/**
 * Nothing to follow yet because the instance has not been made on its engine: says so (`waiting`), then ends (the
 * client tries again later). Distinct from `error`, which a browser shows as a lost connection.
 */
export function waitingStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(frame({}, 'waiting'));
      controller.enqueue(frame({}, 'end'));
      controller.close();
    },
  });
}
