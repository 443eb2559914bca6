import { describe, expect, it } from 'vitest';
import { decodeToolCallId, encodeToolCallId, syntheticCallId } from './gemini-tool-call-id.js';

describe('gemini tool-call ids', () => {
  it('synthesises call_<responseId>_<n>, with the candidate index past the first, or call_<n> without a responseId', () => {
    expect(syntheticCallId('mVQ0aPv3Ir2nz7IP', 0, 0)).toBe('call_mVQ0aPv3Ir2nz7IP_0');
    expect(syntheticCallId('mVQ0aPv3Ir2nz7IP', 1, 0)).toBe('call_mVQ0aPv3Ir2nz7IP_1_0');
    expect(syntheticCallId('a.b/c', 0, 2)).toBe('call_a-b-c_2');
    expect(syntheticCallId(null, 0, 1)).toBe('call_1');
  });

  it('carries a thought signature through the id, base64url-encoded, and restores it', () => {
    const id = encodeToolCallId('call_r1_0', 'CiQB+/x9ab==');
    expect(id).toBe('call_r1_0__thought__CiQB-_x9ab');
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeToolCallId(id)).toEqual({ id: 'call_r1_0', thoughtSignature: 'CiQB+/x9ab==' });
  });

  it('leaves ids without a signature alone', () => {
    expect(encodeToolCallId('call_1', undefined)).toBe('call_1');
    expect(decodeToolCallId('call_1')).toEqual({ id: 'call_1', thoughtSignature: null });
    expect(decodeToolCallId('toolu_01A')).toEqual({ id: 'toolu_01A', thoughtSignature: null });
  });
});
