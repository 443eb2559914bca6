import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import { request } from 'undici';
import { appendAudit } from '../audit/audit-log.js';
import { formatMicro } from '../billing/money.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../observability/logger.js';
import type { CounterState } from './budget-ledger.js';

/**
 * Budget alerts at 50 / 80 / 100 % of a daily or monthly budget (SPEC §7): each fires once per
 * scope, period and threshold (a primary key makes it exactly once, across replicas too), is
 * logged, appended to the audit trail, and POSTed to the configured webhook with retries.
 */

export const ALERT_THRESHOLDS = [50, 80, 100] as const;

export interface AlertWebhook {
  url: string | null;
  secret: string | null;
}

export interface BudgetAlert {
  type: 'budget.threshold';
  scope_kind: string;
  scope_id: string;
  period: string;
  threshold_pct: number;
  mode: 'hard' | 'soft';
  spent_inr: string;
  limit_inr: string;
  at: string;
}

export class BudgetAlerts {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly db: Kysely<Database>, private readonly log: Logger, private readonly webhook: AlertWebhook) {}

  /** Called after a receipt's charge is committed, with the counters it moved. */
  async afterCharge(states: readonly CounterState[], chargedUinr: number, now = Date.now()): Promise<void> {
    if (chargedUinr <= 0) return;
    for (const s of states) {
      const before = s.spentUinr - chargedUinr;
      for (const pct of ALERT_THRESHOLDS) {
        const line = s.limitUinr * pct;
        if (!(before * 100 < line && s.spentUinr * 100 >= line)) continue;
        const inserted = await this.db
          .insertInto('budget_alerts')
          .values({ scope_kind: s.scope_kind, scope_id: s.scope_id, period: s.period, threshold_pct: pct, created_ms: now, spent_uinr: s.spentUinr, limit_uinr: s.limitUinr })
          .onConflict((oc) => oc.columns(['scope_kind', 'scope_id', 'period', 'threshold_pct']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) continue;
        const alert: BudgetAlert = {
          type: 'budget.threshold',
          scope_kind: s.scope_kind,
          scope_id: s.scope_id,
          period: s.period,
          threshold_pct: pct,
          mode: s.mode,
          spent_inr: formatMicro(s.spentUinr),
          limit_inr: formatMicro(s.limitUinr),
          at: new Date(now).toISOString(),
        };
        this.log.warn({ alert }, `budget alert: ${s.scope_kind} ${s.scope_id} reached ${pct}% of its ${s.period.startsWith('d:') ? 'daily' : 'monthly'} budget`);
        await appendAudit(this.db, { actor: 'system', action: 'budget.alert', target: s.scope_id, after: alert });
        this.deliver(alert);
      }
    }
  }

  private deliver(alert: BudgetAlert): void {
    if (!this.webhook.url) return;
    const p = this.post(alert).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  private async post(alert: BudgetAlert): Promise<void> {
    const body = JSON.stringify(alert);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.webhook.secret) headers['x-nextmodel-signature'] = `sha256=${createHmac('sha256', this.webhook.secret).update(body).digest('hex')}`;
    for (let attempt = 1; attempt <= 4; attempt++) {
      try {
        const res = await request(this.webhook.url as string, { method: 'POST', headers, body, headersTimeout: 5000, bodyTimeout: 5000 });
        await res.body.dump();
        if (res.statusCode >= 200 && res.statusCode < 300) return;
        this.log.warn({ status: res.statusCode, attempt }, 'budget alert webhook refused');
      } catch (err) {
        this.log.warn({ err: (err as Error).message, attempt }, 'budget alert webhook failed');
      }
      if (attempt < 4) await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
    this.log.error({ alert }, 'budget alert webhook gave up after 4 attempts');
  }

  /** Resolves when every webhook delivery started so far has finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
