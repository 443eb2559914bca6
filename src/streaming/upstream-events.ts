import type { Dispatcher } from 'undici';
import { transportError } from '../providers/upstream-http.js';
import { SseDecoder, type SseEvent } from './sse-decoder.js';

/** An upstream SSE body → its events, with transport failures mapped to our errors. */
export async function* upstreamEvents(body: Dispatcher.ResponseData['body'], provider: string, timeoutMs: number): AsyncGenerator<SseEvent> {
  const decoder = new SseDecoder();
  try {
    for await (const chunk of body) {
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
