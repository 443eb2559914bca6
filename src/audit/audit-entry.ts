import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../db/tables/audit-tables.js';
import { canonicalJson } from '../util/canonical-json.js';

/** The hash of the empty chain: entry 1's prev_hash. */
export const AUDIT_GENESIS = `sha256:${'0'.repeat(64)}`;

/**
 * One audit entry as the API shows it. `hash` is SHA-256 over the RFC 8785 canonical JSON of
 * every other field (prev_hash included), so anyone can re-check a page of
 * `GET /v1/admin/audit` without database access.
 */
export interface AuditEntry {
  seq: number;
  created: string;
  actor: string;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export type AuditRow = Selectable<AuditLogTable>;

export function auditHash(entry: Omit<AuditEntry, 'hash'>): string {
  const hashed = {
    seq: entry.seq,
    created: entry.created,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    before: entry.before,
    after: entry.after,
    prev_hash: entry.prev_hash,
  };
  return `sha256:${createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex')}`;
}

/** Stored row → entry. Throws on a JSON column that no longer parses (a tampered row). */
export function rowToEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    created: new Date(Number(row.created_ms)).toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
    prev_hash: row.prev_hash,
    hash: row.hash,
  };
}
