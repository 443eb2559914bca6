import type { CatalogModel } from '../catalog/catalog.js';
import type { ProviderCredential } from '../keys/provider-credentials.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { toGatewayError, type GatewayError } from '../openai/errors.js';
import type { Provider, UpstreamTarget } from '../providers/provider.js';
import type { RoutePlan } from '../routing/resolve-route.js';
import type { GatewayServices } from './gateway-services.js';

/** A candidate ready to call: its adapter and target (platform key or the project's own). */
export interface PreparedCandidate {
  model: CatalogModel;
  provider: Provider;
  target: UpstreamTarget;
}

/**
 * Targets and parameter checks per candidate. For a plain model id the first candidate's errors
 * (unsupported parameter, no credentials) are the answer; a route skips candidates that cannot
 * take this request, as long as one remains.
 */
export async function prepareCandidates(services: GatewayServices, req: ChatRequest, plan: RoutePlan, credentials: ReadonlyMap<string, ProviderCredential>): Promise<PreparedCandidate[]> {
  const out: PreparedCandidate[] = [];
  let firstError: GatewayError | null = null;
  for (const [i, model] of plan.candidates.entries()) {
    try {
      const provider = services.providers.get(model.provider);
      if (!provider) throw new Error(`no adapter for ${model.provider}`);
      const credential = credentials.get(model.provider);
      const target = credential ? services.providers.byokTarget(model, credential) : services.providers.platformTarget(model);
      if (plan.policy.attempt_timeout_ms) target.timeoutMs = plan.policy.attempt_timeout_ms;
      provider.check(req, target);
      out.push({ model, provider, target });
    } catch (err) {
      const error = toGatewayError(err);
      if (plan.routeName === null && i === 0) throw error;
      firstError ??= error;
    }
  }
  if (out.length === 0) throw firstError ?? new Error('no candidates');
  return out;
}
