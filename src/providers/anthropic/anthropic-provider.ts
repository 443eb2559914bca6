import type { ChatRequest } from '../../openai/chat-request.js';
import { noProviderAvailable } from '../../openai/errors.js';
import type { Provider, ProviderResult, ProviderStream, UpstreamTarget } from '../provider.js';

/** Anthropic Messages API adapter (placeholder until the translation lands). */
export class AnthropicProvider implements Provider {
  readonly id = 'anthropic';
  static readonly defaultBaseUrl = 'https://api.anthropic.com';

  check(_req: ChatRequest, _target: UpstreamTarget): void {}

  async complete(): Promise<ProviderResult> {
    throw noProviderAvailable('The anthropic adapter is not available yet.');
  }

  async stream(): Promise<ProviderStream> {
    throw noProviderAvailable('The anthropic adapter is not available yet.');
  }
}
