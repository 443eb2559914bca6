import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { invalidRequest } from '../openai/errors.js';
import { zodToGatewayError } from '../openai/parse-chat-request.js';

/**
 * Bodies arrive as raw bytes (app.ts keeps them so); admin and helper endpoints parse them here:
 * an empty body is `{}`, invalid JSON a 400, schema failures a 400 naming the field.
 */
export function jsonBody(request: FastifyRequest): unknown {
  const raw = request.body as Buffer | undefined;
  if (!raw || raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidRequest('Request body is not valid JSON.');
  }
}

export function parseBody<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const result = schema.safeParse(jsonBody(request));
  if (!result.success) throw zodToGatewayError(result.error);
  return result.data;
}
