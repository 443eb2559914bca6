/**
 * One error hierarchy for the whole gateway, rendered in one place into OpenAI's error body
 * `{"error":{"message","type","param","code"}}` (SPEC §4). The `openai` SDK maps the HTTP
 * status to its error classes, so the status is what clients branch on; `code` refines it.
 */

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'api_error'
  | 'upstream_error'
  | 'timeout_error'
  | 'server_error';

export interface GatewayErrorInit {
  status: number;
  type: ErrorType;
  code: string;
  message: string;
  param?: string | null;
  retryable?: boolean;
  /** Seconds the client should wait (429, 503). */
  retryAfterSeconds?: number;
  /** The provider whose failure this is, when it came from upstream. */
  provider?: string;
  cause?: unknown;
}

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string;
  readonly param: string | null;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly provider: string | undefined;

  constructor(init: GatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.param = init.param ?? null;
    this.retryable = init.retryable ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.provider = init.provider;
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

// Constructors for the errors of SPEC §4, so call sites read as intent.

export const invalidRequest = (message: string, param: string | null = null, code = 'invalid_request_error') =>
  new GatewayError({ status: 400, type: 'invalid_request_error', code, message, param });

export const invalidApiKey = (message = 'Incorrect or missing API key. Pass it as "Authorization: Bearer nm_…".') =>
  new GatewayError({ status: 401, type: 'authentication_error', code: 'invalid_api_key', message });

export const permissionDenied = (message: string) =>
  new GatewayError({ status: 403, type: 'permission_error', code: 'permission_denied', message });

export const notFound = (message: string, code = 'not_found', param: string | null = null) =>
  new GatewayError({ status: 404, type: 'invalid_request_error', code, message, param });

export const modelNotFound = (model: string, replacement?: string | null) =>
  new GatewayError({
    status: 404,
    type: 'invalid_request_error',
    code: 'model_not_found',
    param: 'model',
    message: replacement
      ? `The model '${model}' has been retired. Use '${replacement}' instead.`
      : `The model '${model}' does not exist. GET /v1/models lists the available models.`,
  });

export const requestTooLarge = (limitBytes: number) =>
  new GatewayError({
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: `Request body exceeds the limit of ${limitBytes} bytes.`,
  });

export const budgetExceeded = (message: string) =>
  new GatewayError({ status: 402, type: 'insufficient_quota', code: 'budget_exceeded', message });

export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new GatewayError({
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
    message,
    retryable: true,
    retryAfterSeconds,
  });

export const upstreamError = (provider: string, message: string, opts: { status?: number; retryable?: boolean; retryAfterSeconds?: number; cause?: unknown } = {}) =>
  new GatewayError({
    status: opts.status ?? 502,
    type: 'upstream_error',
    code: 'upstream_error',
    message: `${provider}: ${message}`,
    provider,
    retryable: opts.retryable ?? true,
    ...(opts.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: opts.retryAfterSeconds }),
    cause: opts.cause,
  });

export const upstreamTimeout = (provider: string, ms: number) =>
  new GatewayError({
    status: 504,
    type: 'timeout_error',
    code: 'upstream_timeout',
    message: `${provider}: no response within ${ms} ms`,
    provider,
    retryable: true,
  });

export const noProviderAvailable = (message: string) =>
  new GatewayError({ status: 503, type: 'api_error', code: 'no_provider_available', message, retryable: true });

export const internalError = (cause: unknown) =>
  new GatewayError({ status: 500, type: 'server_error', code: 'internal_error', message: 'Internal gateway error.', cause });

/** Anything thrown → a GatewayError; unknown exceptions become a 500 without leaking their text. */
export function toGatewayError(err: unknown): GatewayError {
  return err instanceof GatewayError ? err : internalError(err);
}
