import type { Generated } from 'kysely';
import type { AuditTables } from './tables/audit-tables.js';
import type { DashboardTables } from './tables/dashboard-tables.js';
import type { StatementTables } from './tables/statement-tables.js';
import type { SpendTables } from './tables/spend-tables.js';
import type { UsageTables } from './tables/usage-tables.js';

/**
 * Table types for Kysely. Times are epoch milliseconds, money is integer micro-units
 * (µINR, µUSD), JSON columns are text. One schema for SQLite and PostgreSQL.
 */

export interface TeamsTable {
  id: string;
  name: string;
  gstin: string | null;
  state_code: string | null;
  budget_json: string | null;
  rate_limit_json: string | null;
  created_ms: number;
  deleted_ms: number | null;
}

export interface ProjectsTable {
  id: string;
  team_id: string;
  name: string;
  cache_mode: string;
  canonical_cache: number;
  cache_ttl_seconds: number | null;
  budget_json: string | null;
  rate_limit_json: string | null;
  created_ms: number;
  deleted_ms: number | null;
}

export interface ApiKeysTable {
  id: string;
  kind: 'admin' | 'project';
  project_id: string | null;
  name: string;
  environment: string;
  workload: string | null;
  key_hash: string;
  prefix: string;
  budget_json: string | null;
  rate_limit_json: string | null;
  created_ms: number;
  revoked_ms: number | null;
}

export interface ReceiptsTable {
  id: string;
  request_id: string;
  created_ms: number;
  team_id: string;
  project_id: string;
  key_id: string;
  environment: string;
  workload: string | null;
  model_requested: string;
  model_served: string | null;
  provider: string | null;
  serve_mode: string;
  usage_source: string;
  billing_basis: string;
  status: number;
  error_code: string | null;
  stream: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  list_cost_uinr: number;
  discount_uinr: number;
  charged_uinr: number;
  upstream_cost_uusd: number;
  latency_ms: number;
  source_receipt_id: string | null;
  receipt_hash: string;
  /** The full signed receipt as canonical JSON: the record of truth; the columns above index it. */
  body: string;
}

export interface SigningKeysTable {
  id: string;
  public_key_pem: string;
  private_key_enc: string;
  created_ms: number;
  active: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface CacheEntriesTable {
  key_hash: string;
  kind: string;
  project_id: string;
  provider: string;
  model_id: string;
  canonical_request: string;
  payload_json: string;
  response_hash: string;
  source_receipt_id: string;
  created_ms: number;
  expires_ms: number;
}

export interface Database extends AuditTables, StatementTables, SpendTables, DashboardTables, UsageTables {
  cache_entries: CacheEntriesTable;
  teams: TeamsTable;
  projects: ProjectsTable;
  api_keys: ApiKeysTable;
  receipts: ReceiptsTable;
  signing_keys: SigningKeysTable;
  settings: SettingsTable;
  /** One row (id 1); triggers bump `version` on every change to teams, projects, keys, BYOK credentials (migration 0011). */
  tenancy_version: { id: number; version: number };
  schema_probe: { id: Generated<number> };
}
