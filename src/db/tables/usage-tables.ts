/**
 * The daily usage rollup (issue 8): receipts summed per IST day and per everything usage can be
 * grouped or filtered by. Maintained in the receipt's own transaction, so it always equals the
 * receipts; usage reports and /v1/key read it instead of summing a month of receipts per call.
 * Nullable receipt columns are stored as '' here: a primary key cannot hold NULL on PostgreSQL.
 */
export interface UsageDailyTable {
  /** IST day number: floor((created_ms + 5h30m) / 1 day). */
  day: number;
  project_id: string;
  key_id: string;
  team_id: string;
  environment: string;
  workload: string;
  model_served: string;
  provider: string;
  serve_mode: string;
  requests: number;
  errors: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  list_cost_uinr: number;
  charged_uinr: number;
  saved_uinr: number;
}

export interface UsageTables {
  usage_daily: UsageDailyTable;
}
