import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { Page, Receipt } from '../api/types.js';
import { modeLabel, shortId } from '../components/labels.js';
import { Money } from '../components/money.js';
import { Badge, ErrorNote, Loading } from '../components/status.js';
import { addDays, istDayStartIso } from '../format/ist.js';
import { useI18n } from '../i18n/i18n.js';
import { href, setQuery } from '../router.js';
import { StackTable } from '../components/stack-table.js';

/**
 * Receipts, newest first, a page of 100 at a time. The date range is applied by the API; the
 * other filters narrow what has been loaded (the receipts API pages by time only).
 */

interface Loaded {
  receipts: Receipt[];
  cursor: string | null;
}

export function matches(r: Receipt, f: { q: string; model: string; mode: string; status: string }): boolean {
  if (f.model && (r.model_served ?? r.model_requested) !== f.model) return false;
  if (f.mode && r.serve_mode !== f.mode) return false;
  if (f.status === 'ok' && r.status >= 400) return false;
  if (f.status === 'error' && r.status < 400) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const hay = [r.id, r.request_id, r.model_requested, r.model_served ?? '', r.key_id, r.provider ?? '', r.workload ?? '', r.environment, ...r.tags].join(' ').toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

export function ReceiptsPage({ query }: { query: URLSearchParams }) {
  const { t, fmt } = useI18n();
  const f = { q: query.get('q') ?? '', model: query.get('model') ?? '', mode: query.get('mode') ?? '', status: query.get('status') ?? '' };
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(cursor: string | null) {
    setBusy(true);
    setError(null);
    try {
      const page = await api<Page<Receipt>>('/v1/receipts', {
        query: { limit: 100, cursor, from: from ? istDayStartIso(from) : undefined, to: to ? istDayStartIso(addDays(to, 1)) : undefined },
      });
      setLoaded((prev) => ({ receipts: [...(cursor && prev ? prev.receipts : []), ...page.data], cursor: page.next_cursor }));
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    setLoaded(null);
    void load(null);
  }, [from, to]);

  const all = loaded?.receipts ?? [];
  const models = useMemo(() => [...new Set(all.map((r) => r.model_served ?? r.model_requested))].sort(), [all]);
  const shown = all.filter((r) => matches(r, f));
  const input = (key: string) => (e: Event) => setQuery({ [key]: (e.target as HTMLInputElement | HTMLSelectElement).value });

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('receipts.title')}</h1>
      <form class="filters card" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field field-wide">
          <label for="rc-q">{t('receipts.search')}</label>
          <input id="rc-q" type="search" value={f.q} onInput={input('q')} />
        </div>
        <div class="field">
          <label for="rc-model">{t('receipts.model')}</label>
          <select id="rc-model" value={f.model} onChange={input('model')}>
            <option value="">{t('receipts.any')}</option>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rc-mode">{t('receipts.mode')}</label>
          <select id="rc-mode" value={f.mode} onChange={input('mode')}>
            <option value="">{t('receipts.any')}</option>
            {(['fresh', 'exact_cache', 'canonical_cache'] as const).map((m) => (
              <option key={m} value={m}>
                {modeLabel(t, m)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rc-status">{t('receipts.status')}</label>
          <select id="rc-status" value={f.status} onChange={input('status')}>
            <option value="">{t('receipts.any')}</option>
            <option value="ok">{t('receipts.status.ok')}</option>
            <option value="error">{t('receipts.status.error')}</option>
          </select>
        </div>
        <div class="field">
          <label for="rc-from">{t('receipts.from')}</label>
          <input id="rc-from" type="date" value={from} onChange={input('from')} />
        </div>
        <div class="field">
          <label for="rc-to">{t('receipts.to')}</label>
          <input id="rc-to" type="date" value={to} onChange={input('to')} />
        </div>
      </form>
      {error && <ErrorNote error={error} retry={() => void load(null)} />}
      {!loaded && busy && <Loading />}
      {loaded && (
        <>
          <p class="muted small" role="status" aria-live="polite" data-testid="receipts-count">
            {t('receipts.shown', { shown: fmt.int(shown.length), loaded: fmt.int(all.length) })}
          </p>
          {shown.length === 0 ? (
            <p class="muted">{t('receipts.none')}</p>
          ) : (
            <div class="table-wrap card flush">
              <StackTable testId="receipts-table">
                <thead>
                  <tr>
                    <th scope="col">{t('col.when')}</th>
                    <th scope="col">{t('col.id')}</th>
                    <th scope="col">{t('col.model')}</th>
                    <th scope="col" class="hide-sm">{t('col.provider')}</th>
                    <th scope="col">{t('col.mode')}</th>
                    <th scope="col">{t('col.status')}</th>
                    <th scope="col" class="num">{t('col.charged')}</th>
                    <th scope="col" class="num hide-sm">{t('col.latency')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.id} data-receipt={r.id}>
                      <td class="nowrap">{fmt.dateTime(r.created)}</td>
                      <td>
                        <a href={href(`/receipts/${r.id}`)} aria-label={t('receipts.open', { id: r.id })} class="mono">
                          {shortId(r.id)}
                        </a>
                      </td>
                      <td>{r.model_served ?? r.model_requested}</td>
                      <td class="hide-sm">{r.provider ?? '—'}</td>
                      <td>
                        <Badge tone={r.serve_mode === 'fresh' ? 'neutral' : 'good'}>{modeLabel(t, r.serve_mode)}</Badge>
                      </td>
                      <td>
                        <Badge tone={r.status >= 400 ? 'bad' : 'good'}>{r.status}</Badge>
                      </td>
                      <td class="num">
                        <Money value={r.charged_inr} />
                      </td>
                      <td class="num hide-sm">{fmt.ms(r.latency_ms)}</td>
                    </tr>
                  ))}
                </tbody>
              </StackTable>
            </div>
          )}
          {loaded.cursor && (
            <p>
              <button type="button" class="btn" disabled={busy} onClick={() => void load(loaded.cursor)}>
                {t('receipts.loadMore')}
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
