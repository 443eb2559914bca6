import type { CatalogModel } from '../catalog/catalog.js';
import type { BillingBasis } from '../billing/receipt.js';
import type { ChatRequest } from '../openai/chat-request.js';
import type { ChatChunk, ChatCompletion } from '../openai/chat-response.js';

/**
 * The one interface every provider adapter implements. Requests and results are in OpenAI's
 * Chat Completions shape, which is our wire contract: an adapter translates to its upstream's
 * protocol and back, so nothing above this layer knows a vendor's format.
 */

export interface UpstreamTarget {
  model: CatalogModel;
  upstreamModel: string;
  baseUrl: string;
  apiKey: string | null;
  billingBasis: BillingBasis;
  /** Time allowed for response headers, and for each gap between body chunks. */
  timeoutMs: number;
  /** Tenant-supplied upstream (BYOK): connect only to public addresses, checked at connect time. */
  guarded: boolean;
}

export interface ProviderResult {
  completion: ChatCompletion;
  providerRequestId: string | null;
  /** finish_reason exactly as the upstream said it (for choice 0), beside our normalised one. */
  rawFinishReason: string | null;
}

export interface ProviderStream {
  providerRequestId: string | null;
  /** OpenAI-shaped chunks; throws a GatewayError if the upstream fails mid-stream. */
  chunks: AsyncIterable<ChatChunk>;
  /** Raw finish reason seen so far (after iteration ends: the final one). */
  rawFinishReason(): string | null;
}

export interface Provider {
  readonly id: string;
  /** Throws a 400 naming the parameter when this upstream cannot honour the request. */
  check(req: ChatRequest, target: UpstreamTarget): void;
  complete(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderResult>;
  /** Resolves once the upstream accepted the stream (HTTP 200), so earlier failures are plain errors. */
  stream(req: ChatRequest, target: UpstreamTarget, signal: AbortSignal): Promise<ProviderStream>;
}
