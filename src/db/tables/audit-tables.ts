/** Tables of the audit trail (issue 5): a hash-chained, append-only log of admin mutations. */

export interface AuditLogTable {
  /** 1, 2, 3, … with no gaps: a missing number is a deleted entry. */
  seq: number;
  created_ms: number;
  /** An admin key id, "cli" or "system". */
  actor: string;
  action: string;
  target: string | null;
  /** Canonical JSON of the state before/after, secrets scrubbed; null when there is none. */
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

/**
 * The chain head, one row (id = 1): the last seq and hash. Appends lock it first, which
 * serialises them on SQLite and PostgreSQL alike; verification compares it with the last entry,
 * so deleting entries from the end is detected too.
 */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
