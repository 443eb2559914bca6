import type { Choice, ChatCompletion, Usage } from '../openai/chat-response.js';
import { canonicalJson } from '../util/canonical-json.js';
import { sha256Tagged } from '../billing/receipt-signer.js';

/**
 * A stored answer. `payload` is exactly what a replay serves; `responseHash` is the hash of its
 * canonical JSON, which is also the `response_hash` on the source receipt — the signed anchor
 * that lets a replay prove it is the answer that receipt paid for.
 */

export type CacheKind = 'exact' | 'canonical';

export interface ReplayPayload {
  model: string;
  choices: Choice[];
  usage: Usage | null;
  system_fingerprint: string | null;
}

export interface CacheEntry {
  keyHash: string;
  kind: CacheKind;
  projectId: string;
  provider: string;
  modelId: string;
  canonicalRequest: string;
  payload: ReplayPayload;
  responseHash: string;
  sourceReceiptId: string;
  createdMs: number;
  expiresMs: number;
}

export function payloadOf(completion: ChatCompletion): ReplayPayload {
  return {
    model: completion.model,
    choices: completion.choices,
    usage: completion.usage ?? null,
    system_fingerprint: completion.system_fingerprint ?? null,
  };
}

export function payloadHash(payload: ReplayPayload): string {
  return sha256Tagged(canonicalJson(payload));
}

/** Rough in-memory size, for the LRU's byte budget. */
export function entrySize(entry: CacheEntry, payloadJson?: string): number {
  return entry.canonicalRequest.length * 2 + (payloadJson ?? JSON.stringify(entry.payload)).length * 2 + 256;
}
