import { pino, type Logger as PinoLogger } from 'pino';
import type { Config } from '../config/config-schema.js';

/**
 * The process logger (pino, JSON lines). Credentials are redacted at every path they could
 * appear under; `redactSecrets` scrubs free text separately.
 */
export function createLogger(config: Config): PinoLogger {
  return pino({
    level: config.server.log_level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-goog-api-key"]', '*.api_key', '*.apiKey', 'headers.authorization'],
      censor: '[redacted]',
    },
  });
}
