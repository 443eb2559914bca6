import type { ChatRequest } from '../../openai/chat-request.js';
import { noProviderAvailable } from '../../openai/errors.js';
import type { Provider, ProviderResult, ProviderStream, UpstreamTarget } from '../provider.js';

/** Gemini generateContent adapter (placeholder until the translation lands). */
export class GeminiProvider implements Provider {
  readonly id = 'gemini';
  static readonly defaultBaseUrl = 'https://generativelanguage.googleapis.com';

  check(_req: ChatRequest, _target: UpstreamTarget): void {}

  async complete(): Promise<ProviderResult> {
    throw noProviderAvailable('The gemini adapter is not available yet.');
  }

  async stream(): Promise<ProviderStream> {
    throw noProviderAvailable('The gemini adapter is not available yet.');
  }
}
