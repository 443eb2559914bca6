import type { Attempt, BillingBasis, ServeMode, UnsignedReceipt, UsageSource } from '../billing/receipt.js';
import type { PriceStamp } from '../billing/cost.js';
import { formatMicro } from '../billing/money.js';
import type { UsageCounts } from '../openai/chat-response.js';
import type { Reservation } from '../spend/budget-ledger.js';
import type { RateLimitSnapshot } from '../spend/rate-limiter.js';
import type { SpendScope } from '../spend/spend-scopes.js';

/**
 * What a request has learned about itself on the way through the pipeline; `toReceipt()` turns
 * it into the unsigned receipt. Mutable on purpose: one object per request, filled step by step.
 */
export class ReceiptDraft {
  modelServed: string | null = null;
  provider: string | null = null;
  providerRequestId: string | null = null;
  attempts: Attempt[] = [];
  serveMode: ServeMode = 'fresh';
  cacheStatus: 'HIT' | 'MISS' | 'BYPASS' = 'BYPASS';
  sourceReceiptId: string | null = null;
  cacheAgeS: number | null = null;
  usageSource: UsageSource = 'none';
  usage: UsageCounts = { prompt: 0, completion: 0, cached: 0, reasoning: 0, total: 0 };
  billingBasis: BillingBasis = 'platform';
  price: PriceStamp | null = null;
  listCostUinr = 0;
  discountUinr = 0;
  chargedUinr = 0;
  upstreamCostUusd = 0;
  ttftMs: number | null = null;
  status = 200;
  errorCode: string | null = null;
  finishReason: string | null = null;
  finishReasonRaw: string | null = null;
  requestHash: string | null = null;
  responseHash: string | null = null;
  /** Budget scopes (key, project, team) and the worst-case reservation held, settled with the receipt. */
  spendScopes: SpendScope[] = [];
  reservation: Reservation | null = null;
  /** The tightest rate limit's state, for the x-ratelimit-* headers. */
  rateLimit: RateLimitSnapshot | null = null;

  constructor(
    readonly id: string,
    readonly requestId: string,
    readonly startedAt: number,
    readonly scope: { teamId: string; projectId: string; keyId: string; environment: string; workload: string | null; tags: string[] },
    modelRequested: string,
    readonly stream: boolean,
  ) {
    // The client's model string lands in an indexed text column; PostgreSQL text cannot hold NUL.
    this.modelRequested = modelRequested.replace(/\u0000/g, '\uFFFD');
  }

  readonly modelRequested: string;

  toReceipt(now = Date.now()): UnsignedReceipt {
    return {
      object: 'receipt',
      schema_version: 1,
      id: this.id,
      request_id: this.requestId,
      created: new Date(this.startedAt).toISOString(),
      team_id: this.scope.teamId,
      project_id: this.scope.projectId,
      key_id: this.scope.keyId,
      environment: this.scope.environment,
      workload: this.scope.workload,
      tags: this.scope.tags,
      model_requested: this.modelRequested,
      model_served: this.modelServed,
      provider: this.provider,
      provider_request_id: this.providerRequestId,
      attempts: this.attempts,
      serve_mode: this.serveMode,
      cache: { source_receipt_id: this.sourceReceiptId, age_s: this.cacheAgeS, status: this.cacheStatus },
      usage_source: this.usageSource,
      usage: this.usage,
      billing_basis: this.billingBasis,
      price: this.price,
      list_cost_inr: formatMicro(this.listCostUinr),
      discount_inr: formatMicro(this.discountUinr),
      charged_inr: formatMicro(this.chargedUinr),
      upstream_cost_usd: formatMicro(this.upstreamCostUusd),
      stream: this.stream,
      ttft_ms: this.ttftMs,
      latency_ms: Math.max(0, now - this.startedAt),
      status: this.status,
      error_code: this.errorCode,
      finish_reason: this.finishReason,
      finish_reason_raw: this.finishReasonRaw,
      request_hash: this.requestHash,
      response_hash: this.responseHash,
    };
  }
}
