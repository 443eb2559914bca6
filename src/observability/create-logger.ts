import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type { Config } from '../config/config-schema.js';

/** Every path a credential could appear under in a logged object (pino redact syntax). */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-goog-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers["x-goog-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers["x-goog-api-key"]',
  'api_key',
  'apiKey',
  '*.api_key',
  '*.apiKey',
];

/**
 * The process logger (pino, JSON lines, stdout unless a destination is given). Credentials are
 * redacted at every path they could appear under; `redactSecrets` scrubs free text separately.
 */
export function createLogger(config: Config, destination?: DestinationStream): PinoLogger {
  const options = { level: config.server.log_level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
