import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { ApiKey, Budget, Project, RateLimit, Team } from '../api/types.js';
import { Money } from '../components/money.js';
import { Badge, ErrorNote, Loading } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';
import { RoutesSection } from './routes.js';
import { StackTable } from '../components/stack-table.js';

/** Admin: daily/monthly ₹ caps and rate limits on teams, projects and keys (PATCH {budget, rate_limit}); routing policies. */

type Scope = 'teams' | 'projects' | 'keys';

interface Row {
  id: string;
  name: string;
  budget: Budget | null;
  rate_limit: RateLimit | null;
}

export function BudgetsPage() {
  const { t } = useI18n();
  const [scope, setScope] = useState<Scope>('projects');
  const rows = useAsync(async (): Promise<Row[]> => {
    if (scope === 'teams') return (await api<{ data: Team[] }>('/v1/admin/teams')).data.map((x) => ({ ...x, rate_limit: null }));
    if (scope === 'projects') return (await api<{ data: Project[] }>('/v1/admin/projects')).data;
    return (await api<{ data: ApiKey[] }>('/v1/admin/keys')).data.filter((k) => k.kind === 'project' && !k.revoked).map((k) => ({ ...k, name: `${k.name} (${k.display})` }));
  }, [scope]);
  const [editing, setEditing] = useState<Row | null>(null);
  const [saved, setSaved] = useState(false);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('budgets.title')}</h1>
      <section class="card" aria-labelledby="budgets-list-title">
        <h2 id="budgets-list-title">{t('budgets.list')}</h2>
        <div class="field">
          <label for="budget-scope">{t('budgets.scope')}</label>
          <select
            id="budget-scope"
            value={scope}
            onChange={(e) => {
              setScope((e.target as HTMLSelectElement).value as Scope);
              setEditing(null);
            }}
          >
            <option value="teams">{t('budgets.teams')}</option>
            <option value="projects">{t('budgets.projects')}</option>
            <option value="keys">{t('budgets.keys')}</option>
          </select>
        </div>
        {scope === 'teams' && <p class="muted small">{t('budgets.teamNoRate')}</p>}
        {saved && (
          <p class="note note-good" role="status">
            {t('budgets.saved')}
          </p>
        )}
        {rows.error && <ErrorNote error={rows.error} retry={rows.reload} />}
        {rows.loading && !rows.data && <Loading />}
        <div class="table-wrap">
          <StackTable testId="budgets-table">
            <thead>
              <tr>
                <th scope="col">{t('col.name')}</th>
                <th scope="col" class="num">{t('col.daily')}</th>
                <th scope="col" class="num">{t('col.monthly')}</th>
                <th scope="col">{t('col.budgetMode')}</th>
                {scope !== 'teams' && <th scope="col" class="num">{t('col.rpm')}</th>}
                {scope !== 'teams' && <th scope="col" class="num">{t('col.tpm')}</th>}
                <th scope="col">{t('col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(rows.data ?? []).map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.name}</th>
                  <td class="num">{r.budget?.daily_inr ? <Money value={r.budget.daily_inr} /> : <span class="muted">{t('budgets.none')}</span>}</td>
                  <td class="num">{r.budget?.monthly_inr ? <Money value={r.budget.monthly_inr} /> : <span class="muted">{t('budgets.none')}</span>}</td>
                  <td>{r.budget ? <Badge tone={r.budget.mode === 'hard' ? 'bad' : 'warn'}>{t(`budgets.mode.${r.budget.mode}`)}</Badge> : '—'}</td>
                  {scope !== 'teams' && <td class="num">{r.rate_limit?.rpm ?? '—'}</td>}
                  {scope !== 'teams' && <td class="num">{r.rate_limit?.tpm ?? '—'}</td>}
                  <td>
                    <button
                      type="button"
                      class="btn btn-small"
                      aria-label={t('budgets.editLabel', { name: r.name })}
                      onClick={() => {
                        setSaved(false);
                        setEditing(r);
                      }}
                    >
                      {t('budgets.edit')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </StackTable>
        </div>
        {editing && (
          <BudgetForm
            key={editing.id}
            row={editing}
            scope={scope}
            onDone={(didSave) => {
              setEditing(null);
              setSaved(didSave);
              if (didSave) rows.reload();
            }}
          />
        )}
      </section>
      <RoutesSection />
    </section>
  );
}

function BudgetForm({ row, scope, onDone }: { row: Row; scope: Scope; onDone: (saved: boolean) => void }) {
  const { t } = useI18n();
  const [daily, setDaily] = useState(row.budget?.daily_inr ? String(Number(row.budget.daily_inr)) : '');
  const [monthly, setMonthly] = useState(row.budget?.monthly_inr ? String(Number(row.budget.monthly_inr)) : '');
  const [mode, setMode] = useState<'hard' | 'soft'>(row.budget?.mode ?? 'hard');
  const [rpm, setRpm] = useState(row.rate_limit?.rpm ? String(row.rate_limit.rpm) : '');
  const [tpm, setTpm] = useState(row.rate_limit?.tpm ? String(row.rate_limit.tpm) : '');
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  async function save(budget: unknown, rateLimit: unknown) {
    setError(null);
    try {
      await api(`/v1/admin/${scope}/${encodeURIComponent(row.id)}`, { method: 'PATCH', body: { budget, ...(scope === 'teams' ? {} : { rate_limit: rateLimit }) } });
      onDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }
  const amount = (s: string) => (s.trim() === '' ? null : s.trim());
  const count = (s: string) => (s.trim() === '' ? null : Number(s));

  return (
    <form
      class="card inset"
      aria-labelledby="budget-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ daily_inr: amount(daily), monthly_inr: amount(monthly), mode }, { rpm: count(rpm), tpm: count(tpm) });
      }}
      onKeyDown={(e) => e.key === 'Escape' && onDone(false)}
    >
      <h3 id="budget-form-title">{t('budgets.editing', { name: row.name })}</h3>
      <div class="filters">
        <div class="field">
          <label for="b-daily">{t('budgets.daily')}</label>
          <input id="b-daily" ref={first} inputMode="decimal" pattern="\d+(\.\d{1,6})?" value={daily} onInput={(e) => setDaily((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="b-monthly">{t('budgets.monthly')}</label>
          <input id="b-monthly" inputMode="decimal" pattern="\d+(\.\d{1,6})?" value={monthly} onInput={(e) => setMonthly((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="b-mode">{t('budgets.mode')}</label>
          <select id="b-mode" value={mode} onChange={(e) => setMode((e.target as HTMLSelectElement).value as 'hard' | 'soft')}>
            <option value="hard">{t('budgets.mode.hard')}</option>
            <option value="soft">{t('budgets.mode.soft')}</option>
          </select>
        </div>
        {scope !== 'teams' && (
          <>
            <div class="field">
              <label for="b-rpm">{t('budgets.rpm')}</label>
              <input id="b-rpm" type="number" min={1} inputMode="numeric" value={rpm} onInput={(e) => setRpm((e.target as HTMLInputElement).value)} />
            </div>
            <div class="field">
              <label for="b-tpm">{t('budgets.tpm')}</label>
              <input id="b-tpm" type="number" min={1} inputMode="numeric" value={tpm} onInput={(e) => setTpm((e.target as HTMLInputElement).value)} />
            </div>
          </>
        )}
      </div>
      {error && (
        <p class="note note-error" role="alert">
          {error}
        </p>
      )}
      <p class="actions">
        <button type="submit" class="btn btn-primary">
          {t('budgets.save')}
        </button>
        <button type="button" class="btn btn-ghost" onClick={() => void save(null, null)}>
          {t('budgets.clear')}
        </button>
        <button type="button" class="btn btn-ghost" onClick={() => onDone(false)}>
          {t('budgets.cancel')}
        </button>
      </p>
    </form>
  );
}
