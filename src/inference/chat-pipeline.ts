import type { SignedReceipt } from '../billing/receipt.js';
import { canonicalCacheRequest } from '../cache/cache-key.js';
import type { ProjectPrincipal } from '../keys/authenticate.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { wantsStream } from '../openai/chat-request.js';
import type { ChatCompletion } from '../openai/chat-response.js';
import { toUsageCounts } from '../openai/chat-response.js';
import { toGatewayError, type GatewayError } from '../openai/errors.js';
import { sha256Tagged } from '../billing/receipt-signer.js';
import { estimateUsage } from './estimate-usage.js';
import type { GatewayServices } from './gateway-services.js';
import { ReceiptDraft } from './receipt-draft.js';
import { resolveModel } from './resolve-model.js';
import { priceFresh, priceNothing, responseHash, writeReceipt } from './settle-receipt.js';
import { relayStream } from './stream-relay.js';

/**
 * The inference pipeline, free of HTTP types: request in, one of three outcomes out.
 * resolve model → target → provider check → call → price → receipt (durable) → respond.
 */

export interface InferenceInput {
  principal: ProjectPrincipal;
  request: ChatRequest;
  requestId: string;
  receiptId: string;
  receiptUrl: string;
  workload: string | null;
  tags: string[];
  startedAt: number;
  signal: AbortSignal;
}

/** What the HTTP layer needs to set the x-nextmodel-* headers. */
export interface OutcomeMeta {
  draft: ReceiptDraft;
  receipt: SignedReceipt | null;
}

export type InferenceOutcome =
  | ({ kind: 'json'; body: ChatCompletion } & OutcomeMeta)
  | ({ kind: 'stream'; frames: AsyncGenerator<string> } & OutcomeMeta)
  | ({ kind: 'error'; error: GatewayError } & OutcomeMeta);

export function newDraft(input: Omit<InferenceInput, 'request' | 'signal'> & { modelRequested: string; stream: boolean }): ReceiptDraft {
  const { key, project } = input.principal;
  return new ReceiptDraft(
    input.receiptId,
    input.requestId,
    input.startedAt,
    {
      teamId: project.team_id,
      projectId: project.id,
      keyId: key.id,
      environment: key.environment,
      workload: input.workload ?? key.workload,
      tags: input.tags,
    },
    input.modelRequested,
    input.stream,
  );
}

export async function runChatCompletion(services: GatewayServices, input: InferenceInput): Promise<InferenceOutcome> {
  const req = input.request;
  const stream = wantsStream(req);
  const draft = newDraft({ ...input, modelRequested: req.model, stream });
  try {
    const model = resolveModel(services.catalog, req.model);
    const target = services.providers.platformTarget(model);
    const provider = services.providers.get(model.provider);
    if (!provider) throw new Error(`no adapter for ${model.provider}`);
    provider.check(req, target);
    draft.modelServed = model.id;
    draft.provider = model.provider;
    draft.billingBasis = target.billingBasis;
    draft.requestHash = sha256Tagged(canonicalCacheRequest(req, { projectId: input.principal.project.id, provider: model.provider, upstreamModel: target.upstreamModel }));

    const attemptStart = Date.now();
    try {
      if (stream) {
        const upstream = await provider.stream(req, target, input.signal);
        draft.attempts.push({ provider: model.provider, model: model.id, status: 200, error_code: null, latency_ms: Date.now() - attemptStart });
        draft.providerRequestId = upstream.providerRequestId;
        const frames = relayStream({ services, request: req, model, draft, upstream, receiptUrl: input.receiptUrl });
        return { kind: 'stream', frames, draft, receipt: null };
      }
      const result = await provider.complete(req, target, input.signal);
      draft.attempts.push({ provider: model.provider, model: model.id, status: 200, error_code: null, latency_ms: Date.now() - attemptStart });
      draft.providerRequestId = result.providerRequestId;
      const reported = toUsageCounts(result.completion.usage);
      draft.usageSource = reported ? 'upstream' : 'estimated';
      priceFresh(services, draft, model, reported ?? estimateUsage(req, result.completion));
      draft.ttftMs = Date.now() - input.startedAt;
      draft.finishReason = result.completion.choices[0]?.finish_reason ?? null;
      draft.finishReasonRaw = result.rawFinishReason;
      draft.responseHash = responseHash(result.completion.choices);
      const receipt = await writeReceipt(services, draft);
      return { kind: 'json', body: result.completion, draft, receipt };
    } catch (err) {
      const error = toGatewayError(err);
      draft.attempts.push({ provider: model.provider, model: model.id, status: error.status, error_code: error.code, latency_ms: Date.now() - attemptStart });
      throw error;
    }
  } catch (err) {
    const error = toGatewayError(err);
    if (error.status >= 500) services.log.warn({ err, request_id: input.requestId, code: error.code }, 'inference failed');
    draft.status = error.status;
    draft.errorCode = error.code;
    priceNothing(draft);
    const receipt = await writeReceipt(services, draft);
    return { kind: 'error', error, draft, receipt };
  }
}
