import { describe, expect, it } from 'vitest';
import { SseDecoder } from './sse-decoder.js';

describe('SseDecoder', () => {
  it('splits events across arbitrary chunk boundaries, CRLF and multi-byte characters', () => {
    const text = 'event: message_start\r\ndata: {"a":"नमस्ते"}\r\n\r\n: ping comment\n\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n';
    const bytes = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 7, bytes.length]) {
      const decoder = new SseDecoder();
      const events = [];
      for (let i = 0; i < bytes.length; i += size) events.push(...decoder.push(bytes.subarray(i, i + size)));
      events.push(...decoder.end());
      expect(events).toEqual([
        { event: 'message_start', data: '{"a":"नमस्ते"}', id: null },
        { event: null, data: 'line1\nline2', id: null },
        { event: null, data: '[DONE]', id: null },
      ]);
    }
  });

  it('dispatches a final event that lacks its blank line', () => {
    const decoder = new SseDecoder();
    expect(decoder.push('data: {"x":1}')).toEqual([]);
    expect(decoder.end()).toEqual([{ event: null, data: '{"x":1}', id: null }]);
  });
});
