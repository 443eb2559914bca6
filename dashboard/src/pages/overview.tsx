import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { api } from '../api/client.js';
import type { ApiKey, Budget, KeyInfo, Project, Session, Team, UsageReport } from '../api/types.js';
import { ChartView, PALETTE } from '../components/chart-view.js';
import { modeLabel } from '../components/labels.js';
import { Money } from '../components/money.js';
import { BudgetBar } from '../components/progress.js';
import { StatCard } from '../components/stat-card.js';
import { ErrorNote, Loading } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { addDays, istMonthStart, istToday } from '../format/ist.js';
import { useI18n } from '../i18n/i18n.js';

interface BudgetLine {
  scope: string;
  name: string;
  budget: Budget;
  today: string;
  month: string;
}

interface OverviewData {
  today: UsageReport;
  month: UsageReport;
  daily: UsageReport;
  budgets: BudgetLine[];
}

const usage = (query: Record<string, string>) => api<UsageReport>('/v1/usage', { query });

/** Spend of each budgeted team/project/key, from the same usage API the numbers above come from. */
async function adminBudgets(today: string, monthStart: string): Promise<BudgetLine[]> {
  const [teams, projects, keys] = await Promise.all([
    api<{ data: Team[] }>('/v1/admin/teams'),
    api<{ data: Project[] }>('/v1/admin/projects'),
    api<{ data: ApiKey[] }>('/v1/admin/keys'),
  ]);
  const scopes = [
    { scope: 'team' as const, rows: teams.data.filter((x) => x.budget) },
    { scope: 'project' as const, rows: projects.data.filter((x) => x.budget) },
    { scope: 'key' as const, rows: keys.data.filter((x) => x.budget && !x.revoked) },
  ].filter((s) => s.rows.length > 0);
  const lines: BudgetLine[] = [];
  await Promise.all(
    scopes.map(async ({ scope, rows }) => {
      const [d, m] = await Promise.all([usage({ group_by: scope, from: today }), usage({ group_by: scope, from: monthStart })]);
      const spent = (r: UsageReport, id: string) => r.data.find((row) => row.group === id)?.charged_inr ?? '0.000000';
      for (const row of rows) lines.push({ scope, name: row.name, budget: row.budget!, today: spent(d, row.id), month: spent(m, row.id) });
    }),
  );
  return lines;
}

function projectBudgets(info: KeyInfo): BudgetLine[] {
  const lines: BudgetLine[] = [];
  for (const scope of ['key', 'project', 'team'] as const) {
    const budget = info.budgets?.[scope];
    const spend = info.spend?.[scope];
    if (!budget || !spend) continue;
    const name = scope === 'key' ? info.name : scope === 'project' ? (info.project?.name ?? '') : (info.team?.name ?? '');
    lines.push({ scope, name, budget, today: spend.today_inr, month: spend.month_inr });
  }
  return lines;
}

export function OverviewPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const isAdmin = session.key.kind === 'admin';
  const state = useAsync<OverviewData>(async () => {
    const today = istToday();
    const monthStart = istMonthStart();
    const [todayR, monthR, daily, budgets] = await Promise.all([
      usage({ group_by: 'serve_mode', from: today }),
      usage({ group_by: 'serve_mode', from: monthStart }),
      usage({ group_by: 'day', from: addDays(today, -13) }),
      isAdmin ? adminBudgets(today, monthStart) : api<KeyInfo>('/v1/key').then(projectBudgets),
    ]);
    return { today: todayR, month: monthR, daily, budgets };
  }, [isAdmin]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('overview.title')}</h1>
      <p class="muted small">{t('overview.timezone')}</p>
      {state.error && <ErrorNote error={state.error} retry={state.reload} />}
      {state.loading && !state.data && <Loading />}
      {state.data && <OverviewBody data={state.data} isAdmin={isAdmin} />}
    </section>
  );

}

function OverviewBody({ data, isAdmin }: { data: OverviewData; isAdmin: boolean }) {
  const { t, fmt } = useI18n();
  const m = data.month.totals;
  const errorRate = m.requests > 0 ? m.errors / m.requests : 0;
  const dailyConfig = useMemo<ChartConfiguration>(() => {
    const days = Array.from({ length: 14 }, (_, i) => addDays(istToday(), i - 13));
    const byDay = new Map(data.daily.data.map((r) => [r.group, Number(r.charged_inr)]));
    return {
      type: 'bar',
      data: { labels: days.map((d) => fmt.day(d)), datasets: [{ label: t('col.charged'), data: days.map((d) => byDay.get(d) ?? 0), backgroundColor: PALETTE[0] }] },
      options: { plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => fmt.inr(c.parsed.y ?? 0) } } }, scales: { y: { ticks: { callback: (v) => fmt.inrTick(Number(v)) } } } },
    };
  }, [data, t, fmt]);
  const splitConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'doughnut',
      data: {
        labels: data.month.data.map((r) => modeLabel(t, r.group)),
        datasets: [{ data: data.month.data.map((r) => r.requests), backgroundColor: data.month.data.map((r) => (r.group === 'fresh' ? PALETTE[0] : r.group === 'exact_cache' ? PALETTE[2] : PALETTE[4])) }],
      },
      options: { plugins: { legend: { position: 'bottom' } } },
    }),
    [data, t, fmt],
  );
  return (
    <>
      <div class="stats">
        <StatCard label={t('overview.today')} testId="stat-today">
          <Money value={data.today.totals.charged_inr} testId="spend-today" />
        </StatCard>
        <StatCard label={t('overview.month')} testId="stat-month" hint={t('overview.listCost', { amount: fmt.inr(m.list_cost_inr) })}>
          <Money value={m.charged_inr} testId="spend-month" />
        </StatCard>
        <StatCard label={t('overview.saved')} testId="stat-saved">
          <Money value={m.saved_by_cache_inr} testId="saved-month" />
        </StatCard>
        <StatCard label={t('overview.requests')} testId="stat-requests">
          <data value={String(m.requests)} data-testid="requests-month">
            {fmt.int(m.requests)}
          </data>
        </StatCard>
        <StatCard label={t('overview.errorRate')} testId="stat-errors" hint={t('overview.errorsOf', { errors: fmt.int(m.errors), requests: fmt.int(m.requests) })}>
          <data value={String(errorRate)} data-testid="error-rate">
            {fmt.pct(errorRate)}
          </data>
        </StatCard>
      </div>

      <div class="grid-2">
        <section class="card" aria-labelledby="split-title">
          <h2 id="split-title">{t('overview.split')}</h2>
          <ChartView config={splitConfig} label={t('overview.splitChart')} height={200} />
          <div class="table-wrap">
            <table data-testid="split-table">
              <caption class="sr-only">{t('overview.splitChart')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('col.mode')}</th>
                  <th scope="col" class="num">{t('col.requests')}</th>
                  <th scope="col" class="num">{t('col.charged')}</th>
                  <th scope="col" class="num">{t('col.saved')}</th>
                </tr>
              </thead>
              <tbody>
                {data.month.data.map((r) => (
                  <tr key={r.group} data-mode={r.group}>
                    <th scope="row">{modeLabel(t, r.group)}</th>
                    <td class="num">{fmt.int(r.requests)}</td>
                    <td class="num">
                      <Money value={r.charged_inr} />
                    </td>
                    <td class="num">
                      <Money value={r.saved_by_cache_inr} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card" aria-labelledby="daily-title">
          <h2 id="daily-title">{t('overview.daily7')}</h2>
          <ChartView config={dailyConfig} label={t('overview.daily7')} />
        </section>
      </div>

      <section class="card" aria-labelledby="budgets-title">
        <h2 id="budgets-title">{t('overview.budgets')}</h2>
        {data.budgets.length === 0 ? (
          <p class="muted">{isAdmin ? t('overview.noBudgets') : t('overview.noBudgetsProject')}</p>
        ) : (
          <ul class="budget-list">
            {data.budgets.map((b) => (
              <li key={`${b.scope}:${b.name}`}>
                <h3>
                  {b.name} <span class="muted small">· {t(b.scope === 'key' ? 'col.key' : b.scope === 'project' ? 'col.project' : 'col.team')}</span>
                </h3>
                {b.budget.daily_inr !== null && <BudgetBar label={`${b.name} · ${t('overview.daily')}`} spent={b.today} cap={b.budget.daily_inr} />}
                {b.budget.monthly_inr !== null && <BudgetBar label={`${b.name} · ${t('overview.monthly')}`} spent={b.month} cap={b.budget.monthly_inr} />}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
