import { openAIKit } from './openai-kit.js';
import { runProviderConformance } from './provider-conformance.js';

runProviderConformance(openAIKit({ name: 'openai', provider: 'openai', model: 'gpt-5.5', upstreamModel: 'gpt-5.5' }));
