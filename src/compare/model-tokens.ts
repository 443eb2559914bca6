import type { CatalogModel } from '../catalog/catalog.js';
import { TOKENIZER } from './token-count.js';

/**
 * Whether a count made with o200k_base is the model's own count. OpenAI's current models use
 * o200k_base; every other vendor has its own tokenizer (and often a different chat template), so
 * their count is an estimate and says why.
 */
export interface TokenCountView {
  prompt_tokens: number;
  /** `tokenized` (gateway-counted), `given` (the caller's prompt_tokens). */
  prompt_source: 'tokenized' | 'given';
  estimated: boolean;
  estimate_reason: string | null;
  output_tokens: number;
  output_source: 'expected_output_tokens' | 'max_tokens' | 'default';
}

export function isOwnTokenizer(model: CatalogModel): boolean {
  return model.provider === 'openai';
}

export function estimateReason(model: CatalogModel, assumptions: readonly string[]): string | null {
  const reasons: string[] = [];
  if (!isOwnTokenizer(model)) {
    const vendor = model.provider === 'sandbox' ? 'the sandbox test model counts its own way' : `${model.provider} models use their own tokenizer`;
    reasons.push(`${vendor}; counted with ${TOKENIZER.encoding} (OpenAI)`);
  }
  reasons.push(...assumptions);
  return reasons.length ? reasons.join('; ') : null;
}
