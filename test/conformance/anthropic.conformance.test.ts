import { anthropicKit } from './anthropic-kit.js';
import { runProviderConformance } from './provider-conformance.js';

runProviderConformance(anthropicKit({ name: 'anthropic', model: 'claude-sonnet-4-5', upstreamModel: 'claude-sonnet-4-5-20250929' }));
runProviderConformance(anthropicKit({ name: 'anthropic/claude-haiku-4-5', model: 'claude-haiku-4-5', upstreamModel: 'claude-haiku-4-5-20251001' }));
