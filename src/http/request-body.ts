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
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalidRequest('Request body is not valid JSON.');
  }
  // Admin values end up in text columns, and PostgreSQL text cannot hold NUL.
  if (containsNul(json, 0)) throw invalidRequest('Request body must not contain NUL characters.');
  return json;
}

function containsNul(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  for (const [k, v] of Object.entries(value)) if (k.includes('\u0000') || containsNul(v, depth + 1)) return true;
  return false;
}

export function parseBody<T>(schema: z.ZodType<T>, request: FastifyRequest): T {
  const result = schema.safeParse(jsonBody(request));
  if (!result.success) throw zodToGatewayError(result.error);
  return result.data;
}
