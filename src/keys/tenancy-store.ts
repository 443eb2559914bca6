import type { Kysely, Selectable } from 'kysely';
import type { ApiKeysTable, Database, ProjectsTable, TeamsTable } from '../db/schema.js';
import { sortableId } from '../util/ids.js';
import { displayPrefix, generateApiKey, hashApiKey, type KeyKind } from './api-key.js';
import { budgetView, rateLimitView } from '../spend/spend-policy.js';

/** Teams, projects and keys: the tenancy records every request is scoped by. */

export type TeamRow = Selectable<TeamsTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type KeyRow = Selectable<ApiKeysTable>;

export async function createTeam(db: Kysely<Database>, input: { name: string; gstin?: string | null; state_code?: string | null }): Promise<TeamRow> {
  const row: TeamRow = {
    id: sortableId('team_'),
    name: input.name,
    gstin: input.gstin ?? null,
    state_code: input.state_code ?? null,
    budget_json: null,
    rate_limit_json: null,
    created_ms: Date.now(),
    deleted_ms: null,
  };
  await db.insertInto('teams').values(row).execute();
  return row;
}

export async function createProject(db: Kysely<Database>, input: { name: string; team_id: string }): Promise<ProjectRow> {
  const row: ProjectRow = {
    id: sortableId('proj_'),
    team_id: input.team_id,
    name: input.name,
    cache_mode: 'on',
    canonical_cache: 0,
    cache_ttl_seconds: null,
    budget_json: null,
    rate_limit_json: null,
    created_ms: Date.now(),
    deleted_ms: null,
  };
  await db.insertInto('projects').values(row).execute();
  return row;
}

export interface CreatedKey {
  row: KeyRow;
  /** The plaintext key: returned exactly once, never stored. */
  key: string;
}

export async function createKey(
  db: Kysely<Database>,
  input: { kind: KeyKind; project_id: string | null; name?: string | null; environment?: string | null; workload?: string | null; plaintext?: string },
): Promise<CreatedKey> {
  const key = input.plaintext ?? generateApiKey(input.kind);
  const row: KeyRow = {
    id: sortableId('key_'),
    kind: input.kind,
    project_id: input.project_id,
    name: input.name ?? (input.kind === 'admin' ? 'admin' : 'default'),
    environment: input.environment ?? 'prod',
    workload: input.workload ?? null,
    key_hash: hashApiKey(key),
    prefix: displayPrefix(key),
    budget_json: null,
    rate_limit_json: null,
    created_ms: Date.now(),
    revoked_ms: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { row, key };
}

export async function findKeyByHash(db: Kysely<Database>, keyHash: string): Promise<KeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function getProject(db: Kysely<Database>, id: string): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).where('deleted_ms', 'is', null).executeTakeFirst();
}

export async function getTeam(db: Kysely<Database>, id: string): Promise<TeamRow | undefined> {
  return db.selectFrom('teams').selectAll().where('id', '=', id).where('deleted_ms', 'is', null).executeTakeFirst();
}

export async function listKeys(db: Kysely<Database>, filter: { project_id?: string } = {}): Promise<KeyRow[]> {
  let q = db.selectFrom('api_keys').selectAll().orderBy('created_ms');
  if (filter.project_id) q = q.where('project_id', '=', filter.project_id);
  return q.execute();
}

export async function getKey(db: Kysely<Database>, id: string): Promise<KeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Idempotent; returns false when no such key exists. */
export async function revokeKey(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_ms: Date.now() }).where('id', '=', id).where('revoked_ms', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) > 0) return true;
  return (await getKey(db, id)) !== undefined;
}

export async function listTeams(db: Kysely<Database>): Promise<TeamRow[]> {
  return db.selectFrom('teams').selectAll().where('deleted_ms', 'is', null).orderBy('created_ms').execute();
}

export async function listProjects(db: Kysely<Database>, filter: { team_id?: string } = {}): Promise<ProjectRow[]> {
  let q = db.selectFrom('projects').selectAll().where('deleted_ms', 'is', null).orderBy('created_ms');
  if (filter.team_id) q = q.where('team_id', '=', filter.team_id);
  return q.execute();
}

/** Public view of a key row: never the hash. */
export function keyView(row: KeyRow) {
  return {
    id: row.id,
    object: 'api_key' as const,
    kind: row.kind,
    project_id: row.project_id,
    name: row.name,
    environment: row.environment,
    workload: row.workload,
    display: row.prefix,
    budget: budgetView(row.budget_json),
    rate_limit: rateLimitView(row.rate_limit_json),
    created: new Date(Number(row.created_ms)).toISOString(),
    revoked: row.revoked_ms === null ? null : new Date(Number(row.revoked_ms)).toISOString(),
  };
}
