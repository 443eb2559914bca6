import { describe, expect, it } from 'vitest';
import { normaliseOpenAIFinishReason } from './finish-reason.js';

describe('normaliseOpenAIFinishReason', () => {
  it.each([
    ['stop', 'stop'],
    ['tool_calls', 'tool_calls'],
    ['model_context_window_exceeded', 'length'], // Zhipu
    ['sensitive', 'content_filter'], // Zhipu
    ['network_error', 'error'], // Zhipu
    ['insufficient_system_resource', 'error'], // DeepSeek
    ['model_length', 'length'], // Mistral
    ['error', 'error'], // Mistral, OpenRouter
    ['eos', 'stop'], // Together
  ])('%s → %s', (raw, unified) => {
    expect(normaliseOpenAIFinishReason(raw)).toBe(unified);
  });

  it('unknown values become other, never stop', () => {
    expect(normaliseOpenAIFinishReason('something_new')).toBe('other');
    expect(normaliseOpenAIFinishReason(null)).toBeNull();
  });
});
