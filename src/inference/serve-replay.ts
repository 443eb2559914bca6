import type { CatalogModel } from '../catalog/catalog.js';
import { applyPercent, computeCost } from '../billing/cost.js';
import type { CacheHit } from '../cache/exact-cache.js';
import { replayChunks, replayCompletion } from '../cache/replay.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { wantsStream, wantsUsageChunk } from '../openai/chat-request.js';
import { toUsageCounts } from '../openai/chat-response.js';
import { SSE_DONE, sseData } from '../openai/sse-encoder.js';
import type { InferenceOutcome } from './chat-pipeline.js';
import type { GatewayServices } from './gateway-services.js';
import type { ReceiptDraft } from './receipt-draft.js';
import { writeReceipt } from './settle-receipt.js';
import { nextmodelTrailer } from './stream-relay.js';

/**
 * Serves a verified cache hit (SPEC §5–6): the source's answer and usage, a receipt naming the
 * source receipt, charged list cost × (1 − exact_cache_discount_pct/100). The receipt is written
 * before the first byte, since everything about a replay is known up front.
 */
export async function serveReplay(services: GatewayServices, req: ChatRequest, draft: ReceiptDraft, model: CatalogModel, hit: CacheHit, receiptUrl: string): Promise<InferenceOutcome> {
  const { entry } = hit;
  const billing = services.config.billing;
  draft.modelServed = model.id;
  draft.provider = model.provider;
  draft.serveMode = entry.kind === 'canonical' ? 'canonical_cache' : 'exact_cache';
  draft.cacheStatus = 'HIT';
  draft.sourceReceiptId = entry.sourceReceiptId;
  draft.cacheAgeS = hit.ageSeconds;
  draft.usageSource = 'replay';
  draft.billingBasis = 'platform';
  draft.usage = toUsageCounts(entry.payload.usage) ?? { prompt: 0, completion: 0, cached: 0, reasoning: 0, total: 0 };
  const cost = computeCost(draft.usage, model, { usd_inr: billing.usd_inr, cny_inr: billing.cny_inr, catalog_version: services.catalog.version });
  draft.price = cost.price;
  draft.listCostUinr = cost.listCostUinr;
  draft.chargedUinr = applyPercent(cost.listCostUinr, billing.exact_cache_discount_pct, 'subtract');
  draft.discountUinr = cost.listCostUinr - draft.chargedUinr;
  draft.upstreamCostUusd = 0;
  draft.finishReason = entry.payload.choices[0]?.finish_reason ?? null;
  draft.responseHash = entry.responseHash;
  draft.ttftMs = Date.now() - draft.startedAt;
  const completion = replayCompletion(entry.payload);
  // The charge is exact: checked against hard budgets and settled in the receipt's transaction.
  const receipt = await writeReceipt(services, draft, { chargeUpFront: true });
  if (!wantsStream(req)) return { kind: 'json', body: completion, draft, receipt };

  async function* frames(): AsyncGenerator<string> {
    const chunks = [...replayChunks(completion)];
    const trailer = nextmodelTrailer(receipt, receiptUrl);
    for (const [i, chunk] of chunks.entries()) yield sseData(i === chunks.length - 1 ? { ...chunk, nextmodel: trailer } : chunk);
    if (wantsUsageChunk(req) && completion.usage) {
      yield sseData({ id: completion.id, object: 'chat.completion.chunk', created: completion.created, model: completion.model, choices: [], usage: completion.usage });
    }
    yield SSE_DONE;
  }
  return { kind: 'stream', frames: frames(), draft, receipt };
}
