import { describe, expect, it } from 'vitest';
import { normaliseGeminiFinishReason } from './gemini-finish-reason.js';

describe('normaliseGeminiFinishReason', () => {
  it('maps every documented value, and unknown ones to other (never stop)', () => {
    const cases: Array<[string | null, boolean, string | null]> = [
      [null, false, null],
      ['STOP', false, 'stop'],
      ['STOP', true, 'tool_calls'],
      ['MAX_TOKENS', true, 'length'],
      ['SAFETY', false, 'content_filter'],
      ['RECITATION', false, 'content_filter'],
      ['BLOCKLIST', false, 'content_filter'],
      ['PROHIBITED_CONTENT', false, 'content_filter'],
      ['SPII', false, 'content_filter'],
      ['IMAGE_SAFETY', false, 'content_filter'],
      ['LANGUAGE', false, 'other'],
      ['MALFORMED_FUNCTION_CALL', false, 'other'],
      ['UNEXPECTED_TOOL_CALL', true, 'other'],
      ['OTHER', false, 'other'],
      ['FINISH_REASON_UNSPECIFIED', false, 'other'],
      ['SOMETHING_NEW', false, 'other'],
    ];
    for (const [raw, calls, expected] of cases) expect(normaliseGeminiFinishReason(raw, calls), String(raw)).toBe(expected);
  });
});
