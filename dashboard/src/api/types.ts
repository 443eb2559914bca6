/** The shapes of the gateway responses the dashboard reads (SPEC §4, §6, §7, §9, §10). */

export interface SessionKey {
  id: string;
  kind: 'admin' | 'project';
  name: string;
  display: string;
  project: { id: string; name: string; team_id: string } | null;
}

export interface Session {
  key: SessionKey;
  csrf_token: string;
}

export interface Sums {
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  list_cost_inr: string;
  charged_inr: string;
  saved_by_cache_inr: string;
}

export type GroupBy = 'key' | 'project' | 'team' | 'model' | 'provider' | 'environment' | 'workload' | 'serve_mode' | 'day';

export interface UsageRow extends Sums {
  group: string | null;
  name?: string | null;
}

export interface UsageReport {
  group_by: GroupBy;
  from: string | null;
  to: string | null;
  data: UsageRow[];
  totals: Sums;
}

export interface Budget {
  daily_inr: string | null;
  monthly_inr: string | null;
  mode: 'hard' | 'soft';
}

export interface RateLimit {
  rpm?: number | null;
  tpm?: number | null;
}

export interface SpendPair {
  today_inr: string;
  month_inr: string;
}

export interface KeyInfo {
  id: string;
  kind: 'admin' | 'project';
  name: string;
  display: string;
  environment?: string;
  workload?: string | null;
  project?: { id: string; name: string };
  team?: { id: string; name: string | null };
  budgets?: { key: Budget | null; project: Budget | null; team: Budget | null };
  spend?: { key: SpendPair; project: SpendPair; team: SpendPair };
}

export interface Attempt {
  provider: string;
  model: string;
  status: number;
  error_code: string | null;
  latency_ms: number;
}

export interface Receipt {
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
  attempts: Attempt[];
  serve_mode: 'fresh' | 'exact_cache' | 'canonical_cache';
  cache: { source_receipt_id: string | null; age_s: number | null; status?: string };
  usage_source: string;
  usage: { prompt: number; completion: number; cached: number; reasoning: number; total: number };
  billing_basis: string;
  price: { usd_inr?: number } | null;
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
  receipt_hash: string;
  signature: string;
  key_id_signing: string;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  has_more?: boolean;
}

export interface PublicKey {
  id: string;
  alg: 'Ed25519';
  public_key_pem: string;
  active: boolean;
}

export interface Capabilities {
  tools: boolean;
  json_object: boolean;
  json_schema: boolean;
  vision: boolean;
  streaming: boolean;
  reasoning: boolean;
}

export interface Model {
  id: string;
  provider: string;
  source_region: 'global' | 'china';
  status: 'active' | 'deprecated' | 'retired';
  replacement: string | null;
  context_window: number | null;
  max_output_tokens: number | null;
  capabilities: Capabilities;
  workloads: string[];
  latency_estimate: { ttft_ms_p50: number | null; total_ms_p50: number | null };
  sources: string[];
  as_of: string;
  pricing: {
    input_usd_per_mtok: number | null;
    output_usd_per_mtok: number | null;
    cached_input_usd_per_mtok: number | null;
    input_inr_per_mtok: number | null;
    output_inr_per_mtok: number | null;
    cached_input_inr_per_mtok: number | null;
    usd_inr: number;
  };
}

export interface Team {
  id: string;
  name: string;
  gstin: string | null;
  state_code: string | null;
  budget: Budget | null;
}

export interface Project {
  id: string;
  team_id: string;
  name: string;
  budget: Budget | null;
  rate_limit: RateLimit | null;
}

export interface ApiKey {
  id: string;
  kind: 'admin' | 'project';
  project_id: string | null;
  name: string;
  environment: string;
  workload: string | null;
  display: string;
  budget: Budget | null;
  rate_limit: RateLimit | null;
  created: string;
  revoked: string | null;
}

export interface CreatedKey extends ApiKey {
  key: string;
}

export interface RouteEntry {
  name: string;
  policy: Record<string, unknown>;
  source: 'project' | 'config';
}

export interface AuditEntry {
  seq: number;
  created: string;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}

export interface MoneyPair {
  inr: string;
  usd: string;
}

export interface CompareCandidate {
  id: string;
  provider: string;
  source_region: 'global' | 'china';
  status: 'active' | 'deprecated' | 'retired';
  capabilities: Capabilities;
  context_window: number | null;
  fits: { all: boolean; context: boolean | null; tools: boolean; json: boolean; vision: boolean; streaming: boolean; provider_configured: boolean };
  reasons: string[];
  tokens: { prompt_tokens: number; prompt_source: 'tokenized' | 'given'; estimated: boolean; estimate_reason: string | null; output_tokens: number };
  cost: { list_per_request: MoneyPair; fresh: { per_request: MoneyPair; total: MoneyPair }; exact_cache: { per_request: MoneyPair; total: MoneyPair } } | null;
  latency: { origin: 'measured' | 'catalog' | null; ttft_ms_p50: number | null; total_ms_p50: number | null };
  workload: { requested: string | null; fits: boolean | null; model_workloads: string[] };
}

export interface CompareResult {
  requests: number;
  prompt: { tokens: number; source: 'tokenized' | 'given' };
  output_tokens: number;
  cheapest_fit: string | null;
  candidates: CompareCandidate[];
}
