import OpenAI from 'openai';
import { request } from 'undici';
import type { TestGateway } from '../../support/test-gateway.js';

/**
 * Helpers shared by the reliability suites: an official-SDK client, the same request on the raw
 * wire (to check the exact SSE frames the SDK hides), receipt lookups.
 */

export function sdkClient(tg: TestGateway, key = tg.projectKey, timeoutMs = 15_000): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: `${tg.baseUrl}/v1`, maxRetries: 0, timeout: timeoutMs });
}

/** The same request without the SDK: status, headers and the whole body as the wire carried it. */
export async function rawPost(tg: TestGateway, path: string, body: unknown, key = tg.projectKey): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const res = await request(`${tg.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** The receipt as GET /v1/receipts/{id} serves it. */
export interface ReceiptView {
  id: string;
  status: number;
  error_code: string | null;
  charged_inr: string;
  list_cost_inr: string;
  finish_reason: string | null;
  serve_mode: string;
  stream: boolean;
  tags: string[];
  project_id: string;
  attempts: Array<{ provider: string; model: string; status: number; error_code: string | null; latency_ms: number }>;
  cache: { source_receipt_id: string | null };
  receipt_hash: string;
  signature: string;
  key_id_signing: string;
  [field: string]: unknown;
}

export async function fetchReceipt(tg: TestGateway, id: string, key = tg.projectKey): Promise<{ status: number; receipt: ReceiptView }> {
  const res = await fetch(`${tg.baseUrl}/v1/receipts/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, receipt: (await res.json()) as ReceiptView };
}

/** `data: …` payloads of an SSE body, in order. */
export function sseData(raw: string): string[] {
  return raw
    .split(/\r?\n\r?\n/)
    .map((frame) => frame.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n'))
    .filter((d) => d.length > 0);
}

export function isOpenAIErrorBody(value: unknown): value is { error: { message: string; type: string; param: string | null; code: string | null } } {
  if (!value || typeof value !== 'object') return false;
  const error = (value as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return false;
  const e = error as Record<string, unknown>;
  return typeof e.message === 'string' && e.message.length > 0 && typeof e.type === 'string' && 'param' in e && 'code' in e;
}
