import type SQLite from 'better-sqlite3';

/**
 * Bench-only history for the gateway's SQLite store: copies of the latest receipt, dated within
 * the last second, so the bench project looks like one that has already served `count` requests
 * this month. Budget counters are left alone: the copies change what a period SUM over receipts
 * reads, not what the budget allows.
 */
export function seedReceipts(sqlite: SQLite.Database, count: number): number {
  const columns = (sqlite.prepare('PRAGMA table_info(receipts)').all() as Array<{ name: string }>).map((c) => c.name);
  const value = (c: string) => {
    if (c === 'id') return `r.id || '-seed-' || n.i`;
    if (c === 'request_id') return `r.request_id || '-seed-' || n.i`;
    if (c === 'created_ms') return `r.created_ms - (n.i % 1000)`;
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
