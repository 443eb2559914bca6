import type { Dispatcher } from 'undici';
import { upstreamError } from '../openai/errors.js';
import { MAX_UPSTREAM_BODY_BYTES, transportError } from '../providers/upstream-http.js';
import { SseDecoder, type SseEvent } from './sse-decoder.js';

/**
 * An upstream SSE body → its events, with transport failures mapped to our errors. A stream is
 * held to the same size limit as a JSON answer: the decoder buffers an unfinished line and the
 * relay assembles the whole answer (for the receipt hash and the cache), so an upstream that never
 * stops (or never ends a line) must not be able to exhaust memory.
 */
export async function* upstreamEvents(body: Dispatcher.ResponseData['body'], provider: string, timeoutMs: number, limit = MAX_UPSTREAM_BODY_BYTES): AsyncGenerator<SseEvent> {
  const decoder = new SseDecoder();
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > limit) throw upstreamError(provider, `event stream exceeds ${limit} bytes`, { retryable: false });
      for (const event of decoder.push(chunk as Buffer)) yield event;
    }
  } catch (err) {
    throw transportError(provider, err, timeoutMs);
  } finally {
    // Early exit (client gone, error thrown by the consumer): release the socket.
    if (!body.destroyed) body.destroy();
  }
  for (const event of decoder.end()) yield event;
}
