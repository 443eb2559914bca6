import type { PlaceOfSupply, TaxLine } from './gst.js';

/** The monthly statement of one team (SPEC §6), as JSON; the HTML page renders exactly this. */

export interface UsageTotals {
  requests: number;
  /** Upstream list price of the usage, µINR. */
  list_cost_uinr: number;
  /** What the team is charged (the taxable amount before rounding), µINR. */
  charged_uinr: number;
  /** The discount receipts record (cache replays), µINR. */
  saved_uinr: number;
}

/** fresh / exact_cache / canonical_cache always present; any other serve mode under its own name. */
export type ServeModeTotals = Record<string, UsageTotals>;

export interface ProjectLine extends UsageTotals {
  project_id: string;
  name: string;
  by_serve_mode: ServeModeTotals;
}

export interface InvoiceRef {
  number: string;
  /** IST date of issue, 'YYYY-MM-DD'. */
  date: string;
  financial_year: string;
}

export interface Statement {
  object: 'statement';
  team_id: string;
  month: string;
  period: { start: string; end: string; time_zone: 'Asia/Kolkata' };
  /** provisional: the month (plus its closing grace) is not over; figures can change, no invoice. */
  status: 'provisional' | 'final';
  generated: string;
  invoice: InvoiceRef | null;
  supplier: { gstin: string | null; state: PlaceOfSupply | null };
  recipient: { team_id: string; name: string; gstin: string | null; state_code: string | null };
  supply: 'intra_state' | 'inter_state';
  place_of_supply: PlaceOfSupply | null;
  sac: { code: string; description: string };
  reverse_charge: false;
  currency: 'INR';
  projects: ProjectLine[];
  by_serve_mode: ServeModeTotals;
  totals: UsageTotals & {
    /** Σ charged rounded half-up to the paisa: the taxable value. */
    taxable_value_uinr: number;
    /** taxable_value − Σ charged (within ±5000 µINR). */
    rounding_uinr: number;
    taxes: TaxLine[];
    tax_uinr: number;
    total_uinr: number;
  };
  /** The same amounts as ₹ with Indian digit grouping. */
  display: { charged: string; taxable_value: string; taxes: Array<{ head: string; rate_pct: string; amount: string }>; tax: string; total: string; total_in_words: string };
  rounding_rule: string;
  notes: string[];
}
