import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** One admin mutation or governance event, as appended to the hash-chained audit log. */
export interface AuditEvent {
  /** Who: an admin key id, "system", or "cli". */
  actor: string;
  /** What happened, e.g. "key.create", "budget.alert". */
  action: string;
  /** The object acted on, e.g. "key_…", "project_…". */
  target: string | null;
  /** State before and after, without secrets. */
  before?: unknown;
  after?: unknown;
}

/** Appends an event to the audit log (placeholder until the hash-chained log lands). */
export async function appendAudit(_db: Kysely<Database>, _event: AuditEvent): Promise<void> {}
