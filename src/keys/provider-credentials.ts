import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { hotQuery } from '../db/hot-query.js';
import type { SecretBox } from './secret-box.js';
import type { TenancyCache } from './tenancy-cache.js';

/**
 * BYOK: a project's own provider key, sealed with AES-256-GCM under the master key (the project
 * and provider are the associated data, so a sealed key cannot be moved to another project).
 * Never returned: only `…last4`.
 */

export interface ProviderCredential {
  projectId: string;
  provider: string;
  apiKey: string;
  baseUrl: string | null;
}

const aad = (projectId: string, provider: string) => `byok:${projectId}:${provider}`;

export async function putCredential(db: Kysely<Database>, box: SecretBox, c: ProviderCredential): Promise<void> {
  const now = Date.now();
  const row = {
    project_id: c.projectId,
    provider: c.provider,
    api_key_enc: box.seal(c.apiKey, aad(c.projectId, c.provider)),
    last4: c.apiKey.slice(-4),
    base_url: c.baseUrl,
    created_ms: now,
    updated_ms: now,
  };
  await db
    .insertInto('provider_credentials')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'provider']).doUpdateSet({ api_key_enc: row.api_key_enc, last4: row.last4, base_url: row.base_url, updated_ms: now }))
    .execute();
}

export async function getCredential(db: Kysely<Database>, box: SecretBox, projectId: string, provider: string): Promise<ProviderCredential | null> {
  const row = await db.selectFrom('provider_credentials').selectAll().where('project_id', '=', projectId).where('provider', '=', provider).executeTakeFirst();
  if (!row) return null;
  return { projectId, provider, apiKey: box.open(row.api_key_enc, aad(projectId, provider)), baseUrl: row.base_url };
}

const PROJECT_CREDENTIALS = hotQuery<{ provider: string; api_key_enc: string; base_url: string | null }>('select provider, api_key_enc, base_url from provider_credentials where project_id = ?');

/** Every credential of a project, unsealed, by provider: one query per request instead of one per candidate. */
export async function credentialsForProject(db: Kysely<Database>, box: SecretBox, projectId: string, cache: TenancyCache | null = null): Promise<Map<string, ProviderCredential>> {
  const lookup = async () => (await PROJECT_CREDENTIALS.run(db, [projectId])).rows;
  // Sealed rows are kept; each request unseals its own copy.
  const rows = (cache ? await cache.get(`byok:${projectId}`, lookup) : await lookup()) ?? [];
  return new Map(rows.map((r) => [r.provider, { projectId, provider: r.provider, apiKey: box.open(r.api_key_enc, aad(projectId, r.provider)), baseUrl: r.base_url }]));
}

export async function deleteCredential(db: Kysely<Database>, projectId: string, provider: string): Promise<boolean> {
  const r = await db.deleteFrom('provider_credentials').where('project_id', '=', projectId).where('provider', '=', provider).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listCredentials(db: Kysely<Database>, projectId: string) {
  const rows = await db.selectFrom('provider_credentials').select(['provider', 'last4', 'base_url', 'created_ms', 'updated_ms']).where('project_id', '=', projectId).orderBy('provider').execute();
  return rows.map((r) => ({
    object: 'provider_credential' as const,
    project_id: projectId,
    provider: r.provider,
    api_key: `…${r.last4}`,
    base_url: r.base_url,
    created: new Date(Number(r.created_ms)).toISOString(),
    updated: new Date(Number(r.updated_ms)).toISOString(),
  }));
}
