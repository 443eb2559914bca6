import { describe, expect, it } from 'vitest';
import { normaliseAnthropicStopReason } from './anthropic-finish-reason.js';

describe('normaliseAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'other'],
    ['a_value_from_the_future', 'other'],
  ] as const)('%s → %s', (raw, unified) => {
    expect(normaliseAnthropicStopReason(raw)).toBe(unified);
  });

  it('no stop reason yet → null', () => {
    expect(normaliseAnthropicStopReason(null)).toBeNull();
    expect(normaliseAnthropicStopReason('')).toBeNull();
  });
});
