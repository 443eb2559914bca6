import OpenAI from 'openai';
import type { TestGateway } from '../../support/test-gateway.js';

/**
 * Helpers shared by the reliability suites: an official-SDK client that also keeps the raw bytes
 * of the last response (to check the exact SSE frames the SDK hides), receipt lookups, and a
 * process-memory probe.
 */

export interface RecordingClient {
  client: OpenAI;
  /** Raw text of the most recent response body (awaits the rest of it). */
  lastRawBody(): Promise<string>;
}

export function recordingClient(tg: TestGateway, key = tg.projectKey, timeoutMs = 15_000): RecordingClient {
  let last: Response | null = null;
  const client = new OpenAI({
    apiKey: key,
    baseURL: `${tg.baseUrl}/v1`,
    maxRetries: 0,
    timeout: timeoutMs,
    fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
      const res = await fetch(url, init);
      last = res.clone();
      return res;
    },
  });
  return {
    client,
    lastRawBody: async () => (last ? last.text() : ''),
  };
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
