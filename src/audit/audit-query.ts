import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { rowToEntry, type AuditEntry } from './audit-entry.js';

export interface AuditQuery {
  limit: number;
  /** The seq of the last entry of the previous page. */
  cursor?: number;
  /** Exact action, or a prefix ending in "*" ("key.*"). */
  action?: string;
  target?: string;
  order: 'asc' | 'desc';
}

export async function listAudit(db: Kysely<Database>, q: AuditQuery): Promise<{ data: AuditEntry[]; next_cursor: number | null }> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('seq', q.order)
    .limit(q.limit + 1);
  if (q.cursor !== undefined) query = query.where('seq', q.order === 'desc' ? '<' : '>', q.cursor);
  if (q.target !== undefined) query = query.where('target', '=', q.target);
  if (q.action !== undefined) {
    if (q.action.endsWith('*')) {
      // substr, not LIKE: portable (no ESCAPE differences) and "_" or "%" in a prefix stay literal.
      const prefix = q.action.slice(0, -1);
      query = query.where(sql<string>`substr(${sql.ref('action')}, 1, ${prefix.length})`, '=', prefix);
    } else query = query.where('action', '=', q.action);
  }
  const rows = await query.execute();
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return { data: page.map(rowToEntry), next_cursor: rows.length > q.limit && last ? Number(last.seq) : null };
}
