import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/schema.js';
import type { ReceiptFilter } from './usage-params.js';

/** The WHERE clause of a ReceiptFilter; every condition is on an indexed receipts column. */
export function receiptWhere(eb: ExpressionBuilder<Database, 'receipts'>, filter: ReceiptFilter): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [];
  if (filter.fromMs !== undefined) conditions.push(eb('created_ms', '>=', filter.fromMs));
  if (filter.toMs !== undefined) conditions.push(eb('created_ms', '<', filter.toMs));
  if (filter.projectId !== undefined) conditions.push(eb('project_id', '=', filter.projectId));
  if (filter.teamId !== undefined) conditions.push(eb('team_id', '=', filter.teamId));
  if (filter.keyId !== undefined) conditions.push(eb('key_id', '=', filter.keyId));
  return eb.and(conditions);
}

/** The same filter over the daily rollup: IST day numbers [fromDay, toDay) and the id filters. */
export function rollupWhere(
  eb: ExpressionBuilder<Database, 'usage_daily'>,
  filter: Pick<ReceiptFilter, 'projectId' | 'teamId' | 'keyId'>,
  days: { fromDay?: number; toDay?: number },
): Expression<SqlBool> {
  const conditions: Array<Expression<SqlBool>> = [];
  if (days.fromDay !== undefined) conditions.push(eb('day', '>=', days.fromDay));
  if (days.toDay !== undefined) conditions.push(eb('day', '<', days.toDay));
  if (filter.projectId !== undefined) conditions.push(eb('project_id', '=', filter.projectId));
  if (filter.teamId !== undefined) conditions.push(eb('team_id', '=', filter.teamId));
  if (filter.keyId !== undefined) conditions.push(eb('key_id', '=', filter.keyId));
  return eb.and(conditions);
}
