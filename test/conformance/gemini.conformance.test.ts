import { geminiKit } from './gemini-kit.js';
import { runProviderConformance } from './provider-conformance.js';

// gemini-3.1-pro-preview: an active catalog model on the Gemini 3 path (thinking levels, thought signatures).
runProviderConformance(geminiKit({ name: 'gemini', model: 'gemini-3.1-pro-preview', upstreamModel: 'gemini-3.1-pro-preview' }));
