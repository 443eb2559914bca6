import type SQLite from 'better-sqlite3';

/**
 * Bench-only history for the gateway's SQLite store: copies of the latest receipt, 1 ms apart and
 * ending just before it, so the bench project looks like one that has already served `count`
 * requests this month. Dates rise with rowid, as they do when receipts are written as requests
 * arrive: a time-range scan then reads the table in order, not at random. Budget counters are
 * left alone: the copies change what a period SUM over receipts reads, not what the budget allows.
 * The caller rebuilds the daily usage rollup afterwards (gateway-process.ts).
 */
export function seedReceipts(sqlite: SQLite.Database, count: number): number {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`cannot seed ${count} receipts`);
  const columns = (sqlite.prepare('PRAGMA table_info(receipts)').all() as Array<{ name: string }>).map((c) => c.name);
  const value = (c: string) => {
    if (c === 'id') return `r.id || '-seed-' || n.i`;
    if (c === 'request_id') return `r.request_id || '-seed-' || n.i`;
    if (c === 'created_ms') return `r.created_ms - ${count + 1} + n.i`;
    return `r.${c}`;
  };
  const insert = sqlite.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO receipts (${columns.join(', ')})
     SELECT ${columns.map(value).join(', ')} FROM n, (SELECT * FROM receipts ORDER BY rowid DESC LIMIT 1) AS r`,
  );
  return insert.run(count).changes;
}

/** Receipts stored so far: the table is append-only, so its largest rowid counts them. */
export function receiptCount(sqlite: SQLite.Database): number {
  const row = sqlite.prepare('SELECT max(rowid) AS n FROM receipts').get() as { n: number | null };
  return row.n ?? 0;
}
