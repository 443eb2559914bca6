import type { SignedReceipt } from '../billing/receipt.js';
import type { CacheEntry } from '../cache/cache-entry.js';
import type { ChatCompletion } from '../openai/chat-response.js';
import { toUsageCounts } from '../openai/chat-response.js';
import { noProviderAvailable, toGatewayError, upstreamTimeout, type GatewayError } from '../openai/errors.js';
import type { ChatRequest } from '../openai/chat-request.js';
import type { Provider, ProviderResult, UpstreamTarget } from '../providers/provider.js';
import { wantsStream } from '../openai/chat-request.js';
import type { RoutePolicy } from '../routing/route-policy.js';
import { estimateUsage } from './estimate-usage.js';
import type { GatewayServices } from './gateway-services.js';
import type { InferenceInput, InferenceOutcome } from './chat-pipeline.js';
import type { PreparedCandidate } from './prepare-candidates.js';
import type { ReceiptDraft } from './receipt-draft.js';
import { priceFresh, responseHash, writeReceipt } from './settle-receipt.js';
import { relayStream } from './stream-relay.js';

/**
 * Calls candidates in order (SPEC §8): a retryable failure (429, 5xx, timeout, connection error)
 * falls through to the next candidate; a 429 whose retry-after is short is retried on the same
 * candidate once; the last candidate gets one retry with backoff. A provider that keeps failing is
 * skipped by the circuit breaker. Every attempt is recorded on the receipt. Non-retryable errors
 * (the request itself is bad) end it at once. Once a stream has started, it is never switched.
 */

/**
 * What becomes of an answer: the cache entries it anchors are built before its receipt and stored
 * in the receipt's transaction; `settled` runs once the receipt is durable (with no entries when
 * the call failed or the answer is not cacheable).
 */
export interface AnswerSink {
  entriesFor(completion: ChatCompletion, served: PreparedCandidate): CacheEntry[];
  settled(entries: readonly CacheEntry[]): Promise<void>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function retryDelayMs(error: GatewayError, retry: number, isLast: boolean, maxWaitMs: number): number | null {
  if (retry > 0) return null;
  if (error.status === 429) {
    const ms = (error.retryAfterSeconds ?? 1) * 1000;
    return ms <= maxWaitMs ? ms : null;
  }
  return isLast ? 250 : null;
}

export async function callWithFallback(
  services: GatewayServices,
  input: InferenceInput,
  draft: ReceiptDraft,
  candidates: readonly PreparedCandidate[],
  policy: RoutePolicy,
  answer: AnswerSink,
): Promise<InferenceOutcome> {
  const breaker = services.routing.breaker;
  let attempts = 0;
  let lastError: GatewayError | null = null;
  for (const [index, c] of candidates.entries()) {
    if (attempts >= policy.max_attempts) break;
    if (breaker.isOpen(c.model.id)) {
      draft.attempts.push({ provider: c.model.provider, model: c.model.id, status: 503, error_code: 'circuit_open', latency_ms: 0 });
      lastError = noProviderAvailable(`${c.model.provider}/${c.model.id} is failing repeatedly and is skipped for a cool-down.`);
      continue;
    }
    for (let retry = 0; attempts < policy.max_attempts; retry++) {
      attempts++;
      try {
        const outcome = await attemptOnce(services, input, draft, c, answer);
        breaker.success(c.model.id);
        return outcome;
      } catch (err) {
        const error = toGatewayError(err);
        lastError = error;
        if (!error.retryable || error.code === 'client_closed_request') throw error;
        breaker.failure(c.model.id);
        const wait = retryDelayMs(error, retry, index === candidates.length - 1, services.config.routing.max_retry_wait_ms);
        if (wait === null || attempts >= policy.max_attempts || input.signal.aborted) break;
        await sleep(wait, input.signal);
      }
    }
  }
  throw lastError ?? noProviderAvailable('No candidate could be called.');
}

async function attemptOnce(services: GatewayServices, input: InferenceInput, draft: ReceiptDraft, c: PreparedCandidate, answer: AnswerSink): Promise<InferenceOutcome> {
  const req = input.request;
  const { model, provider, target } = c;
  const started = Date.now();
  let accepted = false;
  const served = () => {
    accepted = true;
    draft.modelServed = model.id;
    draft.provider = model.provider;
    draft.billingBasis = target.billingBasis;
    draft.attempts.push({ provider: model.provider, model: model.id, status: 200, error_code: null, latency_ms: Date.now() - started });
  };
  try {
    if (wantsStream(req)) {
      const upstream = await provider.stream(req, target, input.signal);
      served();
      draft.providerRequestId = upstream.providerRequestId;
      const frames = relayStream({
        services,
        request: req,
        model,
        draft,
        upstream,
        receiptUrl: input.receiptUrl,
        cacheEntriesFor: (completion) => answer.entriesFor(completion, c),
        onSettled: async (completion, entries) => {
          if (completion) services.routing.latency.record(model.id, draft.ttftMs === null ? null : draft.ttftMs - (started - draft.startedAt), Date.now() - started);
          await answer.settled(entries);
        },
      });
      return { kind: 'stream', frames, draft, receipt: null };
    }
    const result = await completeWithin(provider, req, target, input.signal);
    served();
    services.routing.latency.record(model.id, null, Date.now() - started);
    draft.providerRequestId = result.providerRequestId;
    const reported = toUsageCounts(result.completion.usage);
    draft.usageSource = reported ? 'upstream' : 'estimated';
    priceFresh(services, draft, model, reported ?? estimateUsage(req, result.completion));
    draft.ttftMs = Date.now() - input.startedAt;
    draft.finishReason = result.completion.choices[0]?.finish_reason ?? null;
    draft.finishReasonRaw = result.rawFinishReason;
    draft.responseHash = responseHash(result.completion);
    const cacheEntries = answer.entriesFor(result.completion, c);
    const receipt: SignedReceipt = await writeReceipt(services, draft, { cacheEntries });
    await answer.settled(cacheEntries);
    return { kind: 'json', body: result.completion, draft, receipt };
  } catch (err) {
    const error = toGatewayError(err);
    if (!accepted) {
      draft.attempts.push({ provider: model.provider, model: model.id, status: error.status, error_code: error.code, latency_ms: Date.now() - started });
    }
    throw error;
  }
}

/**
 * A JSON answer must arrive whole within the target's timeout (docs/configuration.md:
 * `timeout_ms` is the whole call, or the gap between stream chunks). The HTTP client's own
 * timeouts only bound the wait for headers and each gap between body chunks, so an upstream that
 * trickles its body would otherwise hold the request for as long as it likes.
 */
async function completeWithin(provider: Provider, req: ChatRequest, target: UpstreamTarget, clientSignal: AbortSignal): Promise<ProviderResult> {
  // One controller, aborted by the client or the deadline. (AbortSignal.any + AbortSignal.timeout
  // did the same at ~25 µs and two weak-referenced signals per request: 3% of the hot path.)
  const upstream = new AbortController();
  let timedOut = false;
  const onClientAbort = () => upstream.abort(clientSignal.reason);
  const deadline = setTimeout(() => {
    timedOut = true;
    upstream.abort(new DOMException('The upstream call timed out', 'TimeoutError'));
  }, target.timeoutMs);
  if (clientSignal.aborted) onClientAbort();
  else clientSignal.addEventListener('abort', onClientAbort, { once: true });
  try {
    return await provider.complete(req, target, upstream.signal);
  } catch (err) {
    if (timedOut && !clientSignal.aborted) throw upstreamTimeout(provider.id, target.timeoutMs);
    throw err;
  } finally {
    clearTimeout(deadline);
    clientSignal.removeEventListener('abort', onClientAbort);
  }
}
