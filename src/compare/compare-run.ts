import type { ServeMode } from '../billing/receipt.js';
import { formatMicro, parseMicro } from '../billing/money.js';
import type { CacheControlHeaders } from '../cache/cache-policy.js';
import { runChatCompletion, type InferenceOutcome } from '../inference/chat-pipeline.js';
import type { GatewayServices } from '../inference/gateway-services.js';
import { resolveModel } from '../inference/resolve-model.js';
import type { ProjectPrincipal } from '../keys/authenticate.js';
import type { ChatRequest } from '../openai/chat-request.js';
import type { ToolCall, Usage } from '../openai/chat-response.js';
import { GatewayError, notFound, type OpenAIErrorBody } from '../openai/errors.js';
import { AUTO_ROUTE } from '../routing/route-policy.js';
import { getProjectRoute } from '../routing/route-store.js';
import { newReceiptId } from '../util/ids.js';
import type { RunInput } from './run-input.js';

/**
 * `POST /v1/compare/run`: the same request sent for real to each model, concurrently, through the
 * normal pipeline as the calling project (budgets, rate limits, cache and receipts all apply; each
 * run is its own request with its own receipt), answered side by side.
 */

export interface RunContext {
  principal: ProjectPrincipal;
  requestId: string;
  receiptUrl: (receiptId: string) => string;
  workload: string | null;
  tags: string[];
  signal: AbortSignal;
  cacheHeaders: CacheControlHeaders;
}

export interface RunResult {
  model: string;
  model_served: string | null;
  provider: string | null;
  /** The HTTP status this run would have had on /v1/chat/completions. */
  status: number;
  content: string | null;
  tool_calls: ToolCall[] | null;
  finish_reason: string | null;
  usage: Usage | null;
  charged_inr: string;
  latency_ms: number;
  receipt_id: string;
  receipt_url: string;
  serve_mode: ServeMode;
  error: OpenAIErrorBody['error'] | null;
}

export interface CompareRunResult {
  object: 'compare.run';
  request_id: string;
  charged_inr: string;
  results: RunResult[];
}

export async function runComparison(services: GatewayServices, input: RunInput, ctx: RunContext): Promise<CompareRunResult> {
  await checkRunnable(services, ctx.principal.project.id, input.models);
  const results = await Promise.all(input.requests.map((request) => runOne(services, request, ctx)));
  const charged = results.reduce((sum, r) => sum + BigInt(parseMicro(r.charged_inr)), 0n);
  return { object: 'compare.run', request_id: ctx.requestId, charged_inr: formatMicro(charged), results };
}

/** Unknown names are a 404 up front (naming the entry), not eight failure receipts. */
async function checkRunnable(services: GatewayServices, projectId: string, models: readonly string[]): Promise<void> {
  for (const [i, name] of models.entries()) {
    if (services.catalog.resolve(name)) {
      try {
        resolveModel(services.catalog, name);
      } catch (err) {
        if (err instanceof GatewayError) throw new GatewayError({ status: err.status, type: err.type, code: err.code, message: err.message, param: `models[${i}]` });
        throw err;
      }
      continue;
    }
    const route = (await getProjectRoute(services.db, projectId, name)) ?? services.routing.configRoutes.get(name) ?? (name === 'auto' ? AUTO_ROUTE : null);
    if (!route) throw notFound(`The model '${name}' does not exist. GET /v1/models lists the available models.`, 'model_not_found', `models[${i}]`);
  }
}

async function runOne(services: GatewayServices, request: ChatRequest, ctx: RunContext): Promise<RunResult> {
  const startedAt = Date.now();
  const receiptId = newReceiptId();
  const receiptUrl = ctx.receiptUrl(receiptId);
  const outcome = await runChatCompletion(services, {
    principal: ctx.principal,
    request,
    requestId: ctx.requestId,
    receiptId,
    receiptUrl,
    workload: ctx.workload,
    tags: ctx.tags,
    startedAt,
    signal: ctx.signal,
    cacheHeaders: ctx.cacheHeaders,
  });
  const { draft, receipt } = outcome;
  const base = {
    model: request.model,
    model_served: draft.modelServed,
    provider: draft.provider,
    charged_inr: formatMicro(draft.chargedUinr),
    latency_ms: receipt?.latency_ms ?? Date.now() - startedAt,
    receipt_id: draft.id,
    receipt_url: receiptUrl,
    serve_mode: draft.serveMode,
  };
  return { ...base, ...answerOf(outcome) };
}

type Answer = Pick<RunResult, 'status' | 'content' | 'tool_calls' | 'finish_reason' | 'usage' | 'error'>;

function answerOf(outcome: InferenceOutcome): Answer {
  switch (outcome.kind) {
    case 'json': {
      const choice = outcome.body.choices[0];
      return {
        status: 200,
        content: choice?.message.content ?? null,
        tool_calls: choice?.message.tool_calls ?? null,
        finish_reason: choice?.finish_reason ?? null,
        usage: outcome.body.usage ?? null,
        error: null,
      };
    }
    case 'error':
      return { status: outcome.error.status, content: null, tool_calls: null, finish_reason: null, usage: null, error: outcome.error.toBody().error };
    case 'stream':
      // parseRunInput refuses stream: true, so the pipeline never answers with a stream here.
      void outcome.frames.return(undefined);
      return { status: 500, content: null, tool_calls: null, finish_reason: null, usage: null, error: { message: 'unexpected stream', type: 'server_error', param: null, code: 'internal_error' } };
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}
