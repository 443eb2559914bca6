import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { CacheEntry, CacheKind, ReplayPayload } from './cache-entry.js';

/** Durable cache entries in the `cache_entries` table (SQLite or PostgreSQL). */
export class SqlCacheStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(keyHash: string): Promise<CacheEntry | null> {
    const row = await this.db.selectFrom('cache_entries').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    if (!row) return null;
    let payload: ReplayPayload;
    try {
      payload = JSON.parse(row.payload_json) as ReplayPayload;
    } catch {
      payload = { model: '', choices: [], usage: null, system_fingerprint: null };
    }
    return {
      keyHash: row.key_hash,
      kind: row.kind as CacheKind,
      projectId: row.project_id,
      provider: row.provider,
      modelId: row.model_id,
      canonicalRequest: row.canonical_request,
      payload,
      responseHash: row.response_hash,
      sourceReceiptId: row.source_receipt_id,
      createdMs: Number(row.created_ms),
      expiresMs: Number(row.expires_ms),
    };
  }

  async put(entry: CacheEntry): Promise<void> {
    const values = {
      key_hash: entry.keyHash,
      kind: entry.kind,
      project_id: entry.projectId,
      provider: entry.provider,
      model_id: entry.modelId,
      canonical_request: entry.canonicalRequest,
      payload_json: JSON.stringify(entry.payload),
      response_hash: entry.responseHash,
      source_receipt_id: entry.sourceReceiptId,
      created_ms: entry.createdMs,
      expires_ms: entry.expiresMs,
    };
    await this.db
      .insertInto('cache_entries')
      .values(values)
      .onConflict((oc) => oc.column('key_hash').doUpdateSet(values))
      .execute();
  }

  async delete(keyHash: string): Promise<void> {
    await this.db.deleteFrom('cache_entries').where('key_hash', '=', keyHash).execute();
  }

  /** Removes expired entries; returns how many. */
  async purgeExpired(now = Date.now()): Promise<number> {
    const result = await this.db.deleteFrom('cache_entries').where('expires_ms', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
