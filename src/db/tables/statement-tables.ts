/** Tables of monthly statements and invoice numbering (issue 5). */

/**
 * An issued tax invoice: one per (team, month), numbered once and frozen. `body` is the
 * statement exactly as issued, so re-fetching it returns the same document even if GST settings
 * or the team's details change later.
 */
export interface StatementsTable {
  id: string;
  team_id: string;
  /** 'YYYY-MM', an IST calendar month. */
  month: string;
  /** 'NM/2627/000001': ≤16 chars, unique per financial year (CGST Rule 46(b)). */
  invoice_number: string;
  /** '2026-27'. */
  financial_year: string;
  serial: number;
  issued_ms: number;
  taxable_uinr: number;
  tax_uinr: number;
  total_uinr: number;
  body: string;
}

/** The last invoice serial used in each financial year; its row is the lock that keeps serials consecutive. */
export interface InvoiceCountersTable {
  financial_year: string;
  last_serial: number;
}

export interface StatementTables {
  statements: StatementsTable;
  invoice_counters: InvoiceCountersTable;
}
