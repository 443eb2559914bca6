import type { SignedReceipt } from '../billing/receipt.js';
import { sha256Tagged } from '../billing/receipt-signer.js';
import { payloadOf, payloadHash, type CacheEntry } from '../cache/cache-entry.js';
import { planCache, type CacheControlHeaders, type CachePlan } from '../cache/cache-policy.js';
import { checkComplete } from '../cache/completeness.js';
import { cacheKeysFor, type CacheKey } from '../cache/exact-cache.js';
import type { CatalogModel } from '../catalog/catalog.js';
import type { ProjectPrincipal } from '../keys/authenticate.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { wantsStream } from '../openai/chat-request.js';
import type { ChatCompletion } from '../openai/chat-response.js';
import { toUsageCounts } from '../openai/chat-response.js';
import { invalidRequest, toGatewayError, type GatewayError } from '../openai/errors.js';
import type { Provider, UpstreamTarget } from '../providers/provider.js';
import { estimateUsage } from './estimate-usage.js';
import type { GatewayServices } from './gateway-services.js';
import { ReceiptDraft } from './receipt-draft.js';
import { resolveModel } from './resolve-model.js';
import { serveReplay } from './serve-replay.js';
import { priceFresh, priceNothing, responseHash, writeReceipt } from './settle-receipt.js';
import { relayStream } from './stream-relay.js';
import { applyRateLimits, rateLimitTokenEstimate, reserveFresh, spendScopesOf } from './spend-gate.js';
import { getCredential } from '../keys/provider-credentials.js';

/**
 * The inference pipeline, free of HTTP types: request in, one of three outcomes out.
 * resolve model → target → provider check → cache (verified hit, or join an in-flight call)
 * → upstream → price → receipt (durable) → store in cache → respond.
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
  cacheHeaders: CacheControlHeaders;
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

export function newDraft(input: Omit<InferenceInput, 'request' | 'signal' | 'cacheHeaders'> & { modelRequested: string; stream: boolean }): ReceiptDraft {
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

/** How many times a request will wait on another's in-flight call before going upstream itself. */
const MAX_FLIGHT_WAITS = 3;

export async function runChatCompletion(services: GatewayServices, input: InferenceInput): Promise<InferenceOutcome> {
  const req = input.request;
  const draft = newDraft({ ...input, modelRequested: req.model, stream: wantsStream(req) });
  try {
    // Until routing policies land, the OpenRouter-style extras are refused rather than ignored.
    if (req.models !== undefined) throw invalidRequest('The `models` fallback list is not supported yet.', 'models', 'unsupported_parameter');
    if (req.provider !== undefined) throw invalidRequest('The `provider` routing preferences are not supported yet.', 'provider', 'unsupported_parameter');
    const model = resolveModel(services.catalog, req.model);
    const credential = await getCredential(services.db, services.secrets, input.principal.project.id, model.provider);
    const target = credential ? services.providers.byokTarget(model, credential) : services.providers.platformTarget(model);
    const provider = services.providers.get(model.provider);
    if (!provider) throw new Error(`no adapter for ${model.provider}`);
    provider.check(req, target);
    draft.modelServed = model.id;
    draft.provider = model.provider;
    draft.billingBasis = target.billingBasis;
    const limitSpecs = applyRateLimits(services, input.principal, req, draft);
    draft.spendScopes = await spendScopesOf(services, input.principal);

    const projectId = input.principal.project.id;
    const plan = planCache(services.config, input.principal.project, req, input.cacheHeaders);
    const keys = cacheKeysFor(req, { projectId, provider: model.provider, upstreamModel: target.upstreamModel }, plan.canonical);
    const primary = keys[0] as CacheKey;
    draft.requestHash = sha256Tagged(primary.canonical);
    draft.cacheStatus = plan.read ? 'MISS' : 'BYPASS';

    if (plan.read) {
      for (let wait = 0; wait <= MAX_FLIGHT_WAITS; wait++) {
        const hit = await services.cache.lookup(keys, projectId, plan.ttlSeconds);
        if (hit) return await serveReplay(services, req, draft, model, hit, input.receiptUrl);
        // No await between this check and lead(): in one process, exactly one request leads.
        const flight = services.cache.inFlight(primary.hash);
        if (!flight || wait === MAX_FLIGHT_WAITS) break;
        const entry = await services.cache.follow(flight);
        if (entry) return await serveReplay(services, req, draft, model, { entry, ageSeconds: Math.floor((Date.now() - entry.createdMs) / 1000) }, input.receiptUrl);
      }
    }
    await reserveFresh(services, draft, req, model);
    const settleFlight = plan.read && plan.write ? services.cache.lead(primary.hash) : () => {};
    const storeAnswer = async (completion: ChatCompletion | null): Promise<void> => {
      // Rate limits counted an estimate up front; settle to the tokens actually used.
      services.rateLimiter.adjustTokens(limitSpecs, draft.usage.total - rateLimitTokenEstimate(req));
      let entry: CacheEntry | null = null;
      try {
        if (completion && plan.write) entry = await storeIfComplete(services, req, plan, keys, model, completion, { projectId, receiptId: draft.id, status: draft.status, responseHash: draft.responseHash });
      } finally {
        settleFlight(entry);
      }
    };
    try {
      return await callUpstream(services, input, draft, model, provider, target, storeAnswer);
    } catch (err) {
      settleFlight(null);
      throw err;
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

/** Called once the receipt is durable: the answer to store (if complete), or null. */
type StoreAnswer = (completion: ChatCompletion | null) => Promise<void>;

/** What a stored entry is anchored to: the receipt that paid for the answer. */
interface ReceiptAnchor {
  projectId: string;
  receiptId: string;
  status: number;
  responseHash: string | null;
}

async function callUpstream(
  services: GatewayServices,
  input: InferenceInput,
  draft: ReceiptDraft,
  model: CatalogModel,
  provider: Provider,
  target: UpstreamTarget,
  storeAnswer: StoreAnswer,
): Promise<InferenceOutcome> {
  const req = input.request;
  const attemptStart = Date.now();
  try {
    if (wantsStream(req)) {
      const upstream = await provider.stream(req, target, input.signal);
      draft.attempts.push({ provider: model.provider, model: model.id, status: 200, error_code: null, latency_ms: Date.now() - attemptStart });
      draft.providerRequestId = upstream.providerRequestId;
      const frames = relayStream({
        services,
        request: req,
        model,
        draft,
        upstream,
        receiptUrl: input.receiptUrl,
        onSettled: storeAnswer,
      });
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
    draft.responseHash = responseHash(result.completion);
    const receipt = await writeReceipt(services, draft);
    await storeAnswer(result.completion);
    return { kind: 'json', body: result.completion, draft, receipt };
  } catch (err) {
    const error = toGatewayError(err);
    draft.attempts.push({ provider: model.provider, model: model.id, status: error.status, error_code: error.code, latency_ms: Date.now() - attemptStart });
    throw error;
  }
}

/** Stores a complete, successful answer under every key of this request (SPEC §5.3). */
async function storeIfComplete(
  services: GatewayServices,
  req: ChatRequest,
  plan: CachePlan,
  keys: CacheKey[],
  model: CatalogModel,
  completion: ChatCompletion,
  anchor: ReceiptAnchor,
): Promise<CacheEntry | null> {
  if (anchor.status !== 200 || !anchor.responseHash) return null;
  const verdict = checkComplete(req, completion);
  if (!verdict.complete) {
    services.log.debug({ receipt_id: anchor.receiptId, reason: verdict.reason }, 'answer not cached');
    return null;
  }
  const payload = payloadOf(completion);
  const hash = payloadHash(payload);
  // The receipt anchors the entry: never store what the receipt did not sign for.
  if (hash !== anchor.responseHash) return null;
  const now = Date.now();
  let primary: CacheEntry | null = null;
  for (const key of keys) {
    const entry: CacheEntry = {
      keyHash: key.hash,
      kind: key.kind,
      projectId: anchor.projectId,
      provider: model.provider,
      modelId: model.id,
      canonicalRequest: key.canonical,
      payload,
      responseHash: hash,
      sourceReceiptId: anchor.receiptId,
      createdMs: now,
      expiresMs: now + plan.ttlSeconds * 1000,
    };
    await services.cache.store(entry);
    primary ??= entry;
  }
  return primary;
}
