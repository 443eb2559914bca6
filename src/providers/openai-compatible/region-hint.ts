import { GatewayError } from '../../openai/errors.js';
import type { OpenAICompatibleRow } from './provider-row.js';

/**
 * Providers with an international and a mainland-China platform (DashScope, Moonshot, Zhipu,
 * MiniMax) issue keys per platform: a key from one is refused by the other. The gateway does not
 * pick the endpoint (`<PREFIX>_BASE_URL` does), so when the upstream refuses the key on one of the
 * row's two endpoints, the error names the other one and how to select it.
 * https://www.alibabacloud.com/help/en/model-studio/qwen-api-via-openai-chat-completions
 */

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** The row's other endpoint when `baseUrl` is one of its two, else null. */
export function otherRegionBaseUrl(row: OpenAICompatibleRow, baseUrl: string): string | null {
  if (!row.chinaBaseUrl) return null;
  if (sameUrl(baseUrl, row.defaultBaseUrl)) return row.chinaBaseUrl;
  if (sameUrl(baseUrl, row.chinaBaseUrl)) return row.defaultBaseUrl;
  return null;
}

export function withRegionHint(err: GatewayError, upstreamStatus: number, row: OpenAICompatibleRow, baseUrl: string): GatewayError {
  if (upstreamStatus !== 401 && upstreamStatus !== 403) return err;
  const other = otherRegionBaseUrl(row, baseUrl);
  if (!other) return err;
  return new GatewayError({
    status: err.status,
    type: err.type,
    code: err.code,
    param: err.param,
    retryable: err.retryable,
    ...(err.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: err.retryAfterSeconds }),
    ...(err.provider === undefined ? {} : { provider: err.provider }),
    cause: err,
    message: `${err.message} (keys are issued per platform: if this key belongs to ${other}, set ${row.baseUrlEnv} to it)`,
  });
}
