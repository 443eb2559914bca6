import type { Dispatcher } from 'undici';
import { upstreamError } from '../openai/errors.js';
import { transportError } from '../providers/upstream-http.js';
import { SseDecoder, type SseEvent } from './sse-decoder.js';

/**
 * Limits on what an upstream stream may make us hold: one event (the decoder buffers it until its
 * blank line, so a line that never ends would grow without bound) and the whole stream (the relay
 * assembles the answer for the receipt hash and the cache). Generous for real streams — providers
 * send small deltas — and fatal for a hostile or broken upstream instead of the process.
 */
export const MAX_SSE_EVENT_CHARS = 8 * 1024 * 1024;
export const MAX_UPSTREAM_STREAM_BYTES = 256 * 1024 * 1024;

/** An upstream SSE body → its events, with transport failures mapped to our errors. */
export async function* upstreamEvents(body: Dispatcher.ResponseData['body'], provider: string, timeoutMs: number): AsyncGenerator<SseEvent> {
  const decoder = new SseDecoder();
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > MAX_UPSTREAM_STREAM_BYTES) throw upstreamError(provider, `event stream exceeds ${MAX_UPSTREAM_STREAM_BYTES} bytes`, { retryable: false });
      for (const event of decoder.push(chunk as Buffer)) yield event;
      if (decoder.pendingChars > MAX_SSE_EVENT_CHARS) throw upstreamError(provider, `stream event exceeds ${MAX_SSE_EVENT_CHARS} characters`, { retryable: false });
    }
  } catch (err) {
    throw transportError(provider, err, timeoutMs);
  } finally {
    // Early exit (client gone, error thrown by the consumer): release the socket.
    if (!body.destroyed) body.destroy();
  }
  for (const event of decoder.end()) yield event;
}
