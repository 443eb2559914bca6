import type { UsageCounts } from '../openai/chat-response.js';
import type { PriceStamp } from './cost.js';

/** SPEC §6. No prompt or response text, ever. Money as decimal strings of stored µ-units. */

export type ServeMode = 'fresh' | 'exact_cache' | 'canonical_cache';
export type UsageSource = 'upstream' | 'replay' | 'estimated' | 'none';
export type BillingBasis = 'platform' | 'byok';

export interface Attempt {
  provider: string;
  model: string;
  status: number;
  error_code: string | null;
  latency_ms: number;
}

export interface UnsignedReceipt {
  object: 'receipt';
  schema_version: 1;
  id: string;
  request_id: string;
  created: string;
  team_id: string;
  project_id: string;
  key_id: string;
  environment: string;
  workload: string | null;
  tags: string[];
  model_requested: string;
  model_served: string | null;
  provider: string | null;
  provider_request_id: string | null;
  attempts: Attempt[];
  serve_mode: ServeMode;
  cache: { source_receipt_id: string | null; age_s: number | null; status: 'HIT' | 'MISS' | 'BYPASS' };
  usage_source: UsageSource;
  usage: UsageCounts;
  billing_basis: BillingBasis;
  price: PriceStamp | null;
  list_cost_inr: string;
  discount_inr: string;
  charged_inr: string;
  upstream_cost_usd: string;
  stream: boolean;
  ttft_ms: number | null;
  latency_ms: number;
  status: number;
  error_code: string | null;
  finish_reason: string | null;
  finish_reason_raw: string | null;
  request_hash: string | null;
  response_hash: string | null;
}

export interface SignedReceipt extends UnsignedReceipt {
  receipt_hash: string;
  signature: string;
  key_id_signing: string;
}

/** The fields a signature covers: everything but these three. */
export const SIGNATURE_FIELDS = ['receipt_hash', 'signature', 'key_id_signing'] as const;
