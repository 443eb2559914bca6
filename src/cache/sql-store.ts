import type { Kysely, Transaction } from 'kysely';
import type { CacheEntriesTable, Database } from '../db/schema.js';
import { hotQuery } from '../db/hot-query.js';
import type { CacheEntry, CacheKind, ReplayPayload } from './cache-entry.js';

/** A cache_entries row as the drivers return it: PostgreSQL reads bigint columns back as strings. */
type CacheRow = Omit<CacheEntriesTable, 'created_ms' | 'expires_ms'> & { created_ms: number | string; expires_ms: number | string };

const COLUMNS = 'key_hash, kind, project_id, provider, model_id, canonical_request, payload_json, response_hash, source_receipt_id, created_ms, expires_ms';
const GET = hotQuery<CacheRow>(`select ${COLUMNS} from cache_entries where key_hash = ?`);
// Every column but the key is replaced on conflict: a later answer for the same key wins.
const PUT = hotQuery(
  `insert into cache_entries (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (key_hash) do update set ${COLUMNS.split(', ')
    .slice(1)
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`,
);

/** Durable cache entries in the `cache_entries` table (SQLite or PostgreSQL). */
export class SqlCacheStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(keyHash: string): Promise<CacheEntry | null> {
    const row = (await GET.run(this.db, [keyHash])).rows[0];
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

  /** Upserts the entry; pass the receipt's transaction to store it in the same commit. */
  async put(entry: CacheEntry, db: Kysely<Database> | Transaction<Database> = this.db): Promise<void> {
    await PUT.run(db, [
      entry.keyHash,
      entry.kind,
      entry.projectId,
      entry.provider,
      entry.modelId,
      entry.canonicalRequest,
      JSON.stringify(entry.payload),
      entry.responseHash,
      entry.sourceReceiptId,
      entry.createdMs,
      entry.expiresMs,
    ]);
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
