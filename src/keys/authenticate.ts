import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { invalidApiKey, permissionDenied } from '../openai/errors.js';
import { bearerToken, hashApiKey, hashesEqual } from './api-key.js';
import { hotQuery } from '../db/hot-query.js';
import type { KeyRow, ProjectRow, TeamRow } from './tenancy-store.js';
import type { TenancyCache } from './tenancy-cache.js';

export interface ProjectPrincipal {
  kind: 'project';
  key: KeyRow;
  project: ProjectRow;
  /** The project's team (its budget applies to the request too). */
  team: TeamRow | null;
}

export interface AdminPrincipal {
  kind: 'admin';
  key: KeyRow;
}

export type Principal = ProjectPrincipal | AdminPrincipal;

/**
 * Authorization header → principal. The lookup is by SHA-256 (an index probe reveals nothing
 * useful: an attacker cannot choose hash prefixes), then the stored hash is compared in
 * constant time. Revocation is read from the store on every request (or, with a tenancy cache,
 * noticed through tenancy_version on every request), so it takes effect at once.
 */
export async function authenticate(db: Kysely<Database>, authorization: string | undefined, cache: TenancyCache | null = null): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token) throw invalidApiKey();
  const hash = hashApiKey(token);
  // Key, project and team in one statement: this runs on every inference request.
  const lookup = async () => (await KEY_WITH_TENANCY.run(db, [hash])).rows[0];
  const row = cache ? await cache.get(`key:${hash}`, lookup) : await lookup();
  if (!row) throw invalidApiKey();
  const key: KeyRow = {
    id: row.id,
    kind: row.kind,
    project_id: row.project_id,
    name: row.name,
    environment: row.environment,
    workload: row.workload,
    key_hash: row.key_hash,
    prefix: row.prefix,
    budget_json: row.budget_json,
    rate_limit_json: row.rate_limit_json,
    created_ms: Number(row.created_ms),
    revoked_ms: row.revoked_ms === null ? null : Number(row.revoked_ms),
  };
  if (!hashesEqual(key.key_hash, hash)) throw invalidApiKey();
  if (key.revoked_ms !== null) throw invalidApiKey('This API key has been revoked.');
  if (key.kind === 'admin') return { kind: 'admin', key };
  if (row.p_id === null || row.p_team_id === null || row.p_name === null) throw invalidApiKey('This API key belongs to a project that no longer exists.');
  const project: ProjectRow = {
    id: row.p_id,
    team_id: row.p_team_id,
    name: row.p_name,
    cache_mode: row.p_cache_mode ?? 'on',
    canonical_cache: Number(row.p_canonical_cache ?? 0),
    cache_ttl_seconds: row.p_cache_ttl_seconds === null ? null : Number(row.p_cache_ttl_seconds),
    budget_json: row.p_budget_json,
    rate_limit_json: row.p_rate_limit_json,
    created_ms: Number(row.p_created_ms),
    deleted_ms: null,
  };
  const team: TeamRow | null =
    row.t_id === null || row.t_name === null
      ? null
      : { id: row.t_id, name: row.t_name, gstin: row.t_gstin, state_code: row.t_state_code, budget_json: row.t_budget_json, rate_limit_json: row.t_rate_limit_json, created_ms: Number(row.t_created_ms), deleted_ms: null };
  return { kind: 'project', key, project, team };
}

/** A key row with its live project and team columns (null when the key has none, or it was deleted). */
interface KeyTenancyRow extends Omit<KeyRow, 'created_ms' | 'revoked_ms'> {
  created_ms: number | string;
  revoked_ms: number | string | null;
  p_id: string | null;
  p_team_id: string | null;
  p_name: string | null;
  p_cache_mode: string | null;
  p_canonical_cache: number | string | null;
  p_cache_ttl_seconds: number | string | null;
  p_budget_json: string | null;
  p_rate_limit_json: string | null;
  p_created_ms: number | string | null;
  t_id: string | null;
  t_name: string | null;
  t_gstin: string | null;
  t_state_code: string | null;
  t_budget_json: string | null;
  t_rate_limit_json: string | null;
  t_created_ms: number | string | null;
}

const KEY_WITH_TENANCY = hotQuery<KeyTenancyRow>(`
  select k.id, k.kind, k.project_id, k.name, k.environment, k.workload, k.key_hash, k.prefix, k.budget_json, k.rate_limit_json, k.created_ms, k.revoked_ms,
    p.id as p_id, p.team_id as p_team_id, p.name as p_name, p.cache_mode as p_cache_mode, p.canonical_cache as p_canonical_cache,
    p.cache_ttl_seconds as p_cache_ttl_seconds, p.budget_json as p_budget_json, p.rate_limit_json as p_rate_limit_json, p.created_ms as p_created_ms,
    t.id as t_id, t.name as t_name, t.gstin as t_gstin, t.state_code as t_state_code, t.budget_json as t_budget_json,
    t.rate_limit_json as t_rate_limit_json, t.created_ms as t_created_ms
  from api_keys k
  left join projects p on p.id = k.project_id and p.deleted_ms is null
  left join teams t on t.id = p.team_id and t.deleted_ms is null
  where k.key_hash = ?`);

export function requireProject(principal: Principal): ProjectPrincipal {
  if (principal.kind !== 'project') {
    throw permissionDenied('Inference needs a project key (nm_…); admin keys manage the gateway but do not send requests.');
  }
  return principal;
}

export function requireAdmin(principal: Principal): AdminPrincipal {
  if (principal.kind !== 'admin') throw permissionDenied('This endpoint needs an admin key (nm_admin_…).');
  return principal;
}
