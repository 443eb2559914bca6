import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import type { AuditEntry, Page } from '../api/types.js';
import { ErrorNote, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { StackTable } from '../components/stack-table.js';

/** Admin: the hash-chained audit trail, newest first, filtered by action and target. */
export function AuditPage() {
  const { t, fmt } = useI18n();
  const [action, setAction] = useState('');
  const [target, setTarget] = useState('');
  const [applied, setApplied] = useState({ action: '', target: '' });
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  async function load(from: string | null) {
    setBusy(true);
    setError(null);
    try {
      const page = await api<Page<AuditEntry>>('/v1/admin/audit', { query: { limit: 50, cursor: from, action: applied.action, target: applied.target } });
      setEntries((prev) => [...(from && prev ? prev : []), ...page.data]);
      setCursor(page.next_cursor);
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  }
  useEffect(() => {
    setEntries(null);
    void load(null);
  }, [applied]);

  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title">{t('audit.title')}</h1>
      <p class="muted small">{t('audit.chain')}</p>
      <form
        class="filters card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ action: action.trim(), target: target.trim() });
        }}
      >
        <div class="field">
          <label for="audit-action">{t('audit.action')}</label>
          <input id="audit-action" value={action} placeholder="key.*" onInput={(e) => setAction((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="audit-target">{t('audit.target')}</label>
          <input id="audit-target" value={target} onInput={(e) => setTarget((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field field-button">
          <button type="submit" class="btn">
            {t('audit.filter')}
          </button>
        </div>
      </form>
      {error && <ErrorNote error={error} retry={() => void load(null)} />}
      {!entries && busy && <Loading />}
      {entries && entries.length === 0 && <p class="muted">{t('audit.none')}</p>}
      {entries && entries.length > 0 && (
        <div class="table-wrap card flush">
          <StackTable testId="audit-table">
            <thead>
              <tr>
                <th scope="col" class="num">#</th>
                <th scope="col">{t('col.when')}</th>
                <th scope="col">{t('col.actor')}</th>
                <th scope="col">{t('col.action')}</th>
                <th scope="col">{t('col.target')}</th>
                <th scope="col">{t('col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td class="num">{e.seq}</td>
                  <td class="nowrap">{fmt.dateTime(e.created)}</td>
                  <td class="mono small">{e.actor}</td>
                  <td class="mono">{e.action}</td>
                  <td class="mono small break">{e.target ?? '—'}</td>
                  <td>
                    <details>
                      <summary>{t('col.details')}</summary>
                      <div class="diff">
                        <div>
                          <h4>{t('audit.before')}</h4>
                          <pre class="json small">{e.before === null ? '—' : JSON.stringify(e.before, null, 2)}</pre>
                        </div>
                        <div>
                          <h4>{t('audit.after')}</h4>
                          <pre class="json small">{e.after === null ? '—' : JSON.stringify(e.after, null, 2)}</pre>
                        </div>
                      </div>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </StackTable>
        </div>
      )}
      {cursor && (
        <p>
          <button type="button" class="btn" disabled={busy} onClick={() => void load(cursor)}>
            {t('audit.loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}
