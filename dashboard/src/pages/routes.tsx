import { useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import type { Project, RouteEntry } from '../api/types.js';
import { Badge, ErrorNote, Loading } from '../components/status.js';
import { useAsync } from '../components/use-async.js';
import { useI18n } from '../i18n/i18n.js';

const EXAMPLE = JSON.stringify({ source: 'any', require: ['tools'], order: 'price', fallbacks: true, max_attempts: 3 }, null, 2);

/** Admin: a project's routing policies (SPEC §8), listed with the config routes it also sees; PUT as JSON, DELETE. */
export function RoutesSection() {
  const { t } = useI18n();
  const projects = useAsync(() => api<{ data: Project[] }>('/v1/admin/projects'), []);
  const [chosen, setChosen] = useState('');
  const projectId = chosen || projects.data?.data[0]?.id || '';
  const routes = useAsync(async () => (projectId ? (await api<{ data: RouteEntry[] }>(`/v1/admin/projects/${encodeURIComponent(projectId)}/routes`)).data : []), [projectId]);
  const [name, setName] = useState('');
  const [policy, setPolicy] = useState(EXAMPLE);
  const [error, setError] = useState<string | null>(null);

  async function put(event: Event) {
    event.preventDefault();
    setError(null);
    let body: unknown;
    try {
      body = JSON.parse(policy);
    } catch {
      setError(t('routes.badJson'));
      return;
    }
    try {
      await api(`/v1/admin/projects/${encodeURIComponent(projectId)}/routes/${encodeURIComponent(name.trim())}`, { method: 'PUT', body });
      setName('');
      routes.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  async function remove(routeName: string) {
    if (!window.confirm(t('routes.confirmDelete', { name: routeName }))) return;
    try {
      await api(`/v1/admin/projects/${encodeURIComponent(projectId)}/routes/${encodeURIComponent(routeName)}`, { method: 'DELETE' });
      routes.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }

  return (
    <section class="card" aria-labelledby="routes-title">
      <h2 id="routes-title">{t('routes.title')}</h2>
      <div class="field">
        <label for="routes-project">{t('routes.project')}</label>
        <select id="routes-project" value={projectId} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
          {(projects.data?.data ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      {routes.error && <ErrorNote error={routes.error} retry={routes.reload} />}
      {routes.loading && !routes.data && <Loading />}
      {routes.data && routes.data.length === 0 && <p class="muted">{t('routes.none')}</p>}
      <ul class="route-list">
        {(routes.data ?? []).map((r) => (
          <li key={`${r.source}:${r.name}`} class="card inset">
            <div class="route-head">
              <strong class="mono">{r.name}</strong> <Badge tone={r.source === 'config' ? 'neutral' : 'info'}>{r.source === 'config' ? t('routes.fromConfig') : t('routes.fromProject')}</Badge>
              {r.source === 'project' && (
                <button type="button" class="btn btn-small btn-danger" aria-label={t('routes.deleteLabel', { name: r.name })} onClick={() => void remove(r.name)}>
                  {t('routes.delete')}
                </button>
              )}
            </div>
            <pre class="json small" tabIndex={0}>
              {JSON.stringify(r.policy, null, 2)}
            </pre>
          </li>
        ))}
      </ul>
      <form class="stack" onSubmit={put}>
        <div class="field">
          <label for="route-name">{t('routes.name')}</label>
          <input id="route-name" required pattern="[a-z0-9][a-z0-9._\-]{0,63}" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for="route-policy">{t('routes.policy')}</label>
          <textarea id="route-policy" class="mono" rows={8} spellcheck={false} value={policy} onInput={(e) => setPolicy((e.target as HTMLTextAreaElement).value)} />
        </div>
        {error && (
          <p class="note note-error" role="alert">
            {error}
          </p>
        )}
        <p>
          <button type="submit" class="btn btn-primary" disabled={!projectId}>
            {t('routes.save')}
          </button>
        </p>
      </form>
    </section>
  );
}
