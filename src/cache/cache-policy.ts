import type { Config } from '../config/config-schema.js';
import type { ProjectRow } from '../keys/tenancy-store.js';
import type { ChatRequest } from '../openai/chat-request.js';
import { invalidRequest } from '../openai/errors.js';
import { isTimeSensitive } from './time-sensitive.js';

/**
 * Whether this request may read and/or write the cache, and for how long an answer stays
 * fresh (SPEC §5.5–5.6 and the request controls of §4).
 */

export interface CachePlan {
  read: boolean;
  write: boolean;
  ttlSeconds: number;
  canonical: boolean;
}

export interface CacheControlHeaders {
  'x-nextmodel-cache'?: string | string[] | undefined;
  'cache-control'?: string | string[] | undefined;
  'x-nextmodel-cache-ttl'?: string | string[] | undefined;
}

const MAX_TTL_SECONDS = 31_536_000;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim();

type Control = 'default' | 'off' | 'refresh';

function requestControl(headers: CacheControlHeaders): Control {
  const explicit = first(headers['x-nextmodel-cache'])?.toLowerCase();
  if (explicit !== undefined && explicit !== '') {
    if (explicit === 'default' || explicit === 'off' || explicit === 'refresh') return explicit;
    throw invalidRequest("Header x-nextmodel-cache must be 'default', 'off' or 'refresh'.", 'x-nextmodel-cache');
  }
  const directives = (first(headers['cache-control']) ?? '').toLowerCase().split(',').map((d) => d.trim());
  if (directives.includes('no-store')) return 'off';
  if (directives.includes('no-cache')) return 'refresh';
  return 'default';
}

function requestTtl(headers: CacheControlHeaders): number | null {
  const raw = first(headers['x-nextmodel-cache-ttl']);
  if (raw === undefined || raw === '') return null;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_TTL_SECONDS) {
    throw invalidRequest(`Header x-nextmodel-cache-ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}.`, 'x-nextmodel-cache-ttl');
  }
  return Number(raw);
}

/** Validates the request's cache headers up front (a bad header is a 400 even on a cache-off project). */
export function planCache(config: Config, project: ProjectRow, req: ChatRequest, headers: CacheControlHeaders): CachePlan {
  const control = requestControl(headers);
  const headerTtl = requestTtl(headers);
  const mode = config.cache.mode === 'off' ? 'off' : project.cache_mode;
  let read = mode === 'on' || mode === 'read-only';
  let write = mode === 'on' || mode === 'write-only';
  if (control === 'off') read = write = false;
  if (control === 'refresh') read = false;
  let ttlSeconds = headerTtl ?? project.cache_ttl_seconds ?? config.cache.ttl_seconds;
  if (isTimeSensitive(req)) ttlSeconds = Math.min(ttlSeconds, config.cache.time_sensitive_ttl_seconds);
  return { read, write, ttlSeconds, canonical: project.canonical_cache === 1 || config.cache.canonical };
}
