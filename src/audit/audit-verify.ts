import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AUDIT_GENESIS, auditHash, rowToEntry, type AuditEntry, type AuditRow } from './audit-entry.js';

export type AuditVerifyResult =
  | { ok: true; entries: number; firstBadSeq: null; reason: null; head: string }
  | {
      ok: false;
      /** Entries checked before (and including) the first bad one. */
      entries: number;
      firstBadSeq: number;
      reason: string;
      /** The offending stored row as read (for a missing entry: the row after the gap, if any). */
      badEntry: AuditRow | null;
    };

const PAGE = 1000;

/**
 * Walks the chain in seq order, a page at a time, and reports the first break: a gap in seq (a
 * deleted entry), a prev_hash that is not the previous entry's hash (reordered or replaced), a
 * hash that does not match the entry's contents (edited), or a chain head that disagrees with the
 * last entry (entries deleted from the end, or inserted around appendAudit).
 *
 * What it cannot catch: someone with write access who rewrites every hash from the edit onwards
 * and the head too. Anchoring the head elsewhere (a signed checkpoint) is what closes that.
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerifyResult> {
  let expectedSeq = 1;
  let prevHash = AUDIT_GENESIS;
  let checked = 0;
  const bad = (seq: number, reason: string, row: AuditRow | null): AuditVerifyResult => ({ ok: false, entries: checked, firstBadSeq: seq, reason, badEntry: row });

  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const seq = Number(row.seq);
      checked++;
      if (seq !== expectedSeq) {
        const missing = seq - 1 === expectedSeq ? `entry ${expectedSeq} is missing` : `entries ${expectedSeq}–${seq - 1} are missing`;
        return bad(expectedSeq, `${missing} (deleted): the next entry present is ${seq}`, row);
      }
      let entry: AuditEntry;
      try {
        entry = rowToEntry(row);
      } catch {
        return bad(seq, `entry ${seq} does not parse (its before/after is not JSON): edited`, row);
      }
      if (row.prev_hash !== prevHash) {
        return bad(seq, `entry ${seq}'s prev_hash is not the hash of entry ${seq - 1}: entries were reordered, replaced or rewritten`, row);
      }
      const { hash, ...unhashed } = entry;
      if (auditHash(unhashed) !== hash) return bad(seq, `entry ${seq}'s contents do not match its hash: edited`, row);
      prevHash = hash;
      expectedSeq++;
    }
    if (rows.length < PAGE) break;
  }

  const last = expectedSeq - 1;
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) return bad(last + 1, 'the chain head row is missing', null);
  const headSeq = Number(head.seq);
  if (headSeq > last) return bad(last + 1, `entries ${last + 1}–${headSeq} are missing from the end (deleted): the chain head says ${headSeq}`, null);
  if (headSeq < last) return bad(headSeq + 1, `entries after ${headSeq} were written around the chain head (not by appendAudit)`, null);
  if (head.hash !== prevHash) return bad(last, `the chain head's hash does not match entry ${last}`, null);
  return { ok: true, entries: last, firstBadSeq: null, reason: null, head: prevHash };
}
