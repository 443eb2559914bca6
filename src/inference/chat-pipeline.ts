import type { SignedReceipt } from '../billing/receipt.js';
import { sha256Tagged } from '../billing/receipt-signer.js';
import { payloadOf, type CacheEntry } from '../cache/cache-entry.js';
import { planCache, type CacheControlHeaders, type CachePlan } from '../cache/cache-policy.js';
import { checkComplete } from '../cache/completeness.js';
import { cacheKeysFor, type CacheKey } from '../cache/exact-cache.js';
import type { ProjectPrincipal } from '../keys/authenticate.js';
import { credentialsForProject } from '../keys/provider-credentials.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { wantsStream } from '../openai/chat-request.js';
import type { ChatCompletion } from '../openai/chat-response.js';
import { toGatewayError, type GatewayError } from '../openai/errors.js';
import { resolveRoute } from '../routing/resolve-route.js';
import { callWithFallback, type AnswerSink } from './fallback-attempts.js';
import type { GatewayServices } from './gateway-services.js';
import { prepareCandidates, type PreparedCandidate } from './prepare-candidates.js';
import { ReceiptDraft } from './receipt-draft.js';
import { serveReplay } from './serve-replay.js';
import { priceNothing, writeReceipt } from './settle-receipt.js';
import { applyRateLimits, rateLimitTokenEstimate, reserveFresh, spendScopesOf } from './spend-gate.js';

/**
 * The inference pipeline, free of HTTP types: request in, one of three outcomes out.
 * scopes → route (candidates) → targets + parameter checks → rate limits → cache (verified hit,
 * or join an in-flight call) → budget reservation → attempts with fallback → price → receipt
 * (durable) → store in cache → respond.
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
    const projectId = input.principal.project.id;
    draft.spendScopes = spendScopesOf(input.principal);
    const credentials = await credentialsForProject(services.db, services.secrets, projectId, services.tenancy);
    const plan = await resolveRoute(services, req, { principal: input.principal, workload: draft.scope.workload, scopes: draft.spendScopes, byokProviders: new Set(credentials.keys()) });
    const candidates = await prepareCandidates(services, req, plan, credentials);
    const limitSpecs = await applyRateLimits(services, input.principal, req, draft);

    const cachePlan = planCache(services.config, input.principal.project, req, input.cacheHeaders);
    const keysOf = (c: PreparedCandidate) => cacheKeysFor(req, { projectId, provider: c.model.provider, upstreamModel: c.target.upstreamModel }, cachePlan.canonical);
    const candidateKeys = candidates.map(keysOf);
    const primary = (candidateKeys[0] as CacheKey[])[0] as CacheKey;
    draft.requestHash = sha256Tagged(primary.canonical);
    draft.cacheStatus = cachePlan.read ? 'MISS' : 'BYPASS';

    if (cachePlan.read) {
      for (let wait = 0; wait <= MAX_FLIGHT_WAITS; wait++) {
        for (const [i, keys] of candidateKeys.entries()) {
          const hit = await services.cache.lookup(keys, projectId, cachePlan.ttlSeconds);
          if (hit) return await serveReplay(services, req, draft, (candidates[i] as PreparedCandidate).model, hit, input.receiptUrl);
        }
        // No await between this check and lead(): in one process, exactly one request leads.
        const flight = services.cache.inFlight(primary.hash);
        if (!flight || wait === MAX_FLIGHT_WAITS) break;
        const entry = await services.cache.follow(flight);
        const servedModel = entry ? services.catalog.get(entry.modelId) : undefined;
        if (entry && servedModel) return await serveReplay(services, req, draft, servedModel, { entry, ageSeconds: Math.floor((Date.now() - entry.createdMs) / 1000) }, input.receiptUrl);
      }
    }
    const coalesce = cachePlan.read && cachePlan.write;
    const settleLocal = coalesce ? services.cache.lead(primary.hash) : () => {};
    let settleFlight = settleLocal;
    if (coalesce && services.flights) {
      // Another replica may already be calling the upstream for this exact request: wait for it,
      // then serve its answer from the shared store.
      if (!(await services.flights.tryLead(primary.hash))) {
        await services.flights.waitFor(primary.hash, Math.max(...candidates.map((c) => c.target.timeoutMs)) + 5_000);
        for (const [i, keys] of candidateKeys.entries()) {
          const hit = await services.cache.lookup(keys, projectId, cachePlan.ttlSeconds);
          if (hit) {
            settleLocal(hit.entry);
            return await serveReplay(services, req, draft, (candidates[i] as PreparedCandidate).model, hit, input.receiptUrl);
          }
        }
      } else {
        const flights = services.flights;
        settleFlight = (entry) => {
          settleLocal(entry);
          void flights.finish(primary.hash);
        };
      }
    }
    await reserveFresh(services, draft, req, candidates);
    const answer: AnswerSink = {
      entriesFor: (completion, served) =>
        cachePlan.write ? entriesIfComplete(services, req, cachePlan, keysOf(served), served, completion, { projectId, receiptId: draft.id, status: draft.status, responseHash: draft.responseHash }) : [],
      settled: async (entries) => {
        try {
          // Rate limits counted an estimate up front; settle to the tokens actually used.
          await services.rateLimiter.adjustTokens(limitSpecs, draft.usage.total - rateLimitTokenEstimate(req));
          for (const entry of entries) await services.cache.remember(entry);
        } finally {
          settleFlight(entries[0] ?? null);
        }
      },
    };
    try {
      return await callWithFallback(services, input, draft, candidates, plan.policy, answer);
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

/** What a stored entry is anchored to: the receipt that paid for the answer. */
interface ReceiptAnchor {
  projectId: string;
  receiptId: string;
  status: number;
  responseHash: string | null;
}

/**
 * The entries for a complete, successful answer: one under every key of the model that served it
 * (SPEC §5.3). They are written with the receipt, so only what the receipt signs for is stored.
 */
function entriesIfComplete(
  services: GatewayServices,
  req: ChatRequest,
  plan: CachePlan,
  keys: CacheKey[],
  served: PreparedCandidate,
  completion: ChatCompletion,
  anchor: ReceiptAnchor,
): CacheEntry[] {
  if (anchor.status !== 200 || !anchor.responseHash) return [];
  const verdict = checkComplete(req, completion);
  if (!verdict.complete) {
    services.log.debug({ receipt_id: anchor.receiptId, reason: verdict.reason }, 'answer not cached');
    return [];
  }
  // The receipt anchors the entry: its response_hash was computed from this same completion
  // (settle-receipt.ts responseHash) just before, so the payload is what the receipt signs for.
  const payload = payloadOf(completion);
  const hash = anchor.responseHash;
  const now = Date.now();
  return keys.map((key) => ({
    keyHash: key.hash,
    kind: key.kind,
    projectId: anchor.projectId,
    provider: served.model.provider,
    modelId: served.model.id,
    canonicalRequest: key.canonical,
    payload,
    responseHash: hash,
    sourceReceiptId: anchor.receiptId,
    createdMs: now,
    expiresMs: now + plan.ttlSeconds * 1000,
  }));
}
