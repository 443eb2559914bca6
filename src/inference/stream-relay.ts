import type { CacheEntry } from '../cache/cache-entry.js';
import type { CatalogModel } from '../catalog/catalog.js';
import type { SignedReceipt } from '../billing/receipt.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { wantsUsageChunk } from '../openai/chat-request.js';
import type { ChatChunk, ChatCompletion } from '../openai/chat-response.js';
import { toUsageCounts } from '../openai/chat-response.js';
import { toGatewayError, type GatewayError } from '../openai/errors.js';
import { SSE_DONE, sseData } from '../openai/sse-encoder.js';
import type { ProviderStream } from '../providers/provider.js';
import { ChunkAccumulator } from '../streaming/chunk-accumulator.js';
import { estimateUsage } from './estimate-usage.js';
import type { GatewayServices } from './gateway-services.js';
import type { ReceiptDraft } from './receipt-draft.js';
import { priceFresh, priceNothing, responseHash, writeReceipt } from './settle-receipt.js';

/**
 * Relays an upstream stream to the client as OpenAI SSE frames (SPEC §4 "Streaming"):
 * content chunks pass straight through; chunks carrying finish_reason are held until usage is
 * known and the receipt is durable, then sent with a top-level `nextmodel` object; the usage
 * chunk follows only if the client asked; then `[DONE]`. A failure after the stream started is
 * a final chunk with an `error` object and finish_reason "error".
 */

export interface StreamRelayInput {
  services: GatewayServices;
  request: ChatRequest;
  model: CatalogModel;
  draft: ReceiptDraft;
  upstream: ProviderStream;
  receiptUrl: string;
  /**
   * Called exactly once when the outcome is known and the receipt is durable: with the assembled
   * completion and the entries stored with its receipt when the stream ended normally, else null.
   */
  onSettled?: (completion: ChatCompletion | null, cacheEntries: readonly CacheEntry[]) => Promise<void>;
  /** The cache entries a complete answer anchors, stored in its receipt's transaction. */
  cacheEntriesFor?: (completion: ChatCompletion) => CacheEntry[];
}

/** The top-level `nextmodel` object on a stream's final chunk (SPEC §4). */
export function nextmodelTrailer(receipt: SignedReceipt, receiptUrl: string) {
  return {
    receipt_id: receipt.id,
    receipt_url: receiptUrl,
    receipt_hash: receipt.receipt_hash,
    serve_mode: receipt.serve_mode,
    usage_source: receipt.usage_source,
    charged_inr: receipt.charged_inr,
  };
}

/**
 * A content chunk as relayed: the usage is sent once, in its own chunk at the end. Serialises
 * exactly as the chunk without its `usage` key; copies only when there is one to drop (most
 * normalised chunks have none, and a copy per chunk is garbage thousands of streams make).
 */
function withoutUsage(chunk: ChatChunk): ChatChunk {
  if (chunk.usage === undefined) return chunk;
  const { usage: _usage, ...rest } = chunk;
  return rest as ChatChunk;
}

const hasOutput = (chunk: ChatChunk) =>
  chunk.choices.some((c) => (typeof c.delta.content === 'string' && c.delta.content.length > 0) || c.delta.tool_calls !== undefined || typeof c.delta.reasoning_content === 'string');

export async function* relayStream(input: StreamRelayInput): AsyncGenerator<string> {
  const { services, request, model, draft, upstream, receiptUrl } = input;
  const acc = new ChunkAccumulator();
  const held: ChatChunk[] = [];
  let settled = false;
  // The newest chunk's ids, for the chunks we add (usage, error): plain fields, so nothing is
  // allocated per chunk and no chunk is kept for them.
  let lastId = '';
  let lastCreated = Math.floor(Date.now() / 1000);
  let lastModel = model.upstream_model;
  const last = () => ({ id: lastId, created: lastCreated, model: lastModel });
  try {
    for await (const chunk of upstream.chunks) {
      acc.push(chunk);
      lastId = chunk.id;
      lastCreated = chunk.created;
      lastModel = chunk.model;
      if (draft.ttftMs === null && hasOutput(chunk)) draft.ttftMs = Date.now() - draft.startedAt;
      if (chunk.choices.length === 0) continue; // the usage chunk: re-sent at the end if asked for
      const relayed = withoutUsage(chunk);
      if (chunk.choices.some((c) => c.finish_reason !== null)) held.push(relayed);
      else yield sseData(relayed);
    }
    if (!acc.finished) throw toGatewayError(new Error('upstream stream ended without a finish_reason'));
    const completion = acc.toCompletion();
    const reported = toUsageCounts(acc.usage);
    draft.usageSource = reported ? 'upstream' : 'estimated';
    priceFresh(services, draft, model, reported ?? estimateUsage(request, completion));
    draft.finishReason = acc.finishReasons()[0] ?? null;
    draft.finishReasonRaw = upstream.rawFinishReason();
    draft.responseHash = responseHash(completion);
    const cacheEntries = input.cacheEntriesFor?.(completion) ?? [];
    const receipt = await writeReceipt(services, draft, { cacheEntries });
    settled = true;
    await settleHook(input, completion, cacheEntries);
    for (const [i, chunk] of held.entries()) {
      yield sseData(i === held.length - 1 ? { ...chunk, nextmodel: nextmodelTrailer(receipt, receiptUrl) } : chunk);
    }
    if (wantsUsageChunk(request) && acc.usage) {
      const { id, created, model: servedModel } = last();
      yield sseData({ id, object: 'chat.completion.chunk', created, model: servedModel, choices: [], usage: acc.usage });
    }
    yield SSE_DONE;
  } catch (err) {
    if (settled) throw err;
    const error = toGatewayError(err);
    settled = true;
    if (error.code === 'client_closed_request') {
      await settleAbort(input, acc);
      return;
    }
    const receipt = await settleFailure(services, draft, error, upstream);
    await settleHook(input, null, []);
    const { id, created, model: servedModel } = last();
    yield sseData({
      id,
      object: 'chat.completion.chunk',
      created,
      model: servedModel,
      choices: [{ index: 0, delta: {}, finish_reason: 'error' }],
      error: error.toBody().error,
      nextmodel: nextmodelTrailer(receipt, receiptUrl),
    });
    yield SSE_DONE;
  } finally {
    // The consumer stopped iterating: the client went away mid-stream.
    if (!settled) await settleAbort(input, acc);
  }
}

/**
 * The client left mid-stream. The upstream still generated (and bills) what was relayed, so we
 * charge an estimate of it and say so on the receipt (`usage_source: estimated`, status 499).
 */
async function settleAbort(input: StreamRelayInput, acc: ChunkAccumulator): Promise<void> {
  const { services, draft, request, model, upstream } = input;
  draft.status = 499;
  draft.errorCode = 'client_closed_request';
  draft.usageSource = 'estimated';
  priceFresh(services, draft, model, estimateUsage(request, acc.toCompletion()));
  draft.finishReasonRaw = upstream.rawFinishReason();
  await writeReceipt(services, draft).catch((e: unknown) => services.log.error({ err: e, receipt_id: draft.id }, 'failed to write receipt for aborted stream'));
  await settleHook(input, null, []);
}

async function settleHook(input: StreamRelayInput, completion: ChatCompletion | null, cacheEntries: readonly CacheEntry[]): Promise<void> {
  try {
    await input.onSettled?.(completion, cacheEntries);
  } catch (err) {
    input.services.log.error({ err, receipt_id: input.draft.id }, 'stream settle hook failed');
  }
}

async function settleFailure(services: GatewayServices, draft: ReceiptDraft, error: GatewayError, upstream: ProviderStream): Promise<SignedReceipt> {
  draft.status = error.status;
  draft.errorCode = error.code;
  draft.finishReason = 'error';
  draft.finishReasonRaw = upstream.rawFinishReason();
  priceNothing(draft);
  return writeReceipt(services, draft);
}
