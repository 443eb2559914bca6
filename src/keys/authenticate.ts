import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { invalidApiKey, permissionDenied } from '../openai/errors.js';
import { bearerToken, hashApiKey, hashesEqual } from './api-key.js';
import { findKeyByHash, type KeyRow, type ProjectRow, type TeamRow } from './tenancy-store.js';

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
 * constant time. Revocation is read from the store on every request, so it takes effect at once.
 */
export async function authenticate(db: Kysely<Database>, authorization: string | undefined): Promise<Principal> {
  const token = bearerToken(authorization);
  if (!token) throw invalidApiKey();
  const hash = hashApiKey(token);
  const key = await findKeyByHash(db, hash);
  if (!key || !hashesEqual(key.key_hash, hash)) throw invalidApiKey();
  if (key.revoked_ms !== null) throw invalidApiKey('This API key has been revoked.');
  if (key.kind === 'admin') return { kind: 'admin', key };
  // Project and team in one query: this runs on every inference request.
  const row = key.project_id ? await projectWithTeam(db, key.project_id) : undefined;
  if (!row) throw invalidApiKey('This API key belongs to a project that no longer exists.');
  return { kind: 'project', key, project: row.project, team: row.team };
}

async function projectWithTeam(db: Kysely<Database>, projectId: string): Promise<{ project: ProjectRow; team: TeamRow | null } | undefined> {
  const row = await db
    .selectFrom('projects as p')
    .leftJoin('teams as t', (join) => join.onRef('t.id', '=', 'p.team_id').on('t.deleted_ms', 'is', null))
    .selectAll('p')
    .select(['t.id as team_row_id', 't.name as team_name', 't.gstin as team_gstin', 't.state_code as team_state_code', 't.budget_json as team_budget_json', 't.rate_limit_json as team_rate_limit_json', 't.created_ms as team_created_ms'])
    .where('p.id', '=', projectId)
    .where('p.deleted_ms', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { team_row_id, team_name, team_gstin, team_state_code, team_budget_json, team_rate_limit_json, team_created_ms, ...project } = row;
  const team: TeamRow | null =
    team_row_id === null || team_name === null
      ? null
      : { id: team_row_id, name: team_name, gstin: team_gstin, state_code: team_state_code, budget_json: team_budget_json, rate_limit_json: team_rate_limit_json, created_ms: Number(team_created_ms), deleted_ms: null };
  return { project: project as ProjectRow, team };
}

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
