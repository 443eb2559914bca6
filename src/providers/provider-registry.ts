import type { CatalogModel } from '../catalog/catalog.js';
import type { Config } from '../config/config-schema.js';
import { noProviderAvailable } from '../openai/errors.js';
import { OpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import { OPENAI_COMPATIBLE_ROWS } from './openai-compatible/provider-rows.js';
import type { Provider, UpstreamTarget } from './provider.js';
import { SandboxProvider } from './sandbox/sandbox-provider.js';
import { AnthropicProvider } from './anthropic/anthropic-provider.js';
import { GeminiProvider } from './gemini/gemini-provider.js';

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Provider id → adapter, and catalog model → where and how to call it (base URL and key from
 * config or env). Adapters are reached only through the Provider interface.
 */
export class ProviderRegistry {
  private readonly adapters = new Map<string, Provider>();
  private readonly defaultBaseUrls = new Map<string, string>();

  constructor(private readonly config: Config, extra: ReadonlyArray<{ provider: Provider; defaultBaseUrl: string }> = []) {
    this.register(new SandboxProvider(), 'sandbox:');
    for (const row of Object.values(OPENAI_COMPATIBLE_ROWS)) this.register(new OpenAICompatibleProvider(row), row.defaultBaseUrl);
    // Native-protocol adapters: one line each.
    this.register(new AnthropicProvider(), AnthropicProvider.defaultBaseUrl);
    this.register(new GeminiProvider(), GeminiProvider.defaultBaseUrl);
    for (const { provider, defaultBaseUrl } of extra) this.register(provider, defaultBaseUrl);
  }

  private register(provider: Provider, defaultBaseUrl: string): void {
    this.adapters.set(provider.id, provider);
    this.defaultBaseUrls.set(provider.id, defaultBaseUrl);
  }

  get(providerId: string): Provider | undefined {
    return this.adapters.get(providerId);
  }

  has(providerId: string): boolean {
    return this.adapters.has(providerId);
  }

  /** Platform-credential target for a model; throws 503 when the provider is not configured. */
  platformTarget(model: CatalogModel): UpstreamTarget {
    const providerId = model.provider;
    if (!this.adapters.has(providerId)) throw noProviderAvailable(`No adapter for provider '${providerId}'.`);
    const settings = this.config.providers[providerId];
    const apiKey = settings?.api_key ?? null;
    if (providerId !== 'sandbox' && !apiKey) {
      throw noProviderAvailable(`Provider '${providerId}' has no API key configured on this gateway (set ${envPrefix(providerId)}_API_KEY or providers.${providerId}.api_key).`);
    }
    return {
      model,
      upstreamModel: model.upstream_model,
      baseUrl: settings?.base_url ?? this.defaultBaseUrls.get(providerId) ?? '',
      apiKey,
      billingBasis: 'platform',
      timeoutMs: settings?.timeout_ms ?? DEFAULT_TIMEOUT_MS,
      guarded: false,
    };
  }

  /** A project's own credential (BYOK): its key, and its base URL if it set one. */
  byokTarget(model: CatalogModel, credential: { apiKey: string; baseUrl: string | null }): UpstreamTarget {
    const providerId = model.provider;
    if (!this.adapters.has(providerId)) throw noProviderAvailable(`No adapter for provider '${providerId}'.`);
    const settings = this.config.providers[providerId];
    return {
      model,
      upstreamModel: model.upstream_model,
      baseUrl: credential.baseUrl ?? settings?.base_url ?? this.defaultBaseUrls.get(providerId) ?? '',
      apiKey: credential.apiKey,
      billingBasis: 'byok',
      timeoutMs: settings?.timeout_ms ?? DEFAULT_TIMEOUT_MS,
      // Only a base URL the tenant chose needs the connect-time guard.
      guarded: credential.baseUrl !== null && !this.config.security.allow_private_upstreams,
    };
  }
}

function envPrefix(providerId: string): string {
  return providerId === 'zhipu' ? 'ZHIPUAI' : providerId.toUpperCase();
}
