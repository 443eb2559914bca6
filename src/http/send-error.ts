import type { FastifyReply } from 'fastify';
import type { GatewayError } from '../openai/errors.js';

/** The one place an error becomes an HTTP response (OpenAI's body, retry headers). */
export function sendError(reply: FastifyReply, error: GatewayError, extraHeaders: Record<string, string> = {}): FastifyReply {
  reply.code(error.status).headers(extraHeaders);
  if (error.retryAfterSeconds !== undefined) {
    reply.header('retry-after', String(error.retryAfterSeconds));
    reply.header('retry-after-ms', String(error.retryAfterSeconds * 1000));
  }
  // 402 and other non-retryable states: tell the official SDKs not to retry (they honour this header).
  if (!error.retryable && (error.status === 402 || error.status === 409 || error.status === 429)) reply.header('x-should-retry', 'false');
  return reply.type('application/json; charset=utf-8').send(error.toBody());
}
