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

/** What may follow a stream's last event and still be read to keep the connection (normally just the end of the chunked body). */
export const MAX_TRAILING_BYTES = 64 * 1024;

const ignore = () => undefined;

/**
 * An upstream SSE body → its events, with transport failures mapped to our errors.
 *
 * `isLast` names the event after which the stream is over (OpenAI's `data: [DONE]`). A consumer
 * that stops right after it usually stops before the body's own end has been read (the last
 * chunk of a chunked body often arrives in a later packet); the rest is then drained in the
 * background instead of destroyed, so undici keeps the connection alive for the next call rather
 * than aborting the request and closing the socket. Any other early exit (the client left, an
 * error) destroys the body, which stops the upstream generating.
 */
export async function* upstreamEvents(
  body: Dispatcher.ResponseData['body'],
  provider: string,
  timeoutMs: number,
  isLast?: (event: SseEvent) => boolean,
): AsyncGenerator<SseEvent> {
  const decoder = new SseDecoder();
  let size = 0;
  let sawLast = false;
  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false })) {
      size += (chunk as Buffer).length;
      if (size > MAX_UPSTREAM_STREAM_BYTES) throw upstreamError(provider, `event stream exceeds ${MAX_UPSTREAM_STREAM_BYTES} bytes`, { retryable: false });
      for (const event of decoder.push(chunk as Buffer)) {
        if (isLast?.(event)) sawLast = true;
        yield event;
      }
      if (decoder.pendingChars > MAX_SSE_EVENT_CHARS) throw upstreamError(provider, `stream event exceeds ${MAX_SSE_EVENT_CHARS} characters`, { retryable: false });
    }
  } catch (err) {
    throw transportError(provider, err, timeoutMs);
  } finally {
    if (!body.destroyed) {
      if (sawLast) {
        body.dump({ limit: MAX_TRAILING_BYTES }).catch(ignore);
      } else {
        // Nobody reads the body any more: the abort error its destruction emits is our own doing.
        body.on('error', ignore);
        body.destroy();
      }
    }
  }
  for (const event of decoder.end()) yield event;
}
