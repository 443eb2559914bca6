/** Tables of budgets and BYOK (issue 5). Money in µINR, times in epoch ms. */

export interface SpendCountersTable {
  scope_kind: 'team' | 'project' | 'key';
  scope_id: string;
  /** 'd:2026-11-30' or 'm:2026-11' (IST). */
  period: string;
  spent_uinr: number;
  reserved_uinr: number;
}

export interface SpendReservationsTable {
  id: string;
  created_ms: number;
  amount_uinr: number;
  /** The counters this reservation holds, as JSON [{scope_kind, scope_id, period}]. */
  counters_json: string;
}

export interface BudgetAlertsTable {
  scope_kind: string;
  scope_id: string;
  period: string;
  threshold_pct: number;
  created_ms: number;
  spent_uinr: number;
  limit_uinr: number;
}

export interface ProviderCredentialsTable {
  project_id: string;
  provider: string;
  api_key_enc: string;
  last4: string;
  base_url: string | null;
  created_ms: number;
  updated_ms: number;
}

export interface RoutesTable {
  project_id: string;
  name: string;
  policy_json: string;
  updated_ms: number;
}

export interface SpendTables {
  routes: RoutesTable;
  spend_counters: SpendCountersTable;
  spend_reservations: SpendReservationsTable;
  budget_alerts: BudgetAlertsTable;
  provider_credentials: ProviderCredentialsTable;
}
