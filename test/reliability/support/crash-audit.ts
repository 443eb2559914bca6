import { verifyReceipt } from '../../../src/billing/receipt-signer.js';
import { publicKeyMap } from '../../../src/billing/signing-keys.js';
import { openDatabase } from '../../../src/db/open-database.js';
import { releaseStaleReservations } from '../../../src/spend/budget-ledger.js';
import { RECEIPT_SCOPE_COLUMN, type ScopeKind } from '../../../src/spend/spend-scopes.js';
import { istDayNumber } from '../../../src/usage/usage-rollup.js';
import { istMonthRange } from '../../../src/util/ist-periods.js';
import type { ClientRecord } from './load-clients.js';

/**
 * What the SQLite store can show after a crash, checked against what the clients saw. Every
 * request carries a unique tag, so each receipt maps to the request that caused it.
 *
 * A request's outcome, as the store and the client can tell it:
 *  - delivered: the client received the whole response. It must have exactly one receipt, with the
 *    id the response named and the status the client saw.
 *  - written, not delivered: the kill came after the receipt was durable (the gateway had decided
 *    the request: answered or failed) but before the client read the last byte. Allowed; counted.
 *  - never decided: in flight at the kill, no receipt. Allowed: nothing was charged and no counter
 *    moved (the counters are checked against the receipts), and its reservation, if any, is stale.
 *  - orphan: a receipt no client request explains, or a second receipt for one request. Never.
 */

export interface CrashAudit {
  receipts: number;
  delivered: number;
  deliveredMissingReceipt: string[];
  deliveredWrongStatus: string[];
  writtenNotDelivered: { ok: number; failed: number };
  neverDecided: number;
  orphans: string[];
  duplicates: string[];
  badSignatures: string[];
  counterMismatches: string[];
  counters: number;
  /** Days × keys where the daily usage rollup disagrees with the receipts (requests or charged). */
  rollupMismatches: string[];
  staleReservationsReleased: number;
  reservedAfterRelease: number;
  reservationsLeft: number;
  cacheEntriesWithoutReceipt: number;
  integrity: string;
  foreignKeyViolations: number;
}

const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;

/** [start, end) epoch ms of a counter period ('d:YYYY-MM-DD' or 'm:YYYY-MM', IST). */
export function periodRange(period: string): [number, number] {
  if (period.startsWith('m:')) return istMonthRange(period.slice(2));
  const m = /^d:(\d{4})-(\d{2})-(\d{2})$/.exec(period);
  if (!m) throw new Error(`unknown period ${period}`);
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - IST_OFFSET_MS;
  return [start, start + 86_400_000];
}

export async function auditStore(dbPath: string, records: readonly ClientRecord[], tagPrefix: string): Promise<CrashAudit> {
  const opened = await openDatabase(`sqlite:${dbPath}`);
  const { db, sqlite } = opened;
  try {
    if (!sqlite) throw new Error('the crash audit reads SQLite');
    const integrity = (sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>).map((r) => r.integrity_check).join('; ');
    const foreignKeyViolations = (sqlite.pragma('foreign_key_check') as unknown[]).length;

    const rows = await db.selectFrom('receipts').select(['id', 'status', 'charged_uinr', 'created_ms', 'team_id', 'project_id', 'key_id', 'body']).execute();
    const keys = await publicKeyMap(db);
    const byTag = new Map<string, typeof rows>();
    const orphans: string[] = [];
    const badSignatures: string[] = [];
    for (const row of rows) {
      const receipt = JSON.parse(row.body) as { tags: string[] };
      if (!verifyReceipt(receipt, keys).valid) badSignatures.push(row.id);
      const tag = receipt.tags.find((t) => t.startsWith(tagPrefix));
      if (!tag) {
        orphans.push(row.id);
        continue;
      }
      byTag.set(tag, [...(byTag.get(tag) ?? []), row]);
    }

    const audit: CrashAudit = {
      receipts: rows.length,
      delivered: 0,
      deliveredMissingReceipt: [],
      deliveredWrongStatus: [],
      writtenNotDelivered: { ok: 0, failed: 0 },
      neverDecided: 0,
      orphans,
      duplicates: [],
      badSignatures,
      counterMismatches: [],
      counters: 0,
      rollupMismatches: [],
      staleReservationsReleased: 0,
      reservedAfterRelease: 0,
      reservationsLeft: 0,
      cacheEntriesWithoutReceipt: 0,
      integrity,
      foreignKeyViolations,
    };
    const tags = new Set<string>();
    for (const rec of records) {
      tags.add(rec.tag);
      const found = byTag.get(rec.tag) ?? [];
      if (found.length > 1) audit.duplicates.push(rec.tag);
      const row = found[0];
      if (rec.state === 'complete') {
        audit.delivered++;
        if (!row || row.id !== rec.receiptId) {
          audit.deliveredMissingReceipt.push(`${rec.tag} (${rec.receiptId ?? 'no id'})`);
          continue;
        }
        const expected = rec.streamError ? 'error' : rec.httpStatus;
        const ok = rec.streamError ? row.status >= 400 : row.status === expected;
        if (!ok) audit.deliveredWrongStatus.push(`${rec.tag}: client saw ${String(expected)}, receipt says ${row.status}`);
      } else if (row) {
        if (row.status === 200) audit.writtenNotDelivered.ok++;
        else audit.writtenNotDelivered.failed++;
      } else {
        audit.neverDecided++;
      }
    }
    for (const tag of byTag.keys()) if (!tags.has(tag)) audit.orphans.push(`tag ${tag}`);

    // Spend counters equal the receipts they count, per budgeted scope and period.
    const counters = await db.selectFrom('spend_counters').selectAll().execute();
    audit.counters = counters.length;
    for (const c of counters) {
      const [from, to] = periodRange(c.period);
      const column = RECEIPT_SCOPE_COLUMN[c.scope_kind as ScopeKind];
      const sum = rows.filter((r) => r[column] === c.scope_id && Number(r.created_ms) >= from && Number(r.created_ms) < to).reduce((a, r) => a + Number(r.charged_uinr), 0);
      if (sum !== Number(c.spent_uinr)) audit.counterMismatches.push(`${c.scope_kind} ${c.scope_id} ${c.period}: counter ${c.spent_uinr}, receipts ${sum}`);
    }

    // The daily usage rollup equals the receipts, per IST day and key (it is written in the
    // receipt's transaction, so no kill can leave one without the other).
    const fromReceipts = new Map<string, { requests: number; charged: number }>();
    for (const r of rows) {
      const k = `${istDayNumber(Number(r.created_ms))} ${r.key_id}`;
      const seen = fromReceipts.get(k) ?? { requests: 0, charged: 0 };
      fromReceipts.set(k, { requests: seen.requests + 1, charged: seen.charged + Number(r.charged_uinr) });
    }
    const rollup = await db.selectFrom('usage_daily').select(['day', 'key_id', 'requests', 'charged_uinr']).execute();
    const fromRollup = new Map<string, { requests: number; charged: number }>();
    for (const r of rollup) {
      const k = `${r.day} ${r.key_id}`;
      const seen = fromRollup.get(k) ?? { requests: 0, charged: 0 };
      fromRollup.set(k, { requests: seen.requests + Number(r.requests), charged: seen.charged + Number(r.charged_uinr) });
    }
    for (const k of new Set([...fromReceipts.keys(), ...fromRollup.keys()])) {
      const a = fromReceipts.get(k);
      const b = fromRollup.get(k);
      if (a?.requests !== b?.requests || a?.charged !== b?.charged) audit.rollupMismatches.push(`${k}: receipts ${JSON.stringify(a)}, rollup ${JSON.stringify(b)}`);
    }

    // Reservations held by requests the kill cut off are stale: release them all (0 ms), then
    // nothing may remain reserved.
    audit.staleReservationsReleased = await releaseStaleReservations(db, 0);
    const after = await db.selectFrom('spend_counters').select('reserved_uinr').execute();
    audit.reservedAfterRelease = after.reduce((a, r) => a + Number(r.reserved_uinr), 0);
    audit.reservationsLeft = (await db.selectFrom('spend_reservations').select('id').execute()).length;

    // The cache never holds an answer without the receipt that paid for it.
    const entries = await db.selectFrom('cache_entries').select('source_receipt_id').execute();
    const ok200 = new Set(rows.filter((r) => r.status === 200).map((r) => r.id));
    audit.cacheEntriesWithoutReceipt = entries.filter((e) => !ok200.has(e.source_receipt_id)).length;
    return audit;
  } finally {
    await opened.close();
  }
}
