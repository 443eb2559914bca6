import { describe, expect, it } from 'vitest';
import { upstreamError } from '../../openai/errors.js';
import { OPENAI_COMPATIBLE_ROWS } from './provider-rows.js';
import { otherRegionBaseUrl, withRegionHint } from './region-hint.js';

const dashscope = OPENAI_COMPATIBLE_ROWS.dashscope!;

describe('region hint', () => {
  it("names the row's other endpoint when the key is refused on one of its two", () => {
    expect(otherRegionBaseUrl(dashscope, 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1/')).toBe('https://dashscope.aliyuncs.com/compatible-mode/v1');
    expect(otherRegionBaseUrl(dashscope, 'https://dashscope.aliyuncs.com/compatible-mode/v1')).toBe('https://dashscope-intl.aliyuncs.com/compatible-mode/v1');
    expect(otherRegionBaseUrl(dashscope, 'http://127.0.0.1:9999')).toBeNull();
    expect(otherRegionBaseUrl(OPENAI_COMPATIBLE_ROWS.openai!, 'https://api.openai.com/v1')).toBeNull();
    const err = withRegionHint(upstreamError('dashscope', 'authentication with the provider failed (HTTP 401): bad key'), 401, dashscope, dashscope.defaultBaseUrl);
    expect(err.message).toContain('https://dashscope.aliyuncs.com/compatible-mode/v1');
    expect(err.message).toContain('DASHSCOPE_BASE_URL');
    expect(err).toMatchObject({ status: 502, code: 'upstream_error', provider: 'dashscope' });
    const other = upstreamError('dashscope', 'HTTP 500');
    expect(withRegionHint(other, 500, dashscope, dashscope.defaultBaseUrl)).toBe(other);
  });

  it('every China endpoint is https, without a trailing slash, and differs from the default', () => {
    for (const row of Object.values(OPENAI_COMPATIBLE_ROWS)) {
      if (!row.chinaBaseUrl) continue;
      expect(row.chinaBaseUrl).toMatch(/^https:\/\/[^/]+.*[^/]$/);
      expect(row.chinaBaseUrl).not.toBe(row.defaultBaseUrl);
    }
  });
});
