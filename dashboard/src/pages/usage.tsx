import type { ChartConfiguration } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { api } from '../api/client.js';
import type { ApiKey, Project, Session, Team, UsageReport, UsageRow } from '../api/types.js';
import { ChartView, PALETTE } from '../components/chart-view.js';
import { groupLabel } from '../components/labels.js';
import { Money } from '../components/money.js';
import { ErrorNote, Loading } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { addDays, daysBetween } from '../format/ist.js';
import { useI18n } from '../i18n/i18n.js';
import { setQuery } from '../router.js';
import { exportHref, GROUPS, loadUsage, paramsFrom, type UsageData, type UsageParams } from './usage-data.js';
import { StackTable } from '../components/stack-table.js';

const TOP = 5;

interface Option {
  id: string;
  name: string;
}

interface FilterOptions {
  teams: Option[];
  projects: Option[];
  keys: Option[];
}

/** Admins pick from every team, project and key; a project key picks among its project's keys (named by the usage API). */
async function filterOptions(isAdmin: boolean): Promise<FilterOptions> {
  if (isAdmin) {
    const [teams, projects, keys] = await Promise.all([api<{ data: Team[] }>('/v1/admin/teams'), api<{ data: Project[] }>('/v1/admin/projects'), api<{ data: ApiKey[] }>('/v1/admin/keys')]);
    return { teams: teams.data, projects: projects.data, keys: keys.data.filter((k) => k.kind === 'project').map((k) => ({ id: k.id, name: `${k.name} (${k.display})` })) };
  }
  const keys = await api<UsageReport>('/v1/usage', { query: { group_by: 'key' } });
  return { teams: [], projects: [], keys: keys.data.filter((r) => r.group).map((r) => ({ id: r.group!, name: r.name ?? r.group! })) };
}

export function UsagePage({ session, query }: { session: Session; query: URLSearchParams }) {
  const { t } = useI18n();
  const isAdmin = session.key.kind === 'admin';
  const params = paramsFrom(query);
  const options = useAsync(() => filterOptions(isAdmin), [isAdmin]);
  const state = useAsync(() => loadUsage(params), [params.groupBy, params.from, params.to, params.projectId, params.teamId, params.keyId]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('usage.title')}</h1>
      <UsageFilters params={params} options={options.data} isAdmin={isAdmin} />
      <p class="actions">
        <a class="btn" href={exportHref(params, 'csv')} download data-testid="export-csv">
          {t('usage.exportCsv')}
        </a>
        <a class="btn btn-ghost" href={exportHref(params, 'jsonl')} download>
          {t('usage.exportJsonl')}
        </a>
      </p>
      {state.error && <ErrorNote error={state.error} retry={state.reload} />}
      {state.loading && <Loading />}
      {state.data && !state.loading && <UsageBody data={state.data} params={params} />}
    </section>
  );
}

function UsageFilters({ params, options, isAdmin }: { params: UsageParams; options: FilterOptions | undefined; isAdmin: boolean }) {
  const { t } = useI18n();
  const select = (id: string, label: string, value: string, key: string, items: Option[]) => (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => setQuery({ [key]: (e.target as HTMLSelectElement).value })}>
        <option value="">{t('usage.all')}</option>
        {items.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form class="filters card" onSubmit={(e) => e.preventDefault()} aria-label={t('usage.title')}>
      <div class="field">
        <label for="usage-group">{t('usage.groupBy')}</label>
        <select id="usage-group" value={params.groupBy} onChange={(e) => setQuery({ group_by: (e.target as HTMLSelectElement).value })}>
          {GROUPS.map((g) => (
            <option key={g} value={g}>
              {t(`group.${g}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="usage-range">{t('usage.preset')}</label>
        <select
          id="usage-range"
          value={params.preset}
          onChange={(e) => {
            const range = (e.target as HTMLSelectElement).value;
            setQuery(range === 'custom' ? { range, from: params.from, to: params.to } : { range, from: undefined, to: undefined });
          }}
        >
          <option value="7">{t('usage.preset.7')}</option>
          <option value="30">{t('usage.preset.30')}</option>
          <option value="month">{t('usage.preset.month')}</option>
          <option value="custom">{t('usage.preset.custom')}</option>
        </select>
      </div>
      <div class="field">
        <label for="usage-from">{t('usage.from')}</label>
        <input id="usage-from" type="date" value={params.from} onChange={(e) => setQuery({ range: 'custom', from: (e.target as HTMLInputElement).value, to: params.to })} />
      </div>
      <div class="field">
        <label for="usage-to">{t('usage.to')}</label>
        <input id="usage-to" type="date" value={params.to} onChange={(e) => setQuery({ range: 'custom', from: params.from, to: (e.target as HTMLInputElement).value })} />
      </div>
      {isAdmin && select('usage-team', t('usage.team'), params.teamId, 'team_id', options?.teams ?? [])}
      {isAdmin && select('usage-project', t('usage.project'), params.projectId, 'project_id', options?.projects ?? [])}
      {select('usage-key', t('usage.key'), params.keyId, 'key_id', options?.keys ?? [])}
    </form>
  );
}

function bucketLabel(fmt: ReturnType<typeof useI18n>['fmt'], from: string, to: string): string {
  const last = addDays(to, -1);
  return daysBetween(from, last) === 0 ? fmt.day(from) : `${fmt.day(from)}–${fmt.day(last)}`;
}

function UsageBody({ data, params }: { data: UsageData; params: UsageParams }) {
  const { t, fmt } = useI18n();
  const groupName = t(`group.${params.groupBy}`);
  const rows = data.report.data;
  const top = rows.slice(0, TOP);

  const overTime = useMemo<ChartConfiguration>(() => {
    const labels = data.buckets.map((b) => bucketLabel(fmt, b.from, b.to));
    const sum = (list: UsageRow[]) => list.reduce((acc, r) => acc + Number(r.charged_inr), 0);
    const datasets =
      params.groupBy === 'day'
        ? [{ label: t('col.charged'), data: data.series.map(sum), backgroundColor: PALETTE[0] }]
        : [
            ...top.map((g, i) => ({ label: groupLabel(t, params.groupBy, g), data: data.series.map((s) => sum(s.filter((r) => r.group === g.group))), backgroundColor: PALETTE[i % PALETTE.length] })),
            ...(rows.length > TOP
              ? [{ label: t('usage.other'), data: data.series.map((s) => sum(s.filter((r) => !top.some((g) => g.group === r.group)))), backgroundColor: PALETTE[7] }]
              : []),
          ];
    return {
      type: 'bar',
      data: { labels, datasets },
      options: {
        plugins: { legend: { position: 'bottom', display: params.groupBy !== 'day' }, tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''}: ${fmt.inr(c.parsed.y ?? 0)}` } } },
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (v) => fmt.inrTick(Number(v)) } } },
      },
    };
  }, [data, t, fmt]);

  const totals = useMemo<ChartConfiguration>(() => {
    const shown = rows.slice(0, 10);
    return {
      type: 'bar',
      data: { labels: shown.map((r) => groupLabel(t, params.groupBy, r, fmt)), datasets: [{ label: t('col.charged'), data: shown.map((r) => Number(r.charged_inr)), backgroundColor: PALETTE[0] }] },
      options: { indexAxis: 'y', plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => fmt.inr(c.parsed.x ?? 0) } } }, scales: { x: { ticks: { callback: (v) => fmt.inrTick(Number(v)) } } } },
    };
  }, [data, t, fmt]);

  if (rows.length === 0) return <p class="muted">{t('usage.none')}</p>;
  const tot = data.report.totals;
  return (
    <>
      <div class="grid-2">
        <section class="card" aria-labelledby="over-time-title">
          <h2 id="over-time-title">{t('usage.overTime', { group: groupName })}</h2>
          <ChartView config={overTime} label={t('usage.overTime', { group: groupName })} />
          {rows.length > TOP && params.groupBy !== 'day' && <p class="muted small">{t('usage.chartNote', { n: TOP })}</p>}
        </section>
        <section class="card" aria-labelledby="totals-title">
          <h2 id="totals-title">{t('usage.totals', { group: groupName })}</h2>
          <ChartView config={totals} label={t('usage.totals', { group: groupName })} height={Math.max(200, Math.min(10, rows.length) * 34 + 60)} />
        </section>
      </div>
      <section class="card" aria-labelledby="usage-table-title">
        <h2 id="usage-table-title">{t('usage.table', { group: groupName })}</h2>
        <div class="table-wrap">
          <StackTable testId="usage-table">
            <thead>
              <tr>
                <th scope="col">{groupName}</th>
                <th scope="col" class="num">{t('col.requests')}</th>
                <th scope="col" class="num">{t('col.errors')}</th>
                <th scope="col" class="num">{t('col.promptTokens')}</th>
                <th scope="col" class="num">{t('col.completionTokens')}</th>
                <th scope="col" class="num">{t('col.cachedTokens')}</th>
                <th scope="col" class="num">{t('col.listCost')}</th>
                <th scope="col" class="num">{t('col.charged')}</th>
                <th scope="col" class="num">{t('col.saved')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.group ?? '∅'} data-group={r.group ?? ''}>
                  <th scope="row">
                    {groupLabel(t, params.groupBy, r, fmt)}
                    {r.name && r.group && <span class="muted small block">{r.group}</span>}
                  </th>
                  <td class="num">{fmt.int(r.requests)}</td>
                  <td class="num">{fmt.int(r.errors)}</td>
                  <td class="num">{fmt.int(r.prompt_tokens)}</td>
                  <td class="num">{fmt.int(r.completion_tokens)}</td>
                  <td class="num">{fmt.int(r.cached_tokens)}</td>
                  <td class="num">
                    <Money value={r.list_cost_inr} />
                  </td>
                  <td class="num">
                    <Money value={r.charged_inr} />
                  </td>
                  <td class="num">
                    <Money value={r.saved_by_cache_inr} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('usage.total')}</th>
                <td class="num">{fmt.int(tot.requests)}</td>
                <td class="num">{fmt.int(tot.errors)}</td>
                <td class="num">{fmt.int(tot.prompt_tokens)}</td>
                <td class="num">{fmt.int(tot.completion_tokens)}</td>
                <td class="num">{fmt.int(tot.cached_tokens)}</td>
                <td class="num">
                  <Money value={tot.list_cost_inr} />
                </td>
                <td class="num">
                  <Money value={tot.charged_inr} testId="usage-total-charged" />
                </td>
                <td class="num">
                  <Money value={tot.saved_by_cache_inr} />
                </td>
              </tr>
            </tfoot>
          </StackTable>
        </div>
      </section>
    </>
  );
}
