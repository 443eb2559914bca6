import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AUDIT_GENESIS, auditHash, type AuditEntry } from './audit-entry.js';
import { scrubForAudit, scrubString } from './audit-redact.js';

export { AUDIT_GENESIS, type AuditEntry } from './audit-entry.js';

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

/**
 * Appends an event to the audit log and returns the stored entry.
 *
 * Appends are serialised by the chain-head row: its first statement is a write to that row, so
 * on PostgreSQL the row lock is held until commit (a second appender blocks, then re-reads the
 * committed head under READ COMMITTED), and on SQLite the write lock is taken before the head is
 * read (no stale snapshot, no fork, even across processes sharing the file). Pass a transaction
 * to make the audit entry atomic with the mutation it records; take other row locks first and
 * the head last, so appenders never wait on each other in a cycle.
 */
export async function appendAudit(db: Kysely<Database>, event: AuditEvent): Promise<AuditEntry> {
  if (db.isTransaction) return appendIn(db, event);
  return db.transaction().execute((trx) => appendIn(trx, event));
}

async function appendIn(trx: Kysely<Database>, event: AuditEvent): Promise<AuditEntry> {
  const locked = await trx
    .updateTable('audit_head')
    .set({ seq: sql<number>`seq + 1` })
    .where('id', '=', 1)
    .executeTakeFirst();
  if (Number(locked.numUpdatedRows) !== 1) throw new Error('audit chain head is missing: run `nextmodel audit verify`');
  const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  const createdMs = Date.now();
  const unhashed: Omit<AuditEntry, 'hash'> = {
    seq: Number(head.seq),
    created: new Date(createdMs).toISOString(),
    actor: scrubString(event.actor),
    action: event.action,
    target: event.target === null ? null : scrubString(event.target),
    before: scrubForAudit(event.before),
    after: scrubForAudit(event.after),
    prev_hash: head.hash,
  };
  const entry: AuditEntry = { ...unhashed, hash: auditHash(unhashed) };
  await trx
    .insertInto('audit_log')
    .values({
      seq: entry.seq,
      created_ms: createdMs,
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before_json: entry.before === null ? null : JSON.stringify(entry.before),
      after_json: entry.after === null ? null : JSON.stringify(entry.after),
      prev_hash: entry.prev_hash,
      hash: entry.hash,
    })
    .execute();
  await trx.updateTable('audit_head').set({ hash: entry.hash }).where('id', '=', 1).execute();
  return entry;
}
